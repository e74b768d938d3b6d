/**
 * Security headers for every response. Pages get their Content-Security-Policy from SvelteKit
 * (`kit.csp` hashes its inline bootstrap); everything else gets a locked-down one here.
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
	// SvelteKit replaces this on pages with its own policy (same frame-ancestors 'none').
	res.setHeader('content-security-policy', API_CSP);
}
