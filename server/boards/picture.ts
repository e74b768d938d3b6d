/**
 * The board's first picture (src/lib/doc/far-picture.ts), as the JSON a board page fetches while its scripts
 * load. Built from the elements the content room's rules already hold parsed, and kept on the room. After the
 * board changes it is built again on the next request, but at most once per REBUILD_MS: in a busy room a member
 * asking again and again gets the kept picture (a second old at most, which the canvas replaces with the live
 * board anyway) instead of making the event loop build it each time (about 5 ms at 6,000 elements).
 */
import type { RoomRegistry } from '../transport/rooms.js';
import { buildFarPicture } from '../../src/lib/doc/far-picture.js';
import { readElements } from '../../src/lib/doc/read.js';
import type { Connector } from '../../src/lib/doc/schema.js';
import type { TemplateModel } from '../../src/lib/templates/kit/model.js';

/** A template connector's colour, from its template's model (null: a plain connector). */
export function linkColorOf(templates: readonly TemplateModel[]): (connector: Connector) => string | null {
	const byId = new Map(templates.map((t) => [t.id, t]));
	return (connector) => {
		const template = connector.data.template;
		return typeof template === 'string' ? (byId.get(template)?.linkColor?.(connector.data) ?? null) : null;
	};
}

export const REBUILD_MS = 1000;

/** The picture of board `id` as JSON bytes. */
export function pictureJson(
	rooms: RoomRegistry,
	id: string,
	templates: readonly TemplateModel[],
	now: () => number = () => performance.now()
): Promise<Buffer> {
	const linkColor = linkColorOf(templates);
	return rooms.read(`${id}/content`, (doc, room) => {
		const kept = room.picture;
		const at = now();
		if (kept && (!kept.stale || at - kept.builtAt < REBUILD_MS)) return kept.bytes;
		const bytes = Buffer.from(JSON.stringify(buildFarPicture(room.guard?.elements() ?? readElements(doc), linkColor)));
		room.picture = { bytes, builtAt: at, stale: false };
		return bytes;
	});
}
