/** The causal-loop diagram template's one door for app code: its model, renderer and panel. */
import { defineTemplate } from '../kit/client.js';
import { causalLoopModel } from './model.js';
import { renderer } from './renderer.js';
import Panel from './Panel.svelte';

export const causalLoop = defineTemplate(causalLoopModel, { renderer, Panel });
