/**
 * Capability and session tokens: 256 random bits, base64url. Only their SHA-256 is stored, so a leaked
 * database does not leak working links. (Tokens are high-entropy, so a fast hash is the right tool;
 * password hashing exists for low-entropy secrets.)
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export function newToken(): string {
	return randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
	return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function sameHash(a: string, b: string): boolean {
	const x = Buffer.from(a, 'hex');
	const y = Buffer.from(b, 'hex');
	return x.length === y.length && timingSafeEqual(x, y);
}
