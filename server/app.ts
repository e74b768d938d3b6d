/**
 * The composition root: builds the server from injected parts. `main.ts` calls it with the parts the
 * configuration chooses; tests call it with temporary stores on a free port.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from './log.js';
import type { Store } from './persistence/types.js';
import type { RoomBus } from './scale-out/types.js';
import { createRoomRegistry, type RoomRegistry } from './transport/rooms.js';
import { createSyncServer, isSyncRequest, type SyncServer } from './transport/sync-server.js';
import type { Limits } from './transport/connection.js';
import { createSessionAuthorizer } from './auth/authorizer.js';
import { createBoardService } from './boards/service.js';
import { withWaitingCounts } from './boards/reveal.js';
import { createApi } from './http/api.js';
import { createVoteService } from './votes/service.js';
import { TEMPLATE_MODELS } from '../src/lib/templates/models.js';
import type { TemplateModel } from '../src/lib/templates/kit/model.js';
import { setSecurityHeaders } from './http/headers.js';
import type * as Y from 'yjs';
import { createContentGuard } from './transport/content-guard.js';
import { FROM_BUS, FROM_SERVER } from './transport/room.js';
import { migrateBoard } from '../src/lib/templates/kit/migrate.js';
import type { Connection } from './transport/connection-types.js';
import { createHistoryService, type HistoryService } from './history/service.js';
import { onPhaseChange } from '../src/lib/doc/control.js';
import { readRules } from '../src/lib/doc/control.js';
import type { BoardRules } from '../src/lib/doc/policy.js';
import { isStructuralElement, openSettingsOf, templateDataValid } from '../src/lib/templates/kit/structure.js';
import { DEFAULT_RATES, RateSpec, type RateLimit, type RateName } from './http/rate-limits.js';
import { HttpError, sendError } from './http/respond.js';
import { createExporter } from './exports/exporter.js';
import { createCompactor } from './compaction/compactor.js';
import { DEFAULT_LIMITS } from './transport/connection.js';
import { capacityOf, writeCapacity } from '../src/lib/doc/capacity.js';
import type { Room } from './transport/room.js';
import { createBoardDeleter, guardDeletedBoards } from './boards/deletion.js';
import { DAY_MS, startRetention, type Retention } from './boards/retention.js';

export type RequestHandler = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

export interface AppOptions {
	store: Store;
	bus: RoomBus;
	log: Logger;
	publicUrl?: string;
	/** The SvelteKit handler (adapter-node's `handler`), absent in API-only tests and in dev. */
	pages?: RequestHandler;
	roomGraceMs?: number;
	compactAfter?: number;
	compactIntervalMs?: number;
	limits?: Partial<Limits>;
	/** Templates boards can be created with (default: all of them). */
	templates?: readonly TemplateModel[];
	/** How long after a vote is published to re-read the store and correct a stale copy (scale-out); 0 = never. */
	voteSettleMs?: number;
	/** Rate limits of the HTTP API (null: off); defaults in http/rate-limits.ts. */
	rates?: Partial<Record<RateName, RateLimit | null>>;
	/** Reverse proxies in front whose X-Forwarded-For is trusted (0: use the socket's address). */
	trustProxy?: number;
	/** Browser origins allowed to open WebSockets besides the request's host (PUBLIC_URL's origin is added). */
	allowedOrigins?: readonly string[];
	/** A session unused this long stops working (default 30 days). */
	sessionIdleMs?: number;
	/** People a board may hold (default 1000). */
	maxMembers?: number;
	/** Worker threads that make export files (default: cores − 1, at least 1, at most 2). */
	exportWorkers?: number;
	/**
	 * Worker threads that build rooms' snapshots when they compact (default 1). 0 builds them on the event loop:
	 * never set in production; it exists for comparison in the benchmarks.
	 */
	compactionWorkers?: number;
	/**
	 * false: `content` takes any well-formed update, as before the board's rules were enforced (issue 12), and
	 * keeps no history of it (the guard carries history's hooks). Never set in production; it exists so the sync
	 * benchmark can measure what the guard costs.
	 */
	contentRules?: boolean;
	/** How long history is kept, and how often activity is snapshotted (defaults in history/service.ts); `now` for tests that move the clock. */
	history?: { snapshotRetentionMs?: number; deletedRetentionMs?: number; periodicMs?: number; now?: () => number };
	/** Delete boards nobody has used for this many days (BOARD_RETENTION_DAYS); off when absent. */
	retentionDays?: number;
}

/**
 * Who made a change, for history: a person's name, null for the server itself, or undefined for a change that
 * came from another server process (that process records it).
 */
function madeBy(origin: unknown): string | null | undefined {
	if (origin === FROM_BUS) return undefined;
	if (origin && typeof origin === 'object' && 'grant' in origin) return (origin as Connection).grant.name;
	return null;
}

function defaultRates(): Record<RateName, RateLimit | null> {
	return Object.fromEntries(Object.entries(DEFAULT_RATES).map(([name, text]) => [name, RateSpec.parse(text)])) as Record<
		RateName,
		RateLimit | null
	>;
}

export interface App {
	rooms: RoomRegistry;
	sync: SyncServer;
	/** The retention sweep when BOARD_RETENTION_DAYS is set (tests call `sweep(now)` themselves). */
	retention: Retention | null;
	/** Handles API requests and pages. */
	handle(req: IncomingMessage, res: ServerResponse, next?: () => void): void;
	/** Handles `/sync/...` upgrades; returns false for other upgrades. */
	upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean;
	close(): Promise<void>;
}

export function createApp(options: AppOptions): App {
	const { store, bus, log } = options;
	// Once a board is being deleted, nothing of it is written again (boards/deletion.ts).
	const deletion = guardDeletedBoards(store, log);
	// Private writing: the server doc tells the facilitator how many notes each person has waiting.
	const models = options.templates ?? TEMPLATE_MODELS;
	// How full each board's content is, published in its server doc whenever the whole per cent changes, so the
	// app can say so before the cap (the same for building and exporting) is reached.
	const maxDocBytes = options.limits?.maxDocBytes ?? DEFAULT_LIMITS.maxDocBytes;
	const published = new WeakMap<Room, number>();
	const publishCapacity = (room: Room) => {
		const capacity = capacityOf(room.size, maxDocBytes);
		// Nothing is written for a board under 1% full (most boards, always): no record reads as empty. Checked before
		// the room's name, as this runs for every update.
		if ((published.get(room) ?? 0) === capacity.percent) return;
		const board = /^([a-z0-9]+)\/content$/.exec(room.name)?.[1];
		if (!board) return;
		published.set(room, capacity.percent);
		rooms
			.change(`${board}/server`, (doc) => writeCapacity(doc, capacity))
			.catch((error) => log.warn({ board, error }, 'could not publish how full the board is'));
	};
	// History needs the rooms and the rooms' guards tell history what changed: bound once both exist.
	let history: HistoryService | null = null;
	// The board's rules on content, for every connection (src/lib/doc/policy.ts), and its history.
	const guardOf = (boardId: string, content: Y.Doc, control: Y.Doc) => {
		// The rules change only when the control document does: read once per change of it, not once per update
		// (a busy room checks many updates between two changes of the rules).
		let rules: BoardRules | null = null;
		const forgetRules = () => {
			rules = null;
		};
		control.on('update', forgetRules);
		const guard = createContentGuard(content, {
			rules: () => (rules ??= readRules(control)),
			isStructural: (element) => isStructuralElement(element, models),
			openSettings: (element) => openSettingsOf(element, models),
			valid: (element) => templateDataValid(element, models),
			changed: ({ removed, origin }) => {
				const by = madeBy(origin);
				if (by !== undefined) history?.changed(boardId, removed, by);
			}
		});
		const stopPhases = onPhaseChange(control, (phase, origin) => {
			const by = madeBy(origin);
			if (by !== undefined)
				void history
					?.snapshot(boardId, 'phase', { label: `At the start of “${phase}”`, by })
					.catch((error) => log.error({ board: boardId, error }, 'could not take a snapshot'));
		});
		return { ...guard, destroy: () => (control.off('update', forgetRules), stopPhases(), guard.destroy()) };
	};
	// Compactions build their snapshots in a worker thread; closed after the rooms, whose unloading compacts them.
	const compactor = createCompactor({
		workers: options.compactionWorkers,
		onError: (error) => log.error({ error }, 'the compaction worker failed')
	});
	const rooms = withWaitingCounts(
		createRoomRegistry({
			guard: options.contentRules === false ? undefined : guardOf,
			// Template frames saved by an older version of their template are migrated once, here, where every
			// client sees the same result (docs/decisions.md, "Template data versions").
			prepare: (boardId, content) => {
				for (const m of migrateBoard(content, models, FROM_SERVER)) log.info({ board: boardId, ...m }, 'migrated a template frame');
			},
			store: deletion.docs,
			bus: deletion.roomBus(bus),
			log,
			compactAfter: options.compactAfter ?? 300,
			compactor,
			onResize: publishCapacity,
			graceMs: options.roomGraceMs ?? 30_000,
			compactIntervalMs: options.compactIntervalMs ?? 60_000
		}),
		log
	);
	const authorize = createSessionAuthorizer(store.boards, { idleMs: options.sessionIdleMs ?? 30 * 24 * 60 * 60 * 1000, log });
	const allowedOrigins = [...(options.allowedOrigins ?? []), ...(options.publicUrl ? [options.publicUrl] : [])];
	const sync = createSyncServer({ rooms, authorize, log, limits: options.limits, allowedOrigins });
	// A removal closes the person's sockets here and, through the bus, in every other process.
	const disconnect = (boardId: string, participantId: string, close: { code: number; reason: string }) => {
		sync.disconnect(boardId, participantId, close);
		bus.publishEvent({ type: 'disconnect', boardId, participantId, ...close });
	};
	const deleter = createBoardDeleter({ store, guard: deletion, bus, disconnect, log });
	const stopEvents = bus.onEvent((event) => {
		if (event.type === 'disconnect') sync.disconnect(event.boardId, event.participantId, { code: event.code, reason: event.reason });
		else
			void deleter
				.deleteAgain(event.boardId)
				.catch((error) => log.error({ board: event.boardId, error }, 'could not finish deleting a board another process deleted'));
	});
	const boards = createBoardService({
		boards: store.boards,
		rooms,
		templates: models,
		disconnect,
		maxMembers: options.maxMembers,
		deleter
	});
	const retention = options.retentionDays ? startRetention({ store, deleter, log, retainMs: options.retentionDays * DAY_MS }) : null;
	const votes = createVoteService({ votes: store.votes, rooms, log, settleMs: options.voteSettleMs });
	const exporter = createExporter({ workers: options.exportWorkers, onError: (error) => log.error({ error }, 'an export worker failed') });
	history = createHistoryService({
		history: deletion.history,
		rooms,
		log,
		templates: models,
		snapshotRetentionMs: options.history?.snapshotRetentionMs,
		deletedRetentionMs: options.history?.deletedRetentionMs,
		periodicMs: options.history?.periodicMs,
		now: options.history?.now
	});
	const boardHistory = history;
	const api = createApi({
		boards,
		templates: models,
		rooms,
		authorize,
		log,
		publicUrl: options.publicUrl,
		votes,
		history: boardHistory,
		rates: { ...defaultRates(), ...options.rates },
		trustProxy: options.trustProxy ?? 0,
		exporter
	});

	return {
		rooms,
		sync,
		retention,
		handle(req, res, next) {
			setSecurityHeaders(res);
			api(req, res)
				.then((handled) => {
					if (handled) return;
					if (options.pages) options.pages(req, res, () => notFound(res));
					else if (next) next();
					else notFound(res);
				})
				.catch((error) => {
					log.error({ error }, 'unhandled request error');
					if (!res.headersSent) sendError(res, new HttpError(500, 'internal', 'Something went wrong on the server.'));
				});
		},
		upgrade(req, socket, head) {
			if (!isSyncRequest(req)) return false;
			sync.handleUpgrade(req, socket, head);
			return true;
		},
		async close() {
			retention?.stop();
			stopEvents();
			await boardHistory.close();
			await votes.close();
			await exporter.close();
			await sync.close();
			await rooms.close();
			await compactor.close();
			await bus.close();
			await store.close();
		}
	};
}

function notFound(res: ServerResponse): void {
	sendError(res, new HttpError(404, 'not_found', 'Not found'));
}

/** An HTTP server for the app, listening on `port` (0 for a free one). */
export async function listen(app: App, port: number, host = '127.0.0.1'): Promise<{ server: Server; port: number; url: string }> {
	const server = createServer((req, res) => app.handle(req, res));
	// Longer than the usual 60 s idle timeout of proxies and clients' pools, so the server is never the one to
	// close an idle connection at the moment a client reuses it (a spurious ECONNRESET).
	server.keepAliveTimeout = 65_000;
	server.headersTimeout = 66_000;
	server.on('upgrade', (req, socket, head) => {
		if (!app.upgrade(req, socket, head)) socket.destroy();
	});
	server.on('clientError', (_error, socket) => socket.destroy());
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, host, () => resolve());
	});
	const address = server.address();
	const actual = typeof address === 'object' && address ? address.port : port;
	const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
	return { server, port: actual, url: `http://${shownHost}:${actual}` };
}
