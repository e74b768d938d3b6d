/** The "How might we" board's one door for app code: its model, renderer, panel, and the vote dots on its cards. */
import { defineTemplate } from '../kit/client.js';
import { howMightWeModel } from './model.js';
import { renderer } from './renderer.js';
import Panel from './Panel.svelte';

export const howMightWe = defineTemplate(howMightWeModel, { renderer, Panel });
export type { CardDots } from './renderer.js';
export { questionsIn } from './binding.js';
export { ID as HOW_MIGHT_WE, QUESTION, VOTING_CRITERIA, VOTING_RULE } from './schema.js';
