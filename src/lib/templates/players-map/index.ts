/** The System-Players Map template's one door for app code: its model, renderer and panel. */
import { defineTemplate } from '../kit/client.js';
import { playersMapModel } from './model.js';
import { renderer } from './renderer.js';
import Panel from './Panel.svelte';

export const playersMap = defineTemplate(playersMapModel, { renderer, Panel });
