/**
 * How a players map looks, shared by the canvas renderer and the SVG export so the two agree. Pure.
 * Contrast (WCAG AA): ring names #1e293b on the ring fills are above 12:1; the centre label on its
 * amber disc about 13:1; chip text (#1f2937) on the pale note colours at least 11:1.
 */
import type { JsonValue } from '$lib/doc/schema.js';
import { linkTypeLabel, QUALITIES, type QualityId } from './schema.js';

export const RING_FILLS = ['#f1f5f9', '#e2e8f0'] as const;
export const CENTRE_FILL = '#fde68a';
export const RING_STROKE = '#64748b';
export const RING_TEXT = '#1e293b';
export const LEGEND_TEXT = '#1e293b';
export const CHIP_TEXT = '#1f2937';
export const CHIP_STROKE = '#475569';
export const CHIP_NAME_SIZE = 19;
export const CHIP_BADGE_SIZE = 14;
export const CHIP_PAD = 10;
/** Red 700: 6.5:1 on white, and strained lines are dashed and labelled too. */
export const STRAINED_COLOR = '#b91c1c';
export const LINK_COLOR = '#334155';

/** The fill of ring `k` (the centre disc is amber; the bands alternate so each stands out). */
export function ringFill(k: number): string {
	return k === 0 ? CENTRE_FILL : RING_FILLS[k % 2];
}

export interface LinkLook {
	width: number;
	dash: number[];
	color: string;
	/** The label drawn on the line when the connector has none of its own. */
	label: string;
	arrow: boolean;
}

/** How each quality is drawn: width and dash carry the meaning, colour only adds to it. */
export const QUALITY_LOOK: Record<QualityId, { width: number; dash: number[]; color: string; note: string }> = {
	strong: { width: 6, dash: [], color: LINK_COLOR, note: 'thick solid line' },
	working: { width: 2.5, dash: [], color: LINK_COLOR, note: 'solid line' },
	weak: { width: 2.5, dash: [1, 8], color: LINK_COLOR, note: 'dotted line' },
	strained: { width: 3, dash: [16, 9], color: STRAINED_COLOR, note: 'red dashed line marked "strained"' }
};

/** Types that run both ways get no arrowhead. */
const SYMMETRIC = new Set(['shares-information']);

export function linkLook(data: Record<string, JsonValue>): LinkLook {
	const quality = (QUALITIES.some((q) => q.value === data.quality) ? data.quality : 'working') as QualityId;
	const look = QUALITY_LOOK[quality];
	const type = data.type === 'other' || typeof data.type !== 'string' ? '' : linkTypeLabel(data.type);
	const label = quality === 'strained' ? (type ? `${type} · strained` : 'strained') : type;
	return { width: look.width, dash: look.dash, color: look.color, label, arrow: !SYMMETRIC.has(String(data.type)) };
}
