/**
 * The element schemas of the `content` document. Types come from the schemas and share their names.
 * Collaboration semantics: every field is last-writer-wins per field (a Y.Map key), except `text`,
 * which is a Y.Text so that two people typing in one note merge character by character.
 */
import { z } from 'zod';
import { NOTE_COLOR_NAMES, type NoteColorName } from '$lib/shared/colors.js';

/** `drafts` is per person: the server maps it to the connecting participant's own private notes. */
export const DOC_NAMES = ['content', 'control', 'server', 'drafts'] as const;
export const DocName = z.enum(DOC_NAMES);
export type DocName = z.infer<typeof DocName>;

export const ElementId = z.string().regex(/^[a-z0-9][a-z0-9-]{2,63}$/, 'an id is 3 to 64 lowercase letters, digits or hyphens');
export type ElementId = z.infer<typeof ElementId>;

const Coordinate = z.number().finite().min(-1_000_000).max(1_000_000);
const Size = z.number().finite().min(8).max(20_000);

export const MAX_TEXT = 5000;

/** A template's id: kebab-case, e.g. 'players-map'. */
export const TemplateId = z.string().regex(/^[a-z][a-z0-9-]{1,63}$/, 'a template id is kebab-case');
export type TemplateId = z.infer<typeof TemplateId>;

/** A JSON value (no undefined, functions or NaN). */
export const JsonValue = z.json();
export type JsonValue = z.infer<typeof JsonValue>;
/**
 * Template data on an element: its template validates the values. Stored one field per key in the
 * element's Y.Map (`d:<key>`), so two people changing different keys at once both win.
 */
export const DataKey = z.string().regex(/^[a-zA-Z][a-zA-Z0-9]{0,39}$/, 'a data key is a short camelCase name');
export const Data = z.record(DataKey, JsonValue).default({});
export type Data = z.infer<typeof Data>;

const Base = z.object({
	id: ElementId,
	index: z.string().min(1).max(128),
	/** The frame this element sits in, if any. Moving the frame moves it. */
	parent: ElementId.nullable().default(null),
	createdBy: z.string().max(64).optional(),
	/** Template data (a note's iceberg layer, a player's ring, a link's polarity). */
	data: Data
});

const Box = Base.extend({ x: Coordinate, y: Coordinate, w: Size, h: Size });

export const NoteColor = z.enum(NOTE_COLOR_NAMES as [NoteColorName, ...NoteColorName[]]);
export type NoteColor = z.infer<typeof NoteColor>;

export const Note = Box.extend({
	kind: z.literal('note'),
	text: z.string().max(MAX_TEXT).default(''),
	color: NoteColor.default('yellow')
});
export type Note = z.infer<typeof Note>;

export const TextLabel = Box.extend({
	kind: z.literal('text'),
	text: z.string().max(MAX_TEXT).default(''),
	fontSize: z.number().int().min(10).max(160).default(24)
});
export type TextLabel = z.infer<typeof TextLabel>;

export const Frame = Box.extend({
	kind: z.literal('frame'),
	title: z.string().max(200).default('Frame'),
	/** The template this frame was made from, if any (filled in by the template kit). */
	/** The template's settings for this frame (e.g. ring names) are in `data`. */
	template: TemplateId.nullable().default(null),
	/**
	 * The version of its template's data this frame holds (`TemplateModel.version`). Absent on frames saved
	 * before templates were versioned: read it with `templateVersionOf`, which counts those as version 1.
	 * Only the server changes it, when it migrates the frame (src/lib/templates/kit/migrate.ts).
	 */
	templateVersion: z.number().int().min(1).max(10_000).optional()
});
export type Frame = z.infer<typeof Frame>;

export const Connector = Base.extend({
	kind: z.literal('connector'),
	from: ElementId,
	to: ElementId,
	label: z.string().max(200).default('')
	// `data` types the connection: a player map's "refers to, strong", a causal link's polarity.
});
export type Connector = z.infer<typeof Connector>;

/**
 * An element that belongs to a template (a player, an iceberg note, a "how might we" card, a loop
 * variable): a box with text whose `type` and `data` its template defines and validates.
 */
export const Item = Box.extend({
	kind: z.literal('item'),
	template: TemplateId,
	type: z.string().regex(/^[a-z][a-z0-9-]{0,39}$/),
	text: z.string().max(MAX_TEXT).default(''),
	color: NoteColor.default('yellow')
});
export type Item = z.infer<typeof Item>;

export const Element = z.discriminatedUnion('kind', [Note, TextLabel, Frame, Connector, Item]);
export type Element = z.infer<typeof Element>;
export type ElementKind = Element['kind'];
export type BoxElement = Note | TextLabel | Frame | Item;

export const TEXT_KINDS = new Set<ElementKind>(['note', 'text', 'item']);

/** The template data version a frame holds: frames saved before templates were versioned are version 1. */
export function templateVersionOf(frame: Frame): number {
	return frame.templateVersion ?? 1;
}

export function isBox(el: Element): el is BoxElement {
	return el.kind !== 'connector';
}

/** What a person may ask to create: the id and index are filled in by the command. */
export const NewNote = Note.omit({ id: true, index: true }).partial({ w: true, h: true, parent: true });
export const NewTextLabel = TextLabel.omit({ id: true, index: true }).partial({ w: true, h: true, parent: true });
export const NewFrame = Frame.omit({ id: true, index: true }).partial({ parent: true });
export const NewConnector = Connector.omit({ id: true, index: true }).partial({ parent: true });
export const NewItem = Item.omit({ id: true, index: true }).partial({ parent: true });
export const NewElement = z.discriminatedUnion('kind', [NewNote, NewTextLabel, NewFrame, NewConnector, NewItem]);
export type NewElement = z.input<typeof NewElement>;

/** A partial change to one element; `kind`, `id` and `text` change through their own commands. */
export const ElementPatch = z
	.object({
		x: Coordinate,
		y: Coordinate,
		w: Size,
		h: Size,
		parent: ElementId.nullable(),
		color: NoteColor,
		fontSize: z.number().int().min(10).max(160),
		title: z.string().max(200),
		label: z.string().max(200),
		from: ElementId,
		to: ElementId
	})
	.partial()
	.strict();
export type ElementPatch = z.infer<typeof ElementPatch>;

export const DEFAULT_SIZE: Record<'note' | 'text', { w: number; h: number }> = {
	note: { w: 200, h: 160 },
	text: { w: 280, h: 48 }
};
