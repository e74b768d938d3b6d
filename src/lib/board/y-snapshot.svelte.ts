/**
 * Bridges Yjs and other external sources into Svelte's reactivity with `createSubscriber`:
 * reading `.current` inside an effect or template subscribes; the value is recomputed on read.
 */
import { createSubscriber } from 'svelte/reactivity';

export class Subscribed<T> {
	#subscribe: () => void;
	#read: () => T;
	constructor(start: (update: () => void) => () => void, read: () => T) {
		this.#read = read;
		this.#subscribe = createSubscriber(start);
	}
	get current(): T {
		this.#subscribe();
		return this.#read();
	}
}
