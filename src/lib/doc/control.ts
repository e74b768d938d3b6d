/**
 * Facilitation state in the `control` document (facilitators write, everyone reads): locks, the board's
 * rules (closed, structure open), "follow me", the agenda (phases), the timer, and private writing (drafts.ts).
 */
import * as Y from 'yjs';
import { z } from 'zod';
import { getControlMap, getLocksMap } from './board-doc.js';
import { ElementId } from './schema.js';
import { LOCAL } from './origins.js';
import { RulesSettings, type BoardRules } from './policy.js';

export function isLocked(doc: Y.Doc, id: string): boolean {
	return getLocksMap(doc).get(id) === true;
}

export function lockedIds(doc: Y.Doc): Set<string> {
	return new Set(getLocksMap(doc).keys());
}

export function setLocked(doc: Y.Doc, ids: readonly string[], locked: boolean, origin: unknown = LOCAL): void {
	const valid = z.array(ElementId).parse(ids);
	doc.transact(() => {
		const locks = getLocksMap(doc);
		for (const id of valid) locked ? locks.set(id, true) : locks.delete(id);
	}, origin);
}

/** The board's rules as the server enforces them (src/lib/doc/policy.ts): locks, closed, structure. */
export function readRules(doc: Y.Doc): BoardRules {
	const settings = RulesSettings.safeParse(getControlMap(doc).get('rules') ?? {});
	const { closed, structureOpen } = settings.success ? settings.data : { closed: false, structureOpen: false };
	return { locked: lockedIds(doc), closed, structureOpen };
}

/**
 * Closes the workshop (read-only for everyone but facilitators; exports still work) or opens it again, and lets
 * participants change exercise structure or not.
 * @example setRules(control, { closed: true })
 */
export function setRules(doc: Y.Doc, patch: Partial<RulesSettings>, origin: unknown = LOCAL): void {
	const current = RulesSettings.safeParse(getControlMap(doc).get('rules') ?? {});
	const value = RulesSettings.parse({ ...(current.success ? current.data : {}), ...patch });
	doc.transact(() => getControlMap(doc).set('rules', value), origin);
}

/** What a follower fits into their own screen: the rectangle of board the facilitator sees. */
export const Follow = z.object({
	by: z.string().max(64),
	name: z.string().max(80).default(''),
	rect: z.object({ x: z.number().finite(), y: z.number().finite(), w: z.number().positive().max(1e7), h: z.number().positive().max(1e7) })
});
export type Follow = z.infer<typeof Follow>;

export function readFollow(doc: Y.Doc): Follow | null {
	const parsed = Follow.safeParse(getControlMap(doc).get('follow'));
	return parsed.success ? parsed.data : null;
}

/** Starts, moves or (null) ends "follow me": everyone who has not opted out sees this part of the board. */
export function setFollow(doc: Y.Doc, view: z.input<typeof Follow> | null, origin: unknown = LOCAL): void {
	const value = view === null ? null : Follow.parse(view);
	doc.transact(() => {
		value === null ? getControlMap(doc).delete('follow') : getControlMap(doc).set('follow', value);
	}, origin);
}

/**
 * The agenda: the workshop's phases in order and which one is on. Shown to everyone in the top bar.
 * @example setAgenda(doc, { phases: ['System players', 'Iceberg', 'How might we', 'Vote'], current: 0 })
 */
export const Agenda = z
	.object({
		phases: z.array(z.string().trim().min(1, 'a phase needs a name').max(120)).max(30),
		current: z.number().int().min(0).nullable().default(null)
	})
	.refine((a) => a.current === null || a.current < a.phases.length, {
		message: 'the current phase must be one of the phases',
		path: ['current']
	});
export type Agenda = z.infer<typeof Agenda>;

export function readAgenda(doc: Y.Doc): Agenda {
	const parsed = Agenda.safeParse(getControlMap(doc).get('agenda'));
	return parsed.success ? parsed.data : { phases: [], current: null };
}

/**
 * Calls `onPhase(name, origin)` whenever the agenda moves to another phase (not when it is only edited), with
 * the origin of the change. Returns a function that stops watching.
 */
export function onPhaseChange(doc: Y.Doc, onPhase: (phase: string, origin: unknown) => void): () => void {
	const map = getControlMap(doc);
	const current = () => {
		const agenda = readAgenda(doc);
		return agenda.current === null ? null : (agenda.phases[agenda.current] ?? null);
	};
	let phase = current();
	const observe = (event: Y.YMapEvent<unknown>) => {
		if (!event.keysChanged.has('agenda')) return;
		const next = current();
		if (next !== null && next !== phase) onPhase(next, event.transaction.origin);
		phase = next;
	};
	map.observe(observe);
	return () => map.unobserve(observe);
}

export function setAgenda(doc: Y.Doc, agenda: z.input<typeof Agenda>, origin: unknown = LOCAL): void {
	const value = Agenda.parse(agenda);
	doc.transact(() => getControlMap(doc).set('agenda', value), origin);
}

/**
 * The facilitator's timer. Times are on the server's clock (each client knows its offset), so everyone
 * sees the same countdown whatever their own clock says. Running: `endsAt`; paused: `remainingMs`.
 */
export const Timer = z.object({
	label: z.string().trim().max(120).default(''),
	durationMs: z
		.number()
		.int()
		.min(1000)
		.max(4 * 3600_000),
	running: z.boolean(),
	endsAt: z.number().finite().nullable(),
	remainingMs: z
		.number()
		.int()
		.min(0)
		.max(4 * 3600_000)
});
export type Timer = z.infer<typeof Timer>;

export function readTimer(doc: Y.Doc): Timer | null {
	const parsed = Timer.safeParse(getControlMap(doc).get('timer'));
	return parsed.success ? parsed.data : null;
}

/** Milliseconds left at server time `now` (0 when time is up). */
export function timeLeft(timer: Timer, now: number): number {
	if (!timer.running || timer.endsAt === null) return timer.remainingMs;
	return Math.max(0, timer.endsAt - now);
}

function writeTimer(doc: Y.Doc, timer: Timer | null, origin: unknown): void {
	const value = timer === null ? null : Timer.parse(timer);
	doc.transact(() => (value === null ? getControlMap(doc).delete('timer') : getControlMap(doc).set('timer', value)), origin);
}

export function startTimer(doc: Y.Doc, durationMs: number, now: number, label = '', origin: unknown = LOCAL): void {
	const duration = Timer.shape.durationMs.parse(Math.round(durationMs));
	writeTimer(doc, { label, durationMs: duration, running: true, endsAt: now + duration, remainingMs: duration }, origin);
}

export function pauseTimer(doc: Y.Doc, now: number, origin: unknown = LOCAL): void {
	const timer = readTimer(doc);
	if (!timer?.running) return;
	writeTimer(doc, { ...timer, running: false, endsAt: null, remainingMs: Math.round(timeLeft(timer, now)) }, origin);
}

export function resumeTimer(doc: Y.Doc, now: number, origin: unknown = LOCAL): void {
	const timer = readTimer(doc);
	if (!timer || timer.running) return;
	writeTimer(doc, { ...timer, running: true, endsAt: now + timer.remainingMs }, origin);
}

/** Adds (or with a negative amount, takes off) time, never below zero or above four hours. */
export function addTime(doc: Y.Doc, ms: number, now: number, origin: unknown = LOCAL): void {
	const timer = readTimer(doc);
	if (!timer) return;
	const left = Math.min(4 * 3600_000, Math.max(0, Math.round(timeLeft(timer, now) + ms)));
	writeTimer(
		doc,
		{ ...timer, durationMs: Math.max(timer.durationMs, left, 1000), remainingMs: left, endsAt: timer.running ? now + left : null },
		origin
	);
}

export function clearTimer(doc: Y.Doc, origin: unknown = LOCAL): void {
	writeTimer(doc, null, origin);
}

/** "4:05", "1:02:03": minutes and seconds, rounded up so 0:00 means time is up. */
export function formatTimeLeft(ms: number): string {
	const total = Math.ceil(Math.max(0, ms) / 1000);
	const h = Math.floor(total / 3600);
	const m = Math.floor((total % 3600) / 60);
	const s = total % 60;
	const mm = h > 0 ? String(m).padStart(2, '0') : String(m);
	return `${h > 0 ? `${h}:` : ''}${mm}:${String(s).padStart(2, '0')}`;
}

/**
 * "Bring everyone here": a one-off summon. Every screen that sees a new `id` appear (not one that was there when
 * it joined) moves once to `rect`, fitted to its own size; after that people look around freely. Facilitators write it.
 */
export const Summon = Follow.extend({ id: z.string().regex(/^[a-zA-Z0-9_-]{6,64}$/) });
export type Summon = z.infer<typeof Summon>;

export function readSummon(doc: Y.Doc): Summon | null {
	const parsed = Summon.safeParse(getControlMap(doc).get('summon'));
	return parsed.success ? parsed.data : null;
}

export function setSummon(doc: Y.Doc, summon: z.input<typeof Summon>, origin: unknown = LOCAL): void {
	const value = Summon.parse(summon);
	doc.transact(() => getControlMap(doc).set('summon', value), origin);
}

/**
 * The ready check: which round of "I'm done" counts now. Each person says they are done in their own presence
 * (awareness field `done`, the id of this round); a facilitator clears everyone's by starting a new round, so
 * nobody has to write anyone else's state (docs/decisions.md).
 */
export const ReadyCheck = z.object({ id: z.string().regex(/^[a-zA-Z0-9_-]{6,64}$/), since: z.number().int().nonnegative() });
export type ReadyCheck = z.infer<typeof ReadyCheck>;

/** The current ready check; a board that never cleared one has the round `initial`. */
export function readReadyCheck(doc: Y.Doc): ReadyCheck {
	const parsed = ReadyCheck.safeParse(getControlMap(doc).get('ready'));
	return parsed.success ? parsed.data : { id: 'initial', since: 0 };
}

/** Clears everyone's "I'm done": a new round of the ready check starts. */
export function clearReady(doc: Y.Doc, id: string, now: number, origin: unknown = LOCAL): void {
	const value = ReadyCheck.parse({ id, since: Math.max(0, Math.round(now)) });
	doc.transact(() => getControlMap(doc).set('ready', value), origin);
}
