/**
 * The method's framing rule (domain.md 1.3): ideas are written as questions starting with "how might
 * we...?" or "what if...?". The seeds' own prioritised questions open with the theme they answer
 * ("On the system being difficult to navigate, how might we …"), so that lead-in is allowed too.
 * Pure: the card, the panel and the outline all ask the same functions.
 */

const LEAD_IN = /^(on [^,?]{1,200},\s*)?/i;
const FRAMED = /^(on [^,?]{1,200},\s*)?(how might we|what if)\b/i;
/** Near misses that only need their opening swapped ("How can we …" → "How might we …"). */
const NEAR = /^(how (can|could|do|should|would|will) we|can we|could we|should we|we (should|could|must|need to|can|might|will))\b\s*/i;

/** Whether `text` starts (after an optional "On <theme>," lead-in) with "How might we" or "What if". */
export function isFramed(text: string): boolean {
	return FRAMED.test(text.trim());
}

/**
 * A rewrite of `text` that starts with "How might we" and ends with "?", or null when it is framed
 * already or empty. A lead-in ("On thresholds, …") is kept.
 * @example suggestFraming('We should share practice between schools') // 'How might we share practice between schools?'
 */
export function suggestFraming(text: string): string | null {
	const trimmed = text.trim().replace(/\s+/g, ' ');
	if (!trimmed || isFramed(trimmed)) return null;
	const lead = trimmed.match(LEAD_IN)?.[0] ?? '';
	let rest = trimmed.slice(lead.length).replace(NEAR, '');
	rest = rest.replace(/[.!?…\s]+$/, '');
	if (!rest) return null;
	// Keep capitals that mean something (acronyms such as "SENCOs", "LA"); lower the first letter of an ordinary word.
	const first = rest.split(' ')[0];
	if (!/^[A-Z]{2,}/.test(first)) rest = rest.charAt(0).toLowerCase() + rest.slice(1);
	const opening = lead ? 'how might we' : 'How might we';
	return `${lead}${opening} ${rest}?`;
}
