/**
 * Copies text for a "Copy" button. The async clipboard needs a secure page (https or localhost); a board
 * served over plain http on the room's network has none, so this falls back to selecting the text and
 * the copy command. Resolves whether it was copied, so the button can say "Copied" or ask the person to copy.
 */
export async function copyText(text: string): Promise<boolean> {
	try {
		// Undefined on a page that is not secure, whatever the types say.
		if (typeof globalThis.navigator?.clipboard?.writeText === 'function') {
			await navigator.clipboard.writeText(text);
			return true;
		}
	} catch {
		// Refused (no permission, not focused): try the older way below.
	}
	if (typeof document === 'undefined') return false;
	const area = document.createElement('textarea');
	area.value = text;
	area.setAttribute('readonly', '');
	Object.assign(area.style, { position: 'fixed', top: '0', left: '0', width: '1px', height: '1px', opacity: '0' });
	const before = document.activeElement as HTMLElement | null;
	document.body.appendChild(area);
	area.select();
	let ok = false;
	try {
		ok = document.execCommand('copy');
	} catch {
		ok = false;
	}
	area.remove();
	before?.focus?.({ preventScroll: true });
	return ok;
}
