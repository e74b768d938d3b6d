/**
 * Calendar dates as UK council papers write them ("9 Jan 2027"), and "today" as a person in the UK
 * means it. Dates are stored as ISO `yyyy-mm-dd` (a calendar date, no time and no zone); only these
 * helpers turn them into words, with the platform's Intl (CLDR's en-GB), never by hand.
 *
 * Why not `new Date().toISOString().slice(0, 10)` for today: that is the date in UTC, which in British
 * Summer Time is yesterday between midnight and 1 am.
 */

/** The zone the exports' "today" is in: the product is for UK local authorities. */
export const UK_ZONE = 'Europe/London';

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A `yyyy-mm-dd` string as midnight UTC of that day, or null when it is not a real calendar date. */
export function parseIsoDate(value: unknown): Date | null {
	if (typeof value !== 'string') return null;
	const m = ISO.exec(value.trim());
	if (!m) return null;
	const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
	return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]) ? d : null;
}

const short = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
const long = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/**
 * "9 Jan 2027" for `2027-01-09` (CLDR's en-GB abbreviations: "Sept" for September). Text that is not
 * a real date comes back unchanged, so nothing people typed is lost. The spaces are no-break spaces
 * when `keep` is set, so a printed date never splits across two lines.
 * @example ukDate('2027-01-09') // '9 Jan 2027'
 */
export function ukDate(iso: string, options: { long?: boolean; keep?: boolean } = {}): string {
	const date = parseIsoDate(iso);
	if (!date) return iso;
	const text = (options.long ? long : short).format(date);
	return options.keep ? text.replace(/ /g, '\u00a0') : text;
}

/** The calendar date of `instant` in `zone` as `yyyy-mm-dd`. */
export function isoDateIn(instant: Date, zone: string): string {
	// en-CA formats a date as yyyy-mm-dd; the parts are read rather than the string trusted.
	const parts = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(
		instant
	);
	const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
	return `${get('year')}-${get('month')}-${get('day')}`;
}

/** Today in the UK (`yyyy-mm-dd`): what the server stamps on a report. */
export function ukToday(now: Date = new Date()): string {
	return isoDateIn(now, UK_ZONE);
}

/** Today where this browser is (`yyyy-mm-dd`, local calendar): the default date of a progress update. */
export function localToday(now: Date = new Date()): string {
	const pad = (n: number) => String(n).padStart(2, '0');
	return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
