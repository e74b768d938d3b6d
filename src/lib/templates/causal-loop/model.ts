/**
 * The causal-loop diagram (domain.md 2), pure: variables joined by signed, possibly delayed links; the
 * loops they make found live and classified R or B. Any sticky note in the frame is a variable (`adopt`);
 * no data is placed by position (a variable's meaning is its links, not where it sits), so `assign` is
 * empty and the frame is one section. No Konva or Svelte here: the server seeds boards with it.
 */
import type { Frame } from '$lib/doc/schema.js';
import { defineTemplateModel, isItemOf, type Section } from '../kit/model.js';
import { describe } from './describe.js';
import { emptyDiagram, exampleDiagram } from './example.js';
import { causalLoopSvg } from './export.js';
import { causalLoopReport } from './report.js';
import { slotIn } from './layout.js';
import {
	asDataSchema,
	CausalLoopSettings,
	DELAYS,
	ID,
	LinkData,
	LOOP_LABEL,
	LOOP_LABEL_SIZE,
	LoopLabelData,
	POLARITIES,
	VARIABLE,
	VARIABLE_SIZE,
	VariableData,
	VERSION
} from './schema.js';
import { linkLook } from './style.js';

/**
 * The seeds name no prompts for drawing loops; these follow the method S001 describes (variables,
 * signed links, loops, then "break the pattern of … by creating …").
 */
export const PROMPTS = [
	'What goes up or down over time? Name each variable as a short noun phrase, e.g. "Exclusions".',
	'For each link: when the cause goes up, does the effect go up (+) or down (−)? Does it take a while (a delay)?',
	'Where does it come back round? Which loops reinforce (R) and which balance (B)?',
	'Break the pattern of … by creating …: where could a change weaken a vicious loop or strengthen a balancing one?'
] as const;

function sections(frame: Frame): Section[] {
	return [
		{
			id: 'variables',
			label: 'Variables',
			prompt: PROMPTS[0],
			data: {},
			// Everything in the frame is in the one section (variables, loop labels, plain notes).
			contains: () => true,
			slot: (size, occupied) => slotIn(frame, size, occupied)
		}
	];
}

export const causalLoopModel = defineTemplateModel({
	id: ID,
	title: 'Causal-loop diagram',
	summary: 'Variables and signed links; reinforcing and balancing loops found as you draw, and a step-by-step "what if".',
	version: VERSION,
	settings: asDataSchema(CausalLoopSettings),
	itemTypes: [
		{ type: VARIABLE, label: 'Variable', data: asDataSchema(VariableData), size: { ...VARIABLE_SIZE } },
		// Loop labels are drawn live from the diagram now; older boards' label items still import and read.
		{ type: LOOP_LABEL, label: 'Loop label', data: asDataSchema(LoopLabelData), size: { ...LOOP_LABEL_SIZE }, retired: true }
	],
	linkData: asDataSchema(LinkData),
	linkColor: (data) => linkLook(data).color,
	linkFields: [
		{ key: 'polarity', label: 'Polarity', options: POLARITIES },
		{ key: 'delay', label: 'Delay', options: DELAYS }
	],
	placementKeys: [],
	// Naming a loop and showing one to the room are everyone's, even while the frame itself is the facilitator's.
	participantSettings: ['loopNames', 'highlight'],
	defaultAdd: VARIABLE,
	prompts: PROMPTS,
	seed: emptyDiagram,
	example: exampleDiagram,
	assign: () => null,
	// Every note in the frame is a variable (a variable's meaning is its links, not where it sits); the
	// loop labels older boards stored stay what they are until upkeep removes them.
	adopt: (element) => ({ type: isItemOf(element, ID, LOOP_LABEL) ? LOOP_LABEL : VARIABLE }),
	startHint: 'Double-click or double-tap to add a variable; then link two with the connector tool',
	// A connector drawn between two variables is a causal link, "+" until someone says otherwise (P toggles).
	linkFor: (from, to) =>
		isItemOf(from, ID, VARIABLE) && isItemOf(to, ID, VARIABLE) && from.id !== to.id ? { template: ID, polarity: '+', delay: false } : null,
	sections,
	describe,
	exportSvg: causalLoopSvg,
	report: causalLoopReport
});
