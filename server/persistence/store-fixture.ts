/**
 * The fixture the contract suites run against: a fresh, empty store per test, plus how to reopen it and clean up.
 */
import { afterEach, beforeEach } from 'vitest';
import type { Store } from './types.js';

export interface StoreFixture {
	/** A fresh, empty store. */
	store: Store;
	/**
	 * Opens another store on the same location (file, schema). Only durable implementations have it; the clauses
	 * that need it are skipped (and reported as skipped) without it. It may be called while `store` is still open.
	 */
	reopen?: () => Promise<Store>;
	/** Removes the location; called after every store this fixture opened is closed. */
	cleanup?: () => Promise<void>;
}

export type MakeStoreFixture = () => Promise<StoreFixture>;

/**
 * Registers hooks that make a fixture before each test and close everything and clean up after it.
 * Returns accessors for the current fixture and a `reopen` that closes what it opened at the end of the test.
 */
export function useStoreFixture(make: MakeStoreFixture) {
	let fixture: StoreFixture | null = null;
	let opened: Store[] = [];

	beforeEach(async () => {
		fixture = await make();
		opened = [fixture.store];
	});

	afterEach(async () => {
		// close() is idempotent, so stores a test already closed are fine here.
		for (const store of opened) await store.close();
		await fixture?.cleanup?.();
		fixture = null;
		opened = [];
	});

	function current(): StoreFixture {
		if (!fixture) throw new Error('no fixture: call inside a test');
		return fixture;
	}

	return {
		get store(): Store {
			return current().store;
		},
		get canReopen(): boolean {
			return current().reopen !== undefined;
		},
		async reopen(): Promise<Store> {
			const reopen = current().reopen;
			if (!reopen) throw new Error('this fixture cannot reopen');
			const store = await reopen();
			opened.push(store);
			return store;
		}
	};
}
