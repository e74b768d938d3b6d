/** The board's documents: schemas, accessors and commands. The only module that knows their layout. */
export * from './schema.js';
export * from './origins.js';
export * from './read.js';
export * from './commands.js';
export type { ElementLookup } from './element-lookup.js';
export * from './undo.js';
export * from './members.js';
export * from './control.js';
export * from './snapshot.js';
export * from './presence.js';
export * from './placement.js';
export * from './drafts.js';
export * from './votes.js';
export * from './capacity.js';
