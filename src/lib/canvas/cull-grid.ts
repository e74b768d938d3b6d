/**
 * A uniform grid over board space holding each element's bounds, so that culling after a pan or zoom
 * looks only at the cells in view instead of every node on the board. Pure; one per mounted canvas.
 */
import type { Rect } from '$lib/shared/geometry.js';

export class CullGrid {
	readonly #cell: number;
	readonly #cells = new Map<string, Set<string>>();
	readonly #entries = new Map<string, { rect: Rect; keys: string[] }>();

	constructor(cell = 1024) {
		this.#cell = cell;
	}

	#keys(r: Rect): string[] {
		const c = this.#cell;
		const x1 = Math.floor(r.x / c);
		const x2 = Math.floor((r.x + r.w) / c);
		const y1 = Math.floor(r.y / c);
		const y2 = Math.floor((r.y + r.h) / c);
		// A huge rect (a connector across the board) is still a handful of cells per row at this size.
		// Sized up front: an array grown by push keeps room for 17 entries, and there is one per element.
		const n = (x2 - x1 + 1) * (y2 - y1 + 1);
		const keys = new Array<string>(n > 0 ? n : 0);
		let i = 0;
		for (let x = x1; x <= x2; x++) for (let y = y1; y <= y2; y++) keys[i++] = `${x},${y}`;
		return keys;
	}

	/** Puts `id` at `rect` (null: removes it). */
	set(id: string, rect: Rect | null): void {
		const prev = this.#entries.get(id);
		if (prev && rect && prev.rect.x === rect.x && prev.rect.y === rect.y && prev.rect.w === rect.w && prev.rect.h === rect.h) return;
		if (prev) {
			for (const key of prev.keys) {
				const set = this.#cells.get(key)!;
				set.delete(id);
				if (set.size === 0) this.#cells.delete(key);
			}
			this.#entries.delete(id);
		}
		if (!rect) return;
		const keys = this.#keys(rect);
		for (const key of keys) {
			let set = this.#cells.get(key);
			if (!set) this.#cells.set(key, (set = new Set()));
			set.add(id);
		}
		this.#entries.set(id, { rect, keys });
	}

	get(id: string): Rect | null {
		return this.#entries.get(id)?.rect ?? null;
	}

	/** The ids whose cells overlap `r` (a superset of those whose bounds do: test each). */
	near(r: Rect): Set<string> {
		const out = new Set<string>();
		const c = this.#cell;
		const x1 = Math.floor(r.x / c);
		const x2 = Math.floor((r.x + r.w) / c);
		const y1 = Math.floor(r.y / c);
		const y2 = Math.floor((r.y + r.h) / c);
		if ((x2 - x1 + 1) * (y2 - y1 + 1) > this.#cells.size) {
			for (const [key, ids] of this.#cells) {
				const [x, y] = key.split(',').map(Number);
				if (x >= x1 && x <= x2 && y >= y1 && y <= y2) for (const id of ids) out.add(id);
			}
			return out;
		}
		for (let x = x1; x <= x2; x++) for (let y = y1; y <= y2; y++) for (const id of this.#cells.get(`${x},${y}`) ?? []) out.add(id);
		return out;
	}

	clear(): void {
		this.#cells.clear();
		this.#entries.clear();
	}
}
