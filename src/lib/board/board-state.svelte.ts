/**
 * Everything the board page shows, composed from the connection (documents, awareness, status) and
 * the canvas controller. Logic lives in plain modules; this class only exposes it to Svelte.
 */
import type { BoardConnection, ConnectionStatus } from '$lib/sync/board-connection.js';
import type { Session } from '$lib/sync/session.js';
import type { CanvasController, Tool, Viewport } from '$lib/canvas/types.js';
import { readMembers, readBoardInfo, type Member } from '$lib/doc/members.js';
import { readElements, observeElements, type Element } from '$lib/doc/index.js';
import { lockedIds } from '$lib/doc/control.js';
import { readPresence, type Presence } from '$lib/doc/presence.js';
import { presenceColor } from '$lib/shared/colors.js';
import { Subscribed } from './y-snapshot.svelte.js';

export class BoardState {
	readonly session: Session;
	readonly connection: BoardConnection;
	canvas = $state<CanvasController | null>(null);
	selection = $state<ReadonlySet<string>>(new Set());
	tool = $state<Tool>('select');
	viewport = $state<Viewport>({ x: 0, y: 0, scale: 1 });
	editing = $state<string | null>(null);
	panel = $state<'outline' | 'people' | 'share' | 'help' | 'exercises' | 'download' | null>(null);

	readonly #status: Subscribed<ConnectionStatus>;
	readonly #elements: Subscribed<Element[]>;
	readonly #members: Subscribed<Member[]>;
	readonly #presence: Subscribed<Map<number, Presence>>;
	readonly #title: Subscribed<string>;
	readonly #locks: Subscribed<Set<string>>;

	constructor(session: Session, connection: BoardConnection) {
		this.session = session;
		this.connection = connection;
		const { content, server, control, awareness } = connection;
		this.#status = new Subscribed((update) => connection.onStatus(update), () => connection.status());
		this.#elements = new Subscribed((update) => observeElements(content, update), () => readElements(content));
		this.#members = new Subscribed(
			(update) => {
				server.on('update', update);
				return () => server.off('update', update);
			},
			() => readMembers(server)
		);
		this.#title = new Subscribed(
			(update) => {
				server.on('update', update);
				return () => server.off('update', update);
			},
			() => readBoardInfo(server)?.title ?? session.title
		);
		this.#locks = new Subscribed(
			(update) => {
				control.on('update', update);
				return () => control.off('update', update);
			},
			() => lockedIds(control)
		);
		this.#presence = new Subscribed(
			(update) => {
				awareness.on('change', update);
				return () => awareness.off('change', update);
			},
			() => readPresence(awareness.getStates() as Map<number, Record<string, unknown>>, awareness.clientID)
		);
	}

	get me() {
		const { participantId, name, agency, role } = this.session;
		return { id: participantId, name, agency, role, color: presenceColor(participantId) };
	}
	get status() {
		return this.#status.current;
	}
	get elements() {
		return this.#elements.current;
	}
	get members() {
		return this.#members.current;
	}
	get title() {
		return this.#title.current;
	}
	get presence() {
		return this.#presence.current;
	}
	get locks() {
		return this.#locks.current;
	}
	/** People connected now (by presence), one entry per person, me first. */
	get online() {
		const byId = new Map<string, Presence['user']>();
		byId.set(this.me.id, this.me);
		for (const p of this.presence.values()) if (!byId.has(p.user.id)) byId.set(p.user.id, p.user);
		return [...byId.values()];
	}
	get canEdit() {
		return this.session.role !== 'viewer';
	}
	get isFacilitator() {
		return this.session.role === 'facilitator';
	}
}
