import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { binaryFrame } from './frame.js';

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
