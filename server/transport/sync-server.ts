/**
 * The WebSocket side of the server: upgrades `/sync/:boardId/:doc?session=…`, checks the Origin and the
 * session, and hands the socket to `serveConnection`. Auth and storage come in as interfaces.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { z } from 'zod';
import { DocName } from '../../src/lib/doc/schema.js';
import type { Logger } from '../log.js';
import type { Connection, Grant } from './connection-types.js';
import type { RoomRegistry } from './rooms.js';
import { CLOSE } from './close-codes.js';
import { DEFAULT_LIMITS, serveConnection, toBytes, type Limits } from './connection.js';

export type Authorize = (boardId: string, sessionToken: string) => Promise<Grant | null>;

export interface SyncServerOptions {
	rooms: RoomRegistry;
	authorize: Authorize;
	log: Logger;
	limits?: Partial<Limits>;
	/**
	 * Origins a browser may connect from, besides the request's own host: the origin of PUBLIC_URL and
	 * ALLOWED_ORIGINS. Behind a proxy that rewrites Host, the request's host is not the page's.
	 */
	allowedOrigins?: readonly string[];
	/** Open sockets one session may hold at once (a person with a few tabs holds four per tab). */
	maxConnectionsPerSession?: number;
	/** Ping interval for finding dead sockets. */
	heartbeatMs?: number;
}

const SyncPath = z.object({
	boardId: z.string().regex(/^[a-z0-9]{8,40}$/),
	doc: DocName,
	session: z.string().min(16).max(200),
	acks: z.enum(['0', '1']).optional()
});

export function isSyncRequest(req: IncomingMessage): boolean {
	return (req.url ?? '').startsWith('/sync/');
}

export function createSyncServer(options: SyncServerOptions) {
	const limits: Limits = { ...DEFAULT_LIMITS, ...options.limits };
	const { log } = options;
	const wss = new WebSocketServer({ noServer: true, maxPayload: limits.maxFrameBytes, perMessageDeflate: false });
	const alive = new WeakMap<WebSocket, boolean>();
	const allowed = new Set(
		(options.allowedOrigins ?? []).flatMap((o) => {
			try {
				return [new URL(o).origin];
			} catch {
				return [];
			}
		})
	);
	const maxPerSession = options.maxConnectionsPerSession ?? 40;
	/** Live connections by participant, so a removed person's sockets close at once. */
	const byParticipant = new Map<string, Set<Connection>>();

	const heartbeat = setInterval(() => {
		for (const ws of wss.clients) {
			if (alive.get(ws) === false) {
				ws.terminate();
				continue;
			}
			alive.set(ws, false);
			ws.ping();
		}
	}, options.heartbeatMs ?? 30_000);
	heartbeat.unref();

	function originAllowed(req: IncomingMessage): boolean {
		const origin = req.headers.origin;
		// Non-browser clients send no Origin; browsers always do, and that is where cross-site abuse comes from.
		if (!origin) return true;
		try {
			const url = new URL(origin);
			if (url.host === req.headers.host) return true;
			return allowed.has(url.origin);
		} catch {
			return false;
		}
	}

	function handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
		socket.on('error', (error) => log.debug?.({ error }, 'socket error during upgrade'));
		wss.handleUpgrade(req, socket, head, (ws) => {
			alive.set(ws, true);
			ws.on('pong', () => alive.set(ws, true));
			ws.on('error', (error) => log.warn({ error: (error as Error).message }, 'websocket error'));
			// Messages can arrive before authentication finishes; keep them in order, but only a few.
			const early: Uint8Array[] = [];
			let earlyBytes = 0;
			const collect = (raw: Parameters<typeof toBytes>[0]) => {
				const data = toBytes(raw);
				earlyBytes += data.length;
				if (early.length >= limits.maxEarlyFrames || earlyBytes > limits.maxEarlyBytes) {
					log.warn({ frames: early.length, bytes: earlyBytes }, 'closing connection: too many messages before authentication');
					early.length = 0;
					ws.off('message', collect);
					return void ws.close(CLOSE.tooMany.code, 'too many messages before authentication');
				}
				early.push(data);
			};
			ws.on('message', collect);
			void accept(req, ws, early).finally(() => ws.off('message', collect));
		});
	}

	async function accept(req: IncomingMessage, ws: WebSocket, early: Uint8Array[]): Promise<void> {
		const url = new URL(req.url ?? '/', 'http://localhost');
		const [, , boardId = '', doc = ''] = url.pathname.split('/');
		const parsed = SyncPath.safeParse({
			boardId,
			doc,
			session: url.searchParams.get('session') ?? '',
			acks: url.searchParams.get('acks') ?? undefined
		});
		if (!originAllowed(req)) {
			log.warn({ origin: req.headers.origin }, 'refused websocket from another origin');
			return void ws.close(CLOSE.forbidden.code, 'origin not allowed');
		}
		if (!parsed.success) {
			const notFound = parsed.error.issues.some((i) => i.path[0] === 'doc' || i.path[0] === 'boardId');
			const close = notFound ? CLOSE.notFound : CLOSE.unauthorised;
			return void ws.close(close.code, close.reason);
		}
		let grant: Grant | null;
		try {
			grant = await options.authorize(parsed.data.boardId, parsed.data.session);
		} catch (error) {
			log.error({ error }, 'authorisation failed');
			return void ws.close(1011, 'try again');
		}
		if (!grant || grant.boardId !== parsed.data.boardId) {
			return void ws.close(CLOSE.unauthorised.code, CLOSE.unauthorised.reason);
		}
		if (ws.readyState !== ws.OPEN) return;
		const key = `${grant.boardId}/${grant.participantId}`;
		const mine = byParticipant.get(key) ?? new Set<Connection>();
		if (mine.size >= maxPerSession) {
			log.warn(
				{ board: grant.boardId, participant: grant.participantId, open: mine.size },
				'closing connection: too many open for one person'
			);
			return void ws.close(CLOSE.tooMany.code, 'too many connections for one person; close some tabs');
		}
		const connection = serveConnection(
			ws,
			{ boardId: parsed.data.boardId, docName: parsed.data.doc, grant, wantsAcks: parsed.data.acks === '1' },
			{
				rooms: options.rooms,
				log,
				limits,
				onClose: (closed) => {
					mine.delete(closed);
					if (mine.size === 0 && byParticipant.get(key) === mine) byParticipant.delete(key);
				}
			},
			early.splice(0)
		);
		mine.add(connection);
		byParticipant.set(key, mine);
	}

	/** Closes every socket of a person on a board (removed, or their role changed), with `code`. */
	function disconnect(boardId: string, participantId: string, close: { code: number; reason: string }): number {
		const mine = byParticipant.get(`${boardId}/${participantId}`);
		if (!mine) return 0;
		const all = [...mine];
		for (const connection of all) connection.close(close.code, close.reason);
		return all.length;
	}

	return {
		handleUpgrade,
		disconnect,
		get clientCount() {
			return wss.clients.size;
		},
		async close(): Promise<void> {
			clearInterval(heartbeat);
			for (const ws of wss.clients) ws.close(CLOSE.shuttingDown.code, CLOSE.shuttingDown.reason);
			await new Promise<void>((resolve) => wss.close(() => resolve()));
		}
	};
}

export type SyncServer = ReturnType<typeof createSyncServer>;
