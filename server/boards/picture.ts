/**
 * The board's first picture (src/lib/doc/far-picture.ts), as the JSON a board page fetches while its scripts
 * load. Built from the elements the content room's rules already hold parsed, once per change of the board:
 * the room keeps the encoded bytes until its document next changes (as it keeps the whole-board sync step 2).
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

/** The picture of board `id` as JSON bytes. */
export function pictureJson(rooms: RoomRegistry, id: string, templates: readonly TemplateModel[]): Promise<Buffer> {
	const linkColor = linkColorOf(templates);
	return rooms.read(`${id}/content`, (doc, room) => {
		room.picture ??= Buffer.from(JSON.stringify(buildFarPicture(room.guard?.elements() ?? readElements(doc), linkColor)));
		return room.picture;
	});
}
