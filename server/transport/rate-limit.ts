/** A token bucket: `capacity` messages at once, refilled at `perSecond`. Pure apart from the clock. */
export interface Bucket {
	tokens: number;
	updatedAt: number;
}

export function createBucket(capacity: number, now = Date.now()): Bucket {
	return { tokens: capacity, updatedAt: now };
}

/** Takes one token; false when the bucket is empty. */
export function take(bucket: Bucket, capacity: number, perSecond: number, now = Date.now()): boolean {
	bucket.tokens = Math.min(capacity, bucket.tokens + ((now - bucket.updatedAt) / 1000) * perSecond);
	bucket.updatedAt = now;
	if (bucket.tokens < 1) return false;
	bucket.tokens -= 1;
	return true;
}
