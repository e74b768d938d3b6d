/**
 * The canvas's look in one place: fonts, colours, sizes. No Konva here, so pure code and tests can use it.
 * Text colours are chosen for contrast of at least 4.5:1 on the pale note fills of `NOTE_COLORS`.
 */
export const FONT_FAMILY = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';

export const BOARD_BACKGROUND = '#f6f7f9';
export const GRID_DOT = '#c3c9d2';

/** Dark grey: about 13:1 on the yellow note, 11:1 on the grey one. */
export const NOTE_TEXT = '#1f2937';
export const NOTE_PADDING = 14;
export const NOTE_FONT_MAX = 24;
export const NOTE_FONT_MIN = 11;
export const NOTE_LINE_HEIGHT = 1.25;
export const NOTE_SHADOW = 'rgba(15, 23, 42, 0.14)';

export const TEXT_COLOR = '#111827';
export const TEXT_PLACEHOLDER = '#6b7280';
export const TEXT_LINE_HEIGHT = 1.2;

export const FRAME_FILL = 'rgba(255, 255, 255, 0.9)';
export const FRAME_STROKE = '#94a3b8';
export const FRAME_TITLE_COLOR = '#334155';
export const FRAME_TITLE_SIZE = 18;
/** Gap between the title's baseline box and the frame's top edge. */
export const FRAME_TITLE_GAP = 6;

export const CONNECTOR_COLOR = '#475569';
export const CONNECTOR_LABEL_SIZE = 14;

/** Blue 600: 5.2:1 on white, clear on every note colour. */
export const SELECTION_COLOR = '#2563eb';
export const SELECTION_FILL = 'rgba(37, 99, 235, 0.08)';

/** Smallest sizes a resize may reach, in board units. */
export const MIN_SIZE: Record<string, { w: number; h: number }> = {
	note: { w: 80, h: 60 },
	text: { w: 40, h: 24 },
	frame: { w: 160, h: 120 },
	item: { w: 60, h: 40 }
};

/** New frames made with a click (not a drag) of the frame tool. */
export const DEFAULT_FRAME = { w: 800, h: 600 };
