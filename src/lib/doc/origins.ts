/**
 * Transaction origins. They say who made a change, which is how undo knows what is "mine":
 * Y.UndoManager only tracks transactions whose origin is LOCAL.
 */
export const LOCAL = Symbol('local');
/** Changes made by code on the user's behalf that should not be undone one by one (e.g. seeding). */
export const SYSTEM = Symbol('system');
/** Changes written by the server (membership, tallies). */
export const SERVER = 'server';
