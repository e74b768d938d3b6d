/** The Iceberg template's one door for app code: the pure model joined to its renderer and panel. */
import { defineTemplate } from '../kit/client.js';
import { icebergModel } from './model.js';
import { renderer } from './renderer.js';
import Panel from './Panel.svelte';

export const iceberg = defineTemplate(icebergModel, { renderer, Panel });
