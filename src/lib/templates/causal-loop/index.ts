/** The causal-loop diagram template's one door for app code: its model, renderer and panel. */
import type { Element } from '$lib/doc/schema.js';
import { defineTemplate } from '../kit/client.js';
import { causalLoopModel } from './model.js';
import { renderer } from './renderer.js';
import { isCausalLink } from './analysis.js';
import { isDelayed } from './schema.js';
import Panel from './Panel.svelte';
import { setPolarityOf, tidyLegacyLabels, toggleDelayOf, togglePolarityOf } from './binding.js';

const causalLinks = (selected: readonly Element[]) => selected.filter((e) => e.kind === 'connector' && isCausalLink(e));
const hasCausalLink = (selected: readonly Element[]) => causalLinks(selected).length > 0;
const all = (selected: readonly Element[], test: (data: Record<string, unknown>) => boolean) =>
	hasCausalLink(selected) && causalLinks(selected).every((l) => test(l.data));

export const causalLoop = defineTemplate(causalLoopModel, {
	renderer,
	Panel,
	maintain: (doc, elements, allow) => void tidyLegacyLabels(doc, elements, allow),
	// A link drawn with the connector tool is "+" and selected: one key (or one tap on the bar) makes it "−".
	shortcuts: [
		{
			key: '+',
			also: ['='],
			button: '+',
			label: 'Causal link: + (the two move the same way)',
			run: (doc, selected) => setPolarityOf(doc, selected, '+'),
			applies: hasCausalLink,
			pressed: (s) => all(s, (d) => d.polarity === '+')
		},
		{
			key: '-',
			button: '−',
			label: 'Causal link: − (the two move opposite ways)',
			run: (doc, selected) => setPolarityOf(doc, selected, '-'),
			applies: hasCausalLink,
			pressed: (s) => all(s, (d) => d.polarity === '-')
		},
		{ key: 'p', label: 'Causal link: switch + and −', run: togglePolarityOf },
		{
			key: 'd',
			button: 'Delay ‖',
			label: 'Causal link: add or remove a delay',
			run: toggleDelayOf,
			applies: hasCausalLink,
			pressed: (s) => all(s, (d) => isDelayed(d as never))
		}
	]
});
