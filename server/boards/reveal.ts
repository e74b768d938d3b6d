/**
 * Private writing on the server: the facilitator's reveal, and the per-person counts of waiting notes.
 *
 * The reveal reads everyone's drafts, flows each note into the place its author chose (`flowNotes`:
 * its exercise and section, clear of other notes, labels and headings), writes the board's content
 * first and only then removes the drafts it placed, so a note written during the reveal stays in its
 * author's drafts for the next one: nothing accepted is lost.
 *
 * The counts: while people write, the `server` document says how many notes each person has waiting
 * (`waiting`: participant id → count), so the facilitator knows when the room is ready. Only numbers
 * leave a drafts room; the words stay in their author's own document until the reveal.
 */
import type * as Y from 'yjs';
import { clearDrafts, readDrafts, setPrivateWriting, writeWaiting } from '../../src/lib/doc/drafts.js';
import { readMembers } from '../../src/lib/doc/members.js';
import { SERVER } from '../../src/lib/doc/origins.js';
import { placementRules } from '../../src/lib/templates/kit/placement.js';
import { flowNotes, type RevealNote } from '../../src/lib/drafts/flow.js';
import type { TemplateModel } from '../../src/lib/templates/kit/model.js';
import { TEMPLATE_MODELS } from '../../src/lib/templates/models.js';
import type { Logger } from '../log.js';
import type { RoomRegistry } from '../transport/rooms.js';
import { draftsRoom } from '../transport/connection.js';

export interface Revealed {
	/** Notes placed on the board. */
	revealed: number;
	/** People whose notes they were. */
	people: number;
	/** Notes that landed where their authors meant them to go. */
	inPlace: number;
	/** Notes written for a place that is gone or full: in the facilitator's frame or beside the board. */
	elsewhere: number;
}

/**
 * Reveals everyone's private notes. `frameId` is where notes without a place (or whose place is gone)
 * go; null: free space beside the board.
 */
export async function revealDrafts(
	rooms: RoomRegistry,
	boardId: string,
	frameId: string | null,
	models: readonly TemplateModel[] = TEMPLATE_MODELS
): Promise<Revealed> {
	const members = await rooms.read(`${boardId}/server`, (doc) => readMembers(doc));
	// Everyone's drafts load at once (each is its own room), in the order people joined.
	const read = await Promise.all(
		members.map(async (member) => ({
			authorId: member.id,
			drafts: await rooms.read(draftsRoom(boardId, member.id), (doc) => readDrafts(doc))
		}))
	);
	const groups = read.filter((g) => g.drafts.length > 0);
	const notes: RevealNote[] = groups.flatMap((g) =>
		g.drafts.map((d) => ({ authorId: g.authorId, text: d.text, color: d.color, place: d.place }))
	);
	let landed: string[] = [];
	await rooms.change(`${boardId}/content`, (doc) => {
		// The board's rules run as each note is created, as when someone drops a note there.
		landed = flowNotes(doc, models, notes, frameId, SERVER, placementRules(models)).landed;
	});
	for (const group of groups) {
		let left = 0;
		await rooms.change(draftsRoom(boardId, group.authorId), (doc) => {
			clearDrafts(
				doc,
				group.drafts.map((d) => d.id),
				SERVER
			);
			left = readDrafts(doc).length;
		});
		await rooms.change(`${boardId}/server`, (doc) => writeWaiting(doc, group.authorId, left, SERVER));
	}
	await rooms.change(`${boardId}/control`, (doc) => setPrivateWriting(doc, false, Date.now(), SERVER, true));
	const asked = notes.filter((n) => n.place !== null).length;
	const inPlace = landed.filter((l) => l === 'place').length;
	return { revealed: notes.length, people: groups.length, inPlace, elsewhere: asked - inPlace };
}

/** `<board>/drafts/<participant>` → its parts, or null for any other room. */
function parseDraftsRoom(name: string): { boardId: string; participantId: string } | null {
	const parts = name.split('/');
	return parts.length === 3 && parts[1] === 'drafts' && parts[0] && parts[2] ? { boardId: parts[0], participantId: parts[2] } : null;
}

/**
 * The room registry, with the counts of waiting notes kept up to date: whenever someone's drafts room is
 * joined, it is watched, and every change to it republishes that person's count (coalesced: one write
 * at a time per room, then one more if drafts changed meanwhile). Composed in `app.ts`.
 */
export function withWaitingCounts(rooms: RoomRegistry, log: Logger): RoomRegistry {
	const watched = new WeakSet<Y.Doc>();
	const watch = (doc: Y.Doc, boardId: string, participantId: string) => {
		let running = false;
		let again = false;
		const publish = async () => {
			if (running) {
				again = true;
				return;
			}
			running = true;
			try {
				do {
					again = false;
					const count = readDrafts(doc).length;
					await rooms.change(`${boardId}/server`, (server) => writeWaiting(server, participantId, count, SERVER));
				} while (again);
			} catch (error) {
				log.warn({ board: boardId, error }, 'could not publish the count of waiting notes');
			} finally {
				running = false;
			}
		};
		doc.on('update', () => void publish());
		void publish();
	};
	return {
		...rooms,
		async join(name, connection) {
			const room = await rooms.join(name, connection);
			const drafts = parseDraftsRoom(name);
			if (drafts && !watched.has(room.doc)) {
				watched.add(room.doc);
				watch(room.doc, drafts.boardId, drafts.participantId);
			}
			return room;
		}
	};
}
