/**
 * Plain words for every element of a players map: the outline, screen readers and exports read these.
 * @example "Player: SENCO (School), ring 2: The school, 3 connections"
 */
import type { BoxElement, Connector, Element, Frame } from '$lib/doc/schema.js';
import type { DescribeContext } from '../kit/model.js';
import { isItemOf } from '../kit/model.js';
import { groupInfo } from './palette.js';
import { ID, linkTypeLabel, qualityLabel, ringsOf } from './schema.js';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function isPlayer(el: Element): el is Extract<Element, { kind: 'item' }> {
	return isItemOf(el, ID, 'player');
}

/** "ring 2: The school", or '' when the element has no ring. */
export function ringPhrase(ring: unknown, frame: Frame): string {
	const rings = ringsOf(frame);
	return typeof ring === 'number' && ring >= 0 && ring < rings.length ? `ring ${ring}: ${rings[ring]}` : '';
}

function nameOf(el: Element | undefined): string {
	if (!el) return 'a missing shape';
	if (el.kind === 'frame') return el.title || 'a frame';
	if (el.kind === 'connector') return 'a connection';
	return el.text.trim().replace(/\s+/g, ' ') || (isPlayer(el) ? 'an unnamed player' : 'an empty note');
}

function connectionCount(id: string, ctx: DescribeContext): number {
	let n = 0;
	for (const e of ctx.byId.values()) if (e.kind === 'connector' && (e.from === id || e.to === id)) n++;
	return n;
}

function describeFrame(frame: Frame, ctx: DescribeContext): string {
	const inside = [...ctx.byId.values()].filter((e) => e.kind !== 'connector' && e.kind !== 'frame' && e.parent === frame.id);
	const players = inside.filter(isPlayer).length;
	const others = inside.length - players;
	const more = others > 0 ? ` and ${plural(others, 'other note')}` : '';
	return `System-Players Map frame with ${plural(players, 'player')}${more} in ${plural(ringsOf(frame).length, 'ring')}`;
}

export function describeConnection(link: Connector, ctx: DescribeContext): string {
	const from = nameOf(ctx.byId.get(link.from));
	const to = nameOf(ctx.byId.get(link.to));
	if (link.data.template !== ID) return `Connection: ${from} to ${to}${link.label ? ` (${link.label})` : ''}`;
	const type = link.data.type;
	const verb = type === 'other' || typeof type !== 'string' ? 'is connected to' : linkTypeLabel(type);
	const quality = qualityLabel(link.data.quality);
	const label = link.label.trim() ? ` ("${link.label.trim()}")` : '';
	return `Connection: ${from} ${verb} ${to}${label}${quality ? `, ${quality} relationship` : ''}`;
}

function describeBox(el: BoxElement, ctx: DescribeContext): string {
	const frame = el.kind !== 'frame' && el.parent ? ctx.byId.get(el.parent) : undefined;
	const ring = frame?.kind === 'frame' && frame.template === ID ? ringPhrase(el.data.ring, frame) : '';
	const where = ring ? `, ${ring}` : '';
	const links = `, ${plural(connectionCount(el.id, ctx), 'connection')}`;
	switch (el.kind) {
		case 'item':
			return el.template === ID && el.type === 'player'
				? `Player: ${nameOf(el)} (${groupInfo(el.data.group).label})${where}${links}`
				: `Item: ${nameOf(el)}${where}${links}`;
		case 'note':
			return `Note: ${nameOf(el)}${where}${links}`;
		case 'text':
			return `Text: ${el.text.trim() || 'empty'}${where}`;
		default:
			return `Frame: ${el.title}`;
	}
}

export function describe(el: Element, ctx: DescribeContext): string {
	if (el.kind === 'frame') return el.template === ID ? describeFrame(el, ctx) : `Frame: ${el.title}`;
	if (el.kind === 'connector') return describeConnection(el, ctx);
	return describeBox(el, ctx);
}
