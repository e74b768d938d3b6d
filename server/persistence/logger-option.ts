/**
 * The `log` option the stores accept, checked lightly: anything with the four Logger methods.
 */
import { z } from 'zod';
import type { Logger } from '../log.js';

export const LoggerOption = z.custom<Logger>(
	(value) =>
		typeof value === 'object' &&
		value !== null &&
		['info', 'warn', 'error'].every((m) => typeof (value as Record<string, unknown>)[m] === 'function'),
	{ message: 'log must be a Logger (info, warn and error methods)' }
);
