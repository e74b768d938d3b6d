/**
 * Everything the board page shows, composed from the connection (documents, awareness, status) and
 * the canvas controller. Logic lives in plain modules; this class only exposes it to Svelte.
 */
import type { BoardConnection, ConnectionStatus } from '$lib/sync/board-connection.js';
import type { Session } from '$lib/sync/session.js';
import type { CanvasController, Tool, Viewport } from '$lib/canvas/types.js';
import { readMembers, readBoardInfo, type Member } from '$lib/doc/members.js';
import { readElements, observeElements, type Element } from '$lib/doc/index.js';
import { readDrafts, readPrivateWriting, readWaiting, type Draft, type PrivateWriting } from '$lib/doc/drafts.js';
import { lockedIds, readAgenda, readFollow, readRules, readTimer, type Agenda, type Follow, type Timer } from '$lib/doc/control.js';
import { checkChange, type BoardRules } from '$lib/doc/policy.js';
import { readElement } from '$lib/doc/read.js';
import type { Role } from '$lib/doc/members.js';
import { isStructuralElement, openSettingsOf } from '$lib/templates/kit/structure.js';
import { TEMPLATE_MODELS } from '$lib/templates/models.js';
import { readPresence, type Presence } from '$lib/doc/presence.js';
import { readCapacity, type Capacity } from '$lib/doc/capacity.js';
import { presenceColor } from '$lib/shared/colors.js';
import { Subscribed } from './y-snapshot.svelte.js';
import { VoteState } from '$lib/vote/vote-state.svelte.js';

export type BoardPanel = 'outline' | 'people' | 'share' | 'help' | 'exercises' | 'facilitate' | 'drafts' | 'vote' | 'download' | 'history';

export class BoardState {
	readonly session: Session;
	readonly connection: BoardConnection;
	canvas = $state<CanvasController | null>(null);
	selection = $state<ReadonlySet<string>>(new Set());
	tool = $state<Tool>('select');
	viewport = $state<Viewport>({ x: 0, y: 0, scale: 1 });
	editing = $state<string | null>(null);
	panel = $state<BoardPanel | null>(null);
	/** How far the server's clock is ahead of this device's (ms): the timer runs on the server's clock. */
	clockOffset = $state(0);
	/** A facilitator is showing everyone what they see ("follow me"). */
	leading = $state(false);
	/** This person has stepped out of following the facilitator. */
	stoppedFollowing = $state(false);
	/** The dot vote: the round and results from the server doc, this person's dots from the API. */
	readonly votes: VoteState;

	readonly #status: Subscribed<ConnectionStatus>;
	readonly #elements: Subscribed<Element[]>;
	readonly #members: Subscribed<Member[]>;
	readonly #presence: Subscribed<Map<number, Presence>>;
	readonly #title: Subscribed<string>;
	readonly #locks: Subscribed<Set<string>>;
	readonly #rules: Subscribed<BoardRules>;
	/** The last change the server did not keep, and why (shown for a few seconds). */
	notice = $state<{ text: string; at: number } | null>(null);
	readonly #agenda: Subscribed<Agenda>;
	readonly #timer: Subscribed<Timer | null>;
	readonly #follow: Subscribed<Follow | null>;
	readonly #private: Subscribed<PrivateWriting | null>;
	readonly #drafts: Subscribed<(Draft & { id: string })[]>;
	readonly #waiting: Subscribed<Map<string, number>>;
	readonly #capacity: Subscribed<Capacity | null>;

	constructor(session: Session, connection: BoardConnection) {
		this.session = session;
		this.connection = connection;
		const { content, server, control, awareness } = connection;
		this.votes = new VoteState(session, server);
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
		const onControl = (update: () => void) => {
			control.on('update', update);
			return () => control.off('update', update);
		};
		this.#agenda = new Subscribed(onControl, () => readAgenda(control));
		this.#rules = new Subscribed(onControl, () => readRules(control));
		this.#timer = new Subscribed(onControl, () => readTimer(control));
		this.#follow = new Subscribed(onControl, () => readFollow(control));
		this.#private = new Subscribed(onControl, () => readPrivateWriting(control));
		const drafts = connection.drafts;
		this.#drafts = new Subscribed(
			(update) => {
				drafts.on('update', update);
				return () => drafts.off('update', update);
			},
			() => readDrafts(drafts)
		);
		this.#waiting = new Subscribed(
			(update) => {
				server.on('update', update);
				return () => server.off('update', update);
			},
			() => readWaiting(server)
		);
		this.#capacity = new Subscribed(
			(update) => {
				server.on('update', update);
				return () => server.off('update', update);
			},
			() => readCapacity(server)
		);
		this.#presence = new Subscribed(
			(update) => {
				awareness.on('change', update);
				return () => awareness.off('change', update);
			},
			() => readPresence(awareness.getStates() as Map<number, Record<string, unknown>>, awareness.clientID)
		);
	}

	/**
	 * Who I am, as presence shows me. Deliberately not reactive (the role is the one I joined with; the server
	 * pins the live one on my presence anyway): reading it must never make a component re-run when people join.
	 */
	get me() {
		const { participantId, name, agency, role } = this.session;
		return { id: participantId, name, agency, role, color: presenceColor(participantId) };
	}
	/** My role now: a facilitator can change it during the workshop (the member list says so first). */
	get role(): Role {
		return this.members.find((m) => m.id === this.session.participantId)?.role ?? this.session.role;
	}
	/** The board's rules: locks, closed, whether participants may change exercise structure. */
	get rules() {
		return this.#rules.current;
	}
	/**
	 * Why I may not change element `id` (the server would refuse it), in words, or null when I may. The same
	 * policy the server enforces (src/lib/doc/policy.ts).
	 */
	refusalFor(id: string): string | null {
		const element = readElement(this.connection.content, id);
		if (!element) return null;
		const ctx = { before: (at: string) => readElement(this.connection.content, at), isStructural: (e: Element) => isStructuralElement(e, TEMPLATE_MODELS), openSettings: (e: Element) => openSettingsOf(e, TEMPLATE_MODELS) };
		return checkChange({ id: this.session.participantId, role: this.role }, { id, before: element, after: element }, this.rules, ctx);
	}
	/** Shows why the server did not keep a change. */
	tell(text: string) {
		this.notice = { text, at: Date.now() };
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
	get agenda() {
		return this.#agenda.current;
	}
	get timer() {
		return this.#timer.current;
	}
	/** The facilitator's "follow me", if on, not mine, and the leader is here (a closed tab leads nobody). */
	get follow() {
		const f = this.#follow.current;
		return f && f.by !== this.me.id && this.online.some((u) => u.id === f.by) ? f : null;
	}
	/** Whether the stored "follow me" is mine (e.g. left over from before I reloaded the page). */
	get followIsMine() {
		return this.#follow.current?.by === this.me.id;
	}
	/** Private writing, when the facilitator has it on. */
	get privateWriting() {
		return this.#private.current;
	}
	/** My private notes (not yet revealed). */
	get drafts() {
		return this.#drafts.current;
	}
	/** How many private notes each person has waiting (participant id → count), as the server publishes it. */
	get waiting() {
		return this.#waiting.current;
	}
	/** How full the board is, as the server publishes it (null until it has said). */
	get capacity() {
		return this.#capacity.current;
	}
	/** Now on the server's clock. */
	serverNow() {
		return Date.now() + this.clockOffset;
	}
	/** People connected now (by presence), one entry per person, me first. */
	get online() {
		const byId = new Map<string, Presence['user']>();
		byId.set(this.me.id, this.me);
		for (const p of this.presence.values()) if (!byId.has(p.user.id)) byId.set(p.user.id, p.user);
		return [...byId.values()];
	}
	get canEdit() {
		const role = this.role;
		return role !== 'viewer' && (role === 'facilitator' || !this.rules.closed);
	}
	get isFacilitator() {
		return this.role === 'facilitator';
	}
}
