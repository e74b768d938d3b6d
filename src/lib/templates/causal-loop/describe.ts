/**
 * Plain words for every element of a causal-loop diagram, read by the outline, screen readers and
 * exports: a variable says which loops it is in, a link its sign and delay.
 * @example "Variable: Exclusions; in loops R1 Stuck at the high end, B1 Accountability brake"
 * @example "Link: Exclusions → Spend on AP places, + (same direction), with delay"
 */
import type { Connector, Element, Frame } from '$lib/doc/schema.js';
import { contentsOf, type DescribeContext } from '../kit/model.js';
import { isVariable, leftOutBecause, loopTitle, typeWords, type Graph } from './analysis.js';
import { liveAnalysis } from './live.js';
import { isLoopAnalyses, pendingWords, type LoopsNow } from './offthread.js';
import { ID, isDelayed, LOOP_LABEL, polarityOf, polarityWords, VariableData } from './schema.js';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

// describe runs once per element with the same `byId`: analyse each frame once per snapshot.
const cache = new WeakMap<ReadonlyMap<string, Element>, Map<string, LoopsNow>>();

/**
 * The analysis of `frame` over the elements of `byId`, computed once per snapshot. `contents`, when the
 * caller has them (the outline, from the board), are the frame's contents in that snapshot: they are used
 * instead of picking them out of `byId` again. With `annotation` giving the board's `LoopAnalyses` (the
 * outline in the app), the loops are the worker's: the last ones that still hold while it works (`pending`).
 */
export function analysisFor(
	frame: Frame,
	byId: ReadonlyMap<string, Element>,
	contents?: DescribeContext['contents'],
	annotation?: DescribeContext['annotation']
): LoopsNow {
	let perFrame = cache.get(byId);
	if (!perFrame) cache.set(byId, (perFrame = new Map()));
	let result = perFrame.get(frame.id);
	if (!result) {
		const whole = contents ? { frame, ...contents } : contentsOf(frame, [...byId.values()]);
		const loops = annotation?.(frame.id);
		perFrame.set(frame.id, (result = isLoopAnalyses(loops) ? loops.analysis(whole) : liveAnalysis(whole)));
	}
	return result;
}

// A graph's links left out, by id: `leftOutBecause` searches its lists, once per link of a big diagram.
const leftOut = new WeakMap<Graph, Map<string, string>>();
function leftOutOf(graph: Graph, linkId: string): string | null {
	let reasons = leftOut.get(graph);
	if (!reasons) {
		reasons = new Map();
		for (const id of [...graph.selfLinks, ...graph.contested, ...graph.duplicates, ...graph.unsigned])
			if (!reasons.has(id)) reasons.set(id, leftOutBecause(graph, id)!);
		leftOut.set(graph, reasons);
	}
	return reasons.get(linkId) ?? null;
}

// A variable's evidence count and description, by element (elements are replaced, never changed, on a change).
const variableData = new WeakMap<Element, { evidence: number; description: string }>();
function dataOf(el: Element): { evidence: number; description: string } {
	let data = variableData.get(el);
	if (!data) {
		const parsed = VariableData.safeParse(el.kind === 'connector' ? {} : el.data);
		data = {
			evidence: parsed.success ? (parsed.data.evidence?.length ?? 0) : 0,
			description: parsed.success ? (parsed.data.description?.trim() ?? '') : ''
		};
		variableData.set(el, data);
	}
	return data;
}

// Words already said, per analysis: a variable's depend only on it and the analysis, a link's on it, its ends and
// the analysis, and elements are replaced, never changed. So a change that leaves the loops as they were (a
// variable moved) describes again only what it replaced.
const said = new WeakMap<LoopsNow, WeakMap<Element, { words: string; ends?: [Element | undefined, Element | undefined] }>>();
function memo(analysis: LoopsNow, el: Element, ends: [Element | undefined, Element | undefined] | undefined, words: () => string): string {
	let byEl = said.get(analysis);
	if (!byEl) said.set(analysis, (byEl = new WeakMap()));
	const last = byEl.get(el);
	if (last && (!ends || (last.ends![0] === ends[0] && last.ends![1] === ends[1]))) return last.words;
	const fresh = words();
	byEl.set(el, { words: fresh, ends });
	return fresh;
}

const analysisIn = (frame: Frame, ctx: DescribeContext) => analysisFor(frame, ctx.byId, contentsFor(frame, ctx), ctx.annotation);

function nameOf(el: Element | undefined): string {
	if (!el) return 'a missing shape';
	if (el.kind === 'frame') return el.title || 'a frame';
	if (el.kind === 'connector') return 'a link';
	return el.text.trim().replace(/\s+/g, ' ') || (isVariable(el) ? 'an unnamed variable' : 'an empty note');
}

export function describeLink(link: Connector, ctx: DescribeContext): string {
	if (ctx.frame.template !== ID) return linkWords(link, ctx);
	const ends: [Element | undefined, Element | undefined] = [ctx.byId.get(link.from), ctx.byId.get(link.to)];
	return memo(analysisIn(ctx.frame, ctx), link, ends, () => linkWords(link, ctx));
}

function linkWords(link: Connector, ctx: DescribeContext): string {
	const arrow = `${nameOf(ctx.byId.get(link.from))} → ${nameOf(ctx.byId.get(link.to))}`;
	const polarity = polarityOf(link.data);
	if (link.from !== link.to && (link.data.template !== ID || !polarity))
		return `Link: ${arrow}, no sign yet${link.label.trim() ? ` ("${link.label.trim()}")` : ''}`;
	const sign = polarity ? `, ${polarityWords(polarity)}${isDelayed(link.data) ? ', with delay' : ''}` : '';
	// The same reason the panel, the canvas tag and the report give for leaving it out of the loops.
	const reason = ctx.frame.template === ID ? leftOutOf(analysisIn(ctx.frame, ctx).graph, link.id) : null;
	return `Link: ${arrow}${sign}${reason ? `; not counted in any loop: ${reason}` : ''}`;
}

function describeFrame(frame: Frame, ctx: DescribeContext): string {
	const a = analysisIn(frame, ctx);
	const r = a.loops.filter((l) => l.type === 'R').length;
	const loops =
		a.loops.length === 0
			? 'no loops yet'
			: a.complete
				? `${plural(a.loops.length, 'loop')} (${r} reinforcing, ${a.loops.length - r} balancing)`
				: `more loops than Convene can list while you draw (the first ${a.loops.length} found: ${r} reinforcing, ${a.loops.length - r} balancing)`;
	const left = a.graph.selfLinks.length + a.graph.contested.length;
	const out = left
		? `; ${plural(left, 'link')} left out (${[a.graph.selfLinks.length ? `${a.graph.selfLinks.length} from a variable to itself` : '', a.graph.contested.length ? `${a.graph.contested.length} drawn both + and − between the same two` : ''].filter(Boolean).join(', ')})`
		: '';
	return `Causal-loop diagram with ${plural(a.graph.nodes.length, 'variable')}, ${plural(a.graph.edges.length, 'signed link')} and ${loops}${out}`;
}

/** The contents the caller gave, if they are `frame`'s. */
const contentsFor = (frame: Frame, ctx: DescribeContext) => (frame.id === ctx.frame.id ? ctx.contents : undefined);

function frameOf(el: Element, ctx: DescribeContext): Frame | null {
	const parent = el.kind !== 'connector' && el.parent ? ctx.byId.get(el.parent) : undefined;
	return parent?.kind === 'frame' && parent.template === ID ? parent : null;
}

export function describe(el: Element, ctx: DescribeContext): string {
	if (el.kind === 'frame') return el.template === ID ? describeFrame(el, ctx) : `Frame: ${el.title}`;
	if (el.kind === 'connector') return describeLink(el, ctx);
	const frame = frameOf(el, ctx);
	if (isVariable(el))
		return frame ? memo(analysisIn(frame, ctx), el, undefined, () => variableWords(el, frame, ctx)) : variableWords(el, null, ctx);
	return otherWords(el, frame, ctx);
}

function variableWords(el: Element, frame: Frame | null, ctx: DescribeContext): string {
	const analysis = frame ? analysisIn(frame, ctx) : null;
	const loops = analysis?.byMember.get(el.id) ?? [];
	const { evidence, description } = dataOf(el);
	const parts = [
		`Variable: ${nameOf(el)}`,
		loops.length ? `in ${loops.length === 1 ? 'loop' : 'loops'} ${loops.map(loopTitle).join(', ')}` : 'in no loop'
	];
	// While the worker works, in the panel's words: the loops listed are the last found that still hold.
	if (analysis?.pending) parts.push(pendingWords(analysis));
	if (evidence) parts.push(`cites ${plural(evidence, 'piece')} of evidence`);
	if (description) parts.push(description);
	return parts.join('; ');
}

function otherWords(el: Element, frame: Frame | null, ctx: DescribeContext): string {
	if (el.kind === 'item' && el.template === ID && el.type === LOOP_LABEL) {
		const loop = frame && typeof el.data.loop === 'string' ? analysisIn(frame, ctx).loops.find((l) => l.key === el.data.loop) : undefined;
		if (!loop) return `Loop label: ${el.text.trim() || 'empty'}`;
		return `Loop label: ${loopTitle(loop)}, ${typeWords(loop.type)}, ${plural(loop.members.length, 'variable')}: ${loop.memberNames.join(' → ')}`;
	}
	if (el.kind === 'text') return `Text: ${el.text.trim() || 'empty'}`;
	return `${el.kind === 'item' ? 'Item' : 'Note'}: ${nameOf(el)}`;
}
