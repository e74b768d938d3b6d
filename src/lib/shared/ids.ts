/**
 * Identifiers for elements, participants and boards.
 * Ids are kebab-safe lowercase base-36 strings from the platform CSPRNG, so two peers
 * creating elements at the same moment never collide (96 bits by default).
 */
const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

/**
 * Returns a random id of `length` base-36 characters (about 5.17 bits each).
 * @example newId() // 'k3v9x0q2m1zt5b7c8d'
 */
export function newId(length = 18): string {
	const bytes = new Uint8Array(length);
	globalThis.crypto.getRandomValues(bytes);
	let out = '';
	// 252 is the largest multiple of 36 below 256: rejecting above it keeps the draw unbiased.
	for (let i = 0; out.length < length; i++) {
		if (i >= bytes.length) {
			globalThis.crypto.getRandomValues(bytes);
			i = 0;
		}
		if (bytes[i] < 252) out += ALPHABET[bytes[i] % 36];
	}
	return out;
}
