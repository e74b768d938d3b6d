/** Throttle, debounce and once-per-frame scheduling, each with a way to cancel (for destroy). */

export interface Throttled<A extends unknown[]> {
	(...args: A): void;
	/** Runs a pending trailing call now. */
	flush(): void;
	cancel(): void;
}

/** Calls at most once per `ms`, always delivering the latest arguments (trailing call). */
export function throttle<A extends unknown[]>(fn: (...args: A) => void, ms: number): Throttled<A> {
	let last = -Infinity;
	let timer: ReturnType<typeof setTimeout> | null = null;
	let pending: A | null = null;
	const run = () => {
		timer = null;
		if (!pending) return;
		const args = pending;
		pending = null;
		last = Date.now();
		fn(...args);
	};
	const throttled = ((...args: A) => {
		pending = args;
		const wait = ms - (Date.now() - last);
		if (wait <= 0) {
			if (timer) clearTimeout(timer);
			run();
		} else if (!timer) timer = setTimeout(run, wait);
	}) as Throttled<A>;
	throttled.flush = () => {
		if (timer) clearTimeout(timer);
		run();
	};
	throttled.cancel = () => {
		if (timer) clearTimeout(timer);
		timer = null;
		pending = null;
	};
	return throttled;
}

/** Calls once `ms` after the last call. */
export function debounce<A extends unknown[]>(fn: (...args: A) => void, ms: number): Throttled<A> {
	let timer: ReturnType<typeof setTimeout> | null = null;
	let pending: A | null = null;
	const run = () => {
		timer = null;
		if (!pending) return;
		const args = pending;
		pending = null;
		fn(...args);
	};
	const debounced = ((...args: A) => {
		pending = args;
		if (timer) clearTimeout(timer);
		timer = setTimeout(run, ms);
	}) as Throttled<A>;
	debounced.flush = () => {
		if (timer) clearTimeout(timer);
		run();
	};
	debounced.cancel = () => {
		if (timer) clearTimeout(timer);
		timer = null;
		pending = null;
	};
	return debounced;
}

export interface FrameTask {
	schedule(): void;
	cancel(): void;
}

/** Runs `fn` once on the next animation frame however often it is scheduled before then. */
export function frameTask(fn: () => void): FrameTask {
	let id: number | null = null;
	return {
		schedule() {
			if (id !== null) return;
			id = requestAnimationFrame(() => {
				id = null;
				fn();
			});
		},
		cancel() {
			if (id !== null) cancelAnimationFrame(id);
			id = null;
		}
	};
}
