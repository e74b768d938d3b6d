/**
 * Everything the board page shows, composed from the connection (documents, awareness, status) and
 * the canvas controller. Logic lives in plain modules; this class only exposes it to Svelte.
 */
import type { BoardConnection, ConnectionStatus } from '$lib/sync/board-connection.js';
import type { Session } from '$lib/sync/session.js';
import type { CanvasController, Tool, Viewport } from '$lib/canvas/types.js';
import { readMembers, readBoardInfo, type Member } from '$lib/doc/members.js';
import { type Element } from '$lib/doc/index.js';
import { ElementIndex, type FrameLayout } from '$lib/doc/element-index.js';
import type { Annotations } from '$lib/canvas/annotations.js';
import type { PlacementRules } from '$lib/doc/placement.js';
import { readDrafts, readPrivateWriting, readWaiting, type Draft, type PrivateWriting } from '$lib/doc/drafts.js';
import {
	lockedIds,
	readAgenda,
	readFollow,
	readReadyCheck,
	readRules,
	readTimer,
	type Agenda,
	type Follow,
	type ReadyCheck,
	type Timer
} from '$lib/doc/control.js';
import { readyStatus, type ReadyStatus } from './ready.js';
import type { Moment } from './moments.js';
import { checkChange, type BoardRules } from '$lib/doc/policy.js';
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
	/** Where elements land and what drawn links mean: given to every command that places elements. */
	readonly placement: PlacementRules;
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
	/**
	 * The board's elements, kept up to date change by change (a remote move re-reads one note, not the
	 * board). The canvas and the board's upkeep read it too.
	 */
	readonly index: ElementIndex;
	/**
	 * What the host knows about elements beyond the document (the canvas's `host.annotations`: vote dots on
	 * cards, the loop worker's analyses on causal-loop frames), for panels to read as the canvas does. Set once
	 * by Board.svelte.
	 */
	annotations: Annotations | null = null;

	readonly #status: Subscribed<ConnectionStatus>;
	readonly #elements: Subscribed<Element[]>;
	readonly #members: Subscribed<Member[]>;
	readonly #presence: Subscribed<Map<number, Presence>>;
	readonly #title: Subscribed<string>;
	readonly #locks: Subscribed<Set<string>>;
	readonly #rules: Subscribed<BoardRules>;
	/** The last change the server did not keep, and why (shown for a few seconds). */
	notice = $state<{ text: string; at: number } | null>(null);
	/** The facilitator's last moment everyone is told about (moments.ts), until it is read or replaced. */
	moment = $state<(Moment & { at: number }) | null>(null);
	/** The ready-check round I said "I'm done" in (in my presence too), or null. */
	done = $state<string | null>(null);
	readonly #ready: Subscribed<ReadyCheck>;
	readonly #agenda: Subscribed<Agenda>;
	readonly #timer: Subscribed<Timer | null>;
	readonly #follow: Subscribed<Follow | null>;
	readonly #private: Subscribed<PrivateWriting | null>;
	readonly #drafts: Subscribed<(Draft & { id: string })[]>;
	readonly #waiting: Subscribed<Map<string, number>>;
	readonly #capacity: Subscribed<Capacity | null>;

	constructor(session: Session, connection: BoardConnection, placement: PlacementRules) {
		this.session = session;
		this.connection = connection;
		this.placement = placement;
		const { content, server, control, awareness } = connection;
		this.votes = new VoteState(session, server);
		this.#status = new Subscribed(
			(update) => connection.onStatus(update),
			() => connection.status()
		);
		this.index = new ElementIndex(content);
		this.#elements = new Subscribed(
			(update) => this.index.onChange(update),
			() => this.index.all()
		);
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
		this.#ready = new Subscribed(onControl, () => readReadyCheck(control));
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
		const element = this.index.get(id);
		if (!element) return null;
		const ctx = {
			before: (at: string) => this.index.get(at),
			isStructural: (e: Element) => isStructuralElement(e, TEMPLATE_MODELS),
			openSettings: (e: Element) => openSettingsOf(e, TEMPLATE_MODELS)
		};
		return checkChange({ id: this.session.participantId, role: this.role }, { id, before: element, after: element }, this.rules, ctx);
	}
	/** Shows why the server did not keep a change. */
	tell(text: string) {
		this.notice = { text, at: Date.now() };
	}
	get status() {
		return this.#status.current;
	}
	/** Every element in z-order (a new array after each change; reading it subscribes to every change). */
	get elements() {
		return this.#elements.current;
	}
	/** One element as the board has it now (reactive: re-read after each change). */
	element(id: string): Element | null {
		void this.#elements.current;
		return this.index.get(id);
	}
	/**
	 * A frame's boxes and the links between them, as the board has them now (reactive like `element`): the
	 * same lists for every view until the next change (`ElementIndex.contentsOf`).
	 */
	contentsOf(frameId: string): FrameLayout {
		void this.#elements.current;
		return this.index.contentsOf(frameId);
	}
	/** The elements of `ids` that exist, in the order given (reactive like `element`). */
	elementsOf(ids: Iterable<string>): Element[] {
		void this.#elements.current;
		const out: Element[] = [];
		for (const id of ids) {
			const el = this.index.get(id);
			if (el) out.push(el);
		}
		return out;
	}
	/** Stops keeping the index (the board page is closing). */
	destroy() {
		this.index.destroy();
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
	/** The ready check's current round (a facilitator clearing it starts a new one). */
	get readyCheck() {
		return this.#ready.current;
	}
	/** Whether I said "I'm done" in the current round of the ready check. */
	get iAmDone() {
		return this.done === this.readyCheck.id;
	}
	/** Says (or takes back) "I'm done" in the current round: in my presence, where everyone sees it. */
	setDone(on: boolean) {
		this.done = on ? this.readyCheck.id : null;
		this.connection.awareness.setLocalStateField('done', this.done);
	}
	/** Who has said "I'm done" in the current round and who has not (people here now who take part). */
	get ready(): ReadyStatus {
		const people = [...this.presence.values()].map((p) => ({ id: p.user.id, name: p.user.name, role: p.user.role, done: p.done }));
		people.push({ id: this.me.id, name: this.me.name, role: this.role, done: this.done });
		return readyStatus(people, this.readyCheck.id);
	}
	/** The canvas's size on screen (the board page sets it when the canvas mounts). */
	canvasSize: () => { width: number; height: number } = () => ({
		width: globalThis.innerWidth ?? 1024,
		height: globalThis.innerHeight ?? 768
	});
	/** Tells everyone's screen about a moment (shown until read, replaced or timed out). */
	announce(moment: Moment) {
		this.moment = { ...moment, at: Date.now() };
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
