/** The theory-of-change template's one door for app code: its model, renderer and panel. */
import { defineTemplate } from '../kit/client.js';
import { theoryOfChangeModel } from './model.js';
import { renderer } from './renderer.js';
import Panel from './Panel.svelte';

export const theoryOfChange = defineTemplate(theoryOfChangeModel, { renderer, Panel });
