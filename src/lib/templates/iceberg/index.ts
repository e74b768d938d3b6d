/** The The Iceberg template's one door for app code. */
import { defineTemplate } from '../kit/client.js';
import { icebergModel } from './model.js';

export const iceberg = defineTemplate(icebergModel, { renderer: {} });
