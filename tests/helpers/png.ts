/**
 * Reading pixels back from screenshots: a small PNG decoder (8-bit RGB or RGBA, not interlaced, which is
 * what Chromium writes), so end-to-end tests can check what the canvas actually drew.
 */
import { readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';

export interface Pixels {
	width: number;
	height: number;
	/** [r, g, b] at a pixel (CSS pixels when the device scale factor is 1). */
	at(x: number, y: number): [number, number, number];
}

export function decodePng(data: Buffer): Pixels {
	if (data.readUInt32BE(0) !== 0x89504e47) throw new Error('not a PNG');
	let offset = 8;
	let width = 0;
	let height = 0;
	let channels = 0;
	const idat: Buffer[] = [];
	while (offset < data.length) {
		const length = data.readUInt32BE(offset);
		const type = data.toString('latin1', offset + 4, offset + 8);
		const body = data.subarray(offset + 8, offset + 8 + length);
		if (type === 'IHDR') {
			width = body.readUInt32BE(0);
			height = body.readUInt32BE(4);
			const depth = body[8];
			const colourType = body[9];
			if (depth !== 8 || (colourType !== 2 && colourType !== 6) || body[12] !== 0) {
				throw new Error(`unsupported PNG (depth ${depth}, colour type ${colourType}, interlace ${body[12]})`);
			}
			channels = colourType === 6 ? 4 : 3;
		} else if (type === 'IDAT') idat.push(body);
		else if (type === 'IEND') break;
		offset += 12 + length;
	}
	const raw = inflateSync(Buffer.concat(idat));
	const stride = width * channels;
	const out = Buffer.alloc(stride * height);
	for (let y = 0; y < height; y++) {
		const filter = raw[y * (stride + 1)];
		const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
		const row = y * stride;
		const prev = y > 0 ? row - stride : -1;
		for (let i = 0; i < stride; i++) {
			const a = i >= channels ? out[row + i - channels] : 0;
			const b = prev >= 0 ? out[prev + i] : 0;
			const c = prev >= 0 && i >= channels ? out[prev + i - channels] : 0;
			let v = line[i];
			if (filter === 1) v += a;
			else if (filter === 2) v += b;
			else if (filter === 3) v += (a + b) >> 1;
			else if (filter === 4) {
				const p = a + b - c;
				const pa = Math.abs(p - a);
				const pb = Math.abs(p - b);
				const pc = Math.abs(p - c);
				v += pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
			}
			out[row + i] = v & 0xff;
		}
	}
	return {
		width,
		height,
		at(x, y) {
			const px = Math.round(x);
			const py = Math.round(y);
			if (px < 0 || py < 0 || px >= width || py >= height) throw new Error(`pixel ${px},${py} is outside ${width}×${height}`);
			const i = py * stride + px * channels;
			return [out[i], out[i + 1], out[i + 2]];
		}
	};
}

export function readPng(path: string): Pixels {
	return decodePng(readFileSync(path));
}

/** Parses '#rrggbb'. */
export function hexColour(hex: string): [number, number, number] {
	const n = parseInt(hex.replace('#', ''), 16);
	return [(n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
}

/** The largest channel difference between two colours. */
export function colourDistance(a: readonly number[], b: readonly number[]): number {
	return Math.max(Math.abs(a[0] - b[0]), Math.abs(a[1] - b[1]), Math.abs(a[2] - b[2]));
}
