/**
 * The Iceberg's drawing as plain shapes in frame-local coordinates: bands, the wavy waterline, the
 * iceberg silhouette, grid lines and every piece of chrome text. The Konva chrome and the SVG export
 * both draw from this one list, so the canvas and the export always agree.
 */
import { geometry, LABEL_W, MARGIN, HEADER_H } from './layout.js';
import { BANDS, GRID_LINE, HEADER_FILL, ICE_FILL, ICE_STROKE, INK, INK_SOFT, SIZES, WATER, WATERLINE } from './palette.js';
import { COLUMN_CAPTION, LAYERS } from './schema.js';

export type Shape =
	| { type: 'rect'; x: number; y: number; w: number; h: number; fill: string; radius?: [number, number, number, number] }
	| { type: 'poly'; points: number[]; fill?: string; stroke?: string; strokeWidth?: number; closed: boolean; dash?: number[] }
	| {
			type: 'text';
			name: string;
			x: number;
			y: number;
			w: number;
			text: string;
			size: number;
			fill: string;
			bold?: boolean;
			italic?: boolean;
			align?: 'left' | 'center';
			/** Keep to one line: the canvas ends it with an ellipsis, the export shrinks the type to fit. */
			oneLine?: boolean;
			/** Draw below the text named here (its wrapped height plus `gap`), else at `y`. */
			below?: { name: string; gap: number };
	  };

/** The line under the title: the toolkit's own words on why the layers matter. */
export const HEADER_LINE =
	'Together, these different levels help not only to broaden our perspective on problems, but to consider where we might intervene to have the most impact.';

const WAVE = { amplitude: 8, length: 80 };

/** Iceberg outline: [x as a fraction of the grid width from its centre, y in rows from the grid top]. */
const ICE: [number, number][] = [
	[-0.03, 0.3],
	[0.04, 0.22],
	[0.09, 0.42],
	[0.15, 0.7],
	[0.2, 1],
	[0.3, 1.45],
	[0.38, 2.1],
	[0.42, 2.8],
	[0.37, 3.5],
	[0.22, 3.9],
	[-0.08, 3.95],
	[-0.3, 3.72],
	[-0.41, 3.05],
	[-0.38, 2.2],
	[-0.29, 1.5],
	[-0.19, 1],
	[-0.12, 0.6]
];

/**
 * Everything the frame shows besides its contents, for a frame of size w × h.
 * @example chromeShapes(2040, 1848, 'Leveraging…', { drivers: 'Drivers', barriers: 'Barriers' })
 */
export function chromeShapes(w: number, h: number, title: string, names: { drivers: string; barriers: string }): Shape[] {
	const g = geometry({ x: 0, y: 0, w, h });
	const rowH = g.grid.h / 4;
	const colW = g.grid.w / 2;
	const { amplitude: A, length: L } = WAVE;
	const shapes: Shape[] = [
		{ type: 'rect', x: 0, y: 0, w, h: g.grid.y, fill: HEADER_FILL, radius: [8, 8, 0, 0] },
		{ type: 'rect', x: 0, y: g.bands[0].y, w, h: rowH + A, fill: BANDS[0] }
	];
	g.bands.slice(1).forEach((band, i) => {
		const last = i === 2;
		const y = i === 0 ? band.y + A : band.y;
		shapes.push({ type: 'rect', x: 0, y, w, h: band.y + band.h - y, fill: BANDS[i + 1], radius: last ? [0, 0, 8, 8] : undefined });
	});
	const wave: number[] = [];
	for (let x = 0; x <= w; x += L / 8) wave.push(x, g.waterY + A * Math.sin((2 * Math.PI * x) / L));
	wave.push(w, g.waterY + A * Math.sin((2 * Math.PI * w) / L));
	shapes.push({ type: 'poly', points: [...wave, w, g.waterY + A + 1, 0, g.waterY + A + 1], fill: WATER[0], closed: true });
	const cx = g.grid.x + colW;
	shapes.push({
		type: 'poly',
		points: ICE.flatMap(([fx, fy]) => [cx + fx * g.grid.w, g.grid.y + fy * rowH]),
		fill: ICE_FILL,
		stroke: ICE_STROKE,
		strokeWidth: 3,
		closed: true
	});
	shapes.push({ type: 'poly', points: wave, stroke: WATERLINE, strokeWidth: 4, closed: false });
	const line = (points: number[]): Shape => ({ type: 'poly', points, stroke: GRID_LINE, strokeWidth: 2, closed: false, dash: [10, 8] });
	shapes.push(line([g.grid.x, g.columnHead.y + 8, g.grid.x, h - MARGIN / 2]), line([cx, g.columnHead.y + 8, cx, h - MARGIN / 2]));
	for (const band of g.bands.slice(2)) shapes.push(line([MARGIN / 2, band.y, w - MARGIN / 2, band.y]));
	shapes.push(line([MARGIN / 2, g.grid.y, w - MARGIN / 2, g.grid.y]));

	const text = (t: Omit<Extract<Shape, { type: 'text' }>, 'type' | 'fill'> & { fill?: string }): Shape => ({
		type: 'text',
		fill: INK,
		...t
	});
	shapes.push(
		text({ name: 'title', x: MARGIN, y: 22, w: w - 2 * MARGIN, text: title, size: SIZES.title, bold: true, oneLine: true }),
		text({ name: 'header-line', x: MARGIN, y: HEADER_H - 44, w: w - 2 * MARGIN, text: HEADER_LINE, size: SIZES.headerLine, fill: INK_SOFT })
	);
	(['drivers', 'barriers'] as const).forEach((column, i) =>
		shapes.push(
			text({
				name: `column-${column}`,
				x: g.grid.x + i * colW,
				y: g.columnHead.y + 10,
				w: colW,
				text: names[column],
				size: SIZES.column,
				bold: true,
				align: 'center'
			})
		)
	);
	shapes.push(
		text({
			name: 'caption',
			x: g.grid.x,
			y: g.columnHead.y + 58,
			w: g.grid.w,
			text: COLUMN_CAPTION,
			size: SIZES.caption,
			italic: true,
			fill: INK_SOFT,
			align: 'center'
		})
	);
	LAYERS.forEach((layer, i) => {
		const band = g.labels[i];
		const y = band.y + (i === 1 ? A + 18 : 18);
		shapes.push(
			text({
				name: `layer-${layer.layer}`,
				x: MARGIN,
				y,
				w: LABEL_W - 2 * MARGIN,
				text: `${layer.layer}. ${layer.name}`,
				size: SIZES.layer,
				bold: true
			}),
			text({
				name: `prompt-${layer.layer}`,
				x: MARGIN,
				y: y + 2 * SIZES.layer * 1.2 + 10,
				w: LABEL_W - 2 * MARGIN,
				text: layer.prompt,
				size: SIZES.prompt,
				below: { name: `layer-${layer.layer}`, gap: 10 }
			})
		);
	});
	return shapes;
}
