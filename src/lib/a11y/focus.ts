import { tick } from 'svelte';

/**
 * Puts focus in the outline view once it is in the page: on its current tree item, else its heading.
 * For the skip link, the Outline button and Alt+O (WCAG 2.4.3: opening a view takes you to it).
 */
export async function focusOutline(): Promise<void> {
	await tick();
	const target =
		document.querySelector<HTMLElement>('#outline [role="treeitem"][tabindex="0"]') ?? document.getElementById('outline-heading');
	target?.focus();
}
