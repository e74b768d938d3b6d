/**
 * Security headers for every response. Pages get their Content-Security-Policy from SvelteKit
 * (`kit.csp` hashes its inline bootstrap); API responses get a locked-down one here.
 */
import type { ServerResponse } from 'node:http';

export const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'";

export function setSecurityHeaders(res: ServerResponse): void {
	res.setHeader('x-content-type-options', 'nosniff');
	res.setHeader('x-frame-options', 'DENY');
	res.setHeader('referrer-policy', 'no-referrer');
	res.setHeader('cross-origin-opener-policy', 'same-origin');
	res.setHeader('cross-origin-resource-policy', 'same-origin');
	res.setHeader('permissions-policy', 'camera=(), microphone=(), geolocation=(), payment=()');
}

/**
 * The API's own policy. Pages get theirs from SvelteKit, and must not get this one as a default: a 304
 * for a page carries no policy of SvelteKit's, and the browser would merge this one into its cached page.
 */
export function setApiPolicy(res: ServerResponse): void {
	res.setHeader('content-security-policy', API_CSP);
}
