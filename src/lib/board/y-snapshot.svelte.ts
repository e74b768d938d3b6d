/**
 * Bridges Yjs and other external sources into Svelte's reactivity with `createSubscriber`: reading `.current`
 * inside an effect or template subscribes. While anything is subscribed, the value is computed once per change
 * of the source and cached; read outside any subscriber (no notifications arrive then), it is computed afresh.
 */
import { createSubscriber } from 'svelte/reactivity';

export class Subscribed<T> {
	#subscribe: () => void;
	#read: () => T;
	#listening = false;
	#cached = false;
	#value: T | undefined;
	constructor(start: (update: () => void) => () => void, read: () => T) {
		this.#read = read;
		this.#subscribe = createSubscriber((update) => {
			this.#listening = true;
			this.#cached = false;
			const stop = start(() => {
				this.#cached = false;
				update();
			});
			return () => {
				this.#listening = false;
				this.#cached = false;
				stop();
			};
		});
	}
	get current(): T {
		this.#subscribe();
		if (!this.#listening) return this.#read();
		if (!this.#cached) {
			this.#value = this.#read();
			this.#cached = true;
		}
		return this.#value as T;
	}
}
