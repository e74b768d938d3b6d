/** The action-plan template's one door for app code: its model, renderer and panel. */
import { defineTemplate } from '../kit/client.js';
import { actionPlanModel } from './model.js';
import { renderer } from './renderer.js';
import Panel from './Panel.svelte';
import Table from './TableDialog.svelte';

export const actionPlan = defineTemplate(actionPlanModel, { renderer, Panel, Table });
