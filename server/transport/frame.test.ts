import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { binaryFrame, framedMessage } from './frame.js';
import { AWARENESS_PREFIX, UPDATE_PREFIX, encodeAwareness, encodeUpdate } from './protocol.js';

// ws's own framing (its public static `Sender.frame`), to compare with: what `ws.send` writes for a server.
const { Sender } = createRequire(import.meta.url)('ws') as {
	Sender: { frame(data: Buffer, options: Record<string, unknown>): Buffer[] };
};
const wsFrame = (message: Uint8Array) =>
	Buffer.concat(Sender.frame(Buffer.from(message), { fin: true, opcode: 2, mask: false, readOnly: false, rsv1: false }));

describe(binaryFrame, () => {
	it('is byte for byte the frame ws sends, for each length encoding', () => {
		for (const length of [0, 1, 125, 126, 127, 65535, 65536, 200_000]) {
			const message = Uint8Array.from({ length }, (_, i) => (i * 7 + length) & 0xff);
			expect(binaryFrame(message).equals(wsFrame(message)), `${length} bytes`).toBe(true);
		}
	});
});

describe(framedMessage, () => {
	it('is the frame of the encoded message, and its message the encoding, at every length of the payload and of the frame', () => {
		// 0–127 takes one length byte, 128–16383 two, then three; 123/124 bytes tip the frame over 125, 65530 over 65535.
		for (const length of [0, 1, 122, 123, 124, 127, 128, 16383, 16384, 65530, 65531, 200_000]) {
			const payload = Uint8Array.from({ length }, (_, i) => (i * 13 + length) & 0xff);
			for (const [prefix, encode] of [
				[UPDATE_PREFIX, encodeUpdate],
				[AWARENESS_PREFIX, encodeAwareness]
			] as const) {
				const { frame, message } = framedMessage(prefix, payload);
				const expected = encode(payload);
				expect(Buffer.from(message).equals(Buffer.from(expected)), `${length} bytes`).toBe(true);
				expect(frame.equals(wsFrame(expected)), `${length} bytes`).toBe(true);
			}
		}
	});
});
