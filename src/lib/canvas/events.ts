/** A tiny typed event emitter: the controller's `on`, and the canvas's internal bus between modules. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Handlers<E> = { [K in keyof E]: (...args: any[]) => void };

export interface Emitter<E extends Handlers<E>> {
	on<K extends keyof E>(event: K, handler: E[K]): () => void;
	emit<K extends keyof E>(event: K, ...args: Parameters<E[K]>): void;
	clear(): void;
}

export function createEmitter<E extends Handlers<E>>(): Emitter<E> {
	const handlers = new Map<keyof E, Set<E[keyof E]>>();
	return {
		on(event, handler) {
			let set = handlers.get(event);
			if (!set) handlers.set(event, (set = new Set()));
			set.add(handler);
			return () => void set.delete(handler);
		},
		emit(event, ...args) {
			const set = handlers.get(event);
			if (!set) return;
			for (const handler of [...set]) {
				try {
					handler(...args);
				} catch (error) {
					// One broken listener must not stop the canvas (or the other listeners).
					console.error(`canvas: a "${String(event)}" listener failed`, error);
				}
			}
		},
		clear() {
			handlers.clear();
		}
	};
}
