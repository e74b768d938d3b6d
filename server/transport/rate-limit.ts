/** A token bucket: `capacity` tokens at once, refilled at `perSecond`. Pure apart from the clock. */
export interface Bucket {
	tokens: number;
	updatedAt: number;
}

export function createBucket(capacity: number, now = Date.now()): Bucket {
	return { tokens: capacity, updatedAt: now };
}

/** Takes `cost` tokens (one by default); false, taking none, when the bucket holds fewer. */
export function take(bucket: Bucket, capacity: number, perSecond: number, now = Date.now(), cost = 1): boolean {
	bucket.tokens = Math.min(capacity, bucket.tokens + ((now - bucket.updatedAt) / 1000) * perSecond);
	bucket.updatedAt = now;
	if (bucket.tokens < cost) return false;
	bucket.tokens -= cost;
	return true;
}

/** How long until `cost` tokens are available, in ms (0 when they are now). */
export function waitFor(bucket: Bucket, capacity: number, perSecond: number, now = Date.now(), cost = 1): number {
	const tokens = Math.min(capacity, bucket.tokens + ((now - bucket.updatedAt) / 1000) * perSecond);
	return tokens >= cost ? 0 : Math.ceil(((cost - tokens) / perSecond) * 1000);
}
