import type { RoomBus } from './types.js';

/** One process: nobody else to tell. */
export function createLocalBus(): RoomBus {
	return {
		async subscribe() {
			return { async close() {} };
		},
		publishUpdate() {},
		publishAwareness() {},
		publishEvent() {},
		onEvent: () => () => {},
		forgetBoard: async () => 0,
		async close() {}
	};
}
