/**
 * Close codes. y-websocket stops reconnecting on 4400-4499, so every refusal that a retry cannot fix
 * uses that range, mirroring HTTP.
 */
export const CLOSE = {
	malformed: { code: 4400, reason: 'malformed or unreadable message' },
	unauthorised: { code: 4401, reason: 'session not valid for this board; join again' },
	forbidden: { code: 4403, reason: 'not allowed' },
	notFound: { code: 4404, reason: 'no such board or document' },
	tooLarge: { code: 4413, reason: 'message too large' },
	tooMany: { code: 4429, reason: 'too many messages; slow down' },
	shuttingDown: { code: 1001, reason: 'server restarting' }
} as const;
