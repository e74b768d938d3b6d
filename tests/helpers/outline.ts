/**
 * The outline view in e2e tests: a virtualised tree (only rows in view are in the DOM), so a row is
 * found through its search box; each exercise's add and connect forms are behind a summary.
 */
import type { Locator, Page } from 'playwright-core';

/** Opens every exercise's "Add to or connect in …" forms in the open outline. */
export async function openExerciseForms(page: Page): Promise<void> {
	// One at a time: the set of closed ones shrinks with each click.
	const closed = page.locator('#outline details:not([open]) > summary');
	for (let n = await closed.count(); n > 0; n--) await closed.first().click();
}

/** Filters the outline to `text` and returns the tree rows that hold it. */
export async function outlineRow(page: Page, text: string | RegExp, query = typeof text === 'string' ? text : ''): Promise<Locator> {
	await page.locator('#outline-search').fill(query);
	return page.locator('#outline [role="treeitem"]', { hasText: text });
}

/** The label of the group row a row with `text` is under (its section, its frame): found by the search box. */
export async function outlineParent(page: Page, text: string): Promise<string> {
	await page.locator('#outline-search').fill(text);
	await page.locator('#outline [role="treeitem"]', { hasText: text }).first().waitFor();
	return page.evaluate((t) => {
		const rows = [...document.querySelectorAll<HTMLElement>('#outline [role="treeitem"]')].sort(
			(a, b) => parseFloat(a.style.top) - parseFloat(b.style.top)
		);
		const i = rows.findIndex((r) => r.textContent?.includes(t));
		const level = Number(rows[i].getAttribute('aria-level'));
		for (let j = i - 1; j >= 0; j--)
			if (Number(rows[j].getAttribute('aria-level')) === level - 1) return rows[j].querySelector('.label')?.textContent ?? '';
		return '';
	}, text);
}
