/** The System-Players Map template's one door for app code. */
import { defineTemplate } from '../kit/client.js';
import { playersMapModel } from './model.js';

export const playersMap = defineTemplate(playersMapModel, { renderer: {} });
