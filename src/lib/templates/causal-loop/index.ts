/** The causal-loop diagram template's one door for app code: its model, renderer and panel. */
import { defineTemplate } from '../kit/client.js';
import { causalLoopModel } from './model.js';
import { renderer } from './renderer.js';
import Panel from './Panel.svelte';
import { maintainLoopLabels, toggleDelayOf, togglePolarityOf } from './binding.js';

export const causalLoop = defineTemplate(causalLoopModel, {
	renderer,
	Panel,
	maintain: (doc, elements) => void maintainLoopLabels(doc, elements),
	shortcuts: [
		{ key: 'p', label: 'Causal link: switch + and −', run: togglePolarityOf },
		{ key: 'd', label: 'Causal link: add or remove a delay', run: toggleDelayOf }
	]
});
