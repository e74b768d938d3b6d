/**
 * A broadcast frames its message once. `ws.send` builds the WebSocket frame header for every recipient (an
 * options object, a header buffer, a corked two-buffer write per socket); a room relays each change to everyone in
 * it, so the server frames the message once (RFC 6455 section 5.2: a final, unmasked binary frame, as a server
 * sends it) and writes the same bytes to every socket (see `sendFrame` in connection.ts). Framing it once for a
 * broadcast is what ws's maintainers made `Sender.frame` public for (websockets/ws#1016).
 */

/** The whole WebSocket frame of one binary message from a server: header and payload in one buffer. */
export function binaryFrame(message: Uint8Array): Buffer {
	const { frame, headerBytes } = frameFor(message.length);
	frame.set(message, headerBytes);
	return frame;
}

/** A buffer for a frame of `length` payload bytes, its header written: the payload goes from `headerBytes` on. */
function frameFor(length: number): { frame: Buffer; headerBytes: number } {
	const headerBytes = length > 65535 ? 10 : length > 125 ? 4 : 2;
	const frame = Buffer.allocUnsafe(headerBytes + length);
	// FIN, opcode 2 (binary); no mask bit (a server never masks), no extension bits (no compression on our sockets).
	frame[0] = 0x82;
	if (headerBytes === 2) frame[1] = length;
	else if (headerBytes === 4) {
		frame[1] = 126;
		frame.writeUInt16BE(length, 2);
	} else {
		frame[1] = 127;
		frame.writeUInt32BE(0, 2);
		frame.writeUInt32BE(length, 6);
	}
	return { frame, headerBytes };
}

/**
 * The frame of a y-websocket message made of `prefix` (its type bytes, each below 128) and `payload` with its length
 * before it (lib0's varuint and bytes, as `writeVarUint8Array` writes them), built straight into one buffer: what
 * `binaryFrame(encodeUpdate(update))` gives, without encoding the message and then copying it into the frame (a
 * room does this for every change it relays). `message` is the message's bytes inside the frame (no copy), for a
 * socket that cannot take the frame as it is.
 */
export function framedMessage(prefix: readonly number[], payload: Uint8Array): { frame: Buffer; message: Uint8Array } {
	let lengthBytes = 1;
	for (let n = payload.length; n > 0x7f; n = Math.floor(n / 128)) lengthBytes++;
	const { frame, headerBytes } = frameFor(prefix.length + lengthBytes + payload.length);
	let at = headerBytes;
	for (const byte of prefix) frame[at++] = byte;
	let n = payload.length;
	while (n > 0x7f) {
		frame[at++] = 0x80 | (n & 0x7f);
		n = Math.floor(n / 128);
	}
	frame[at++] = n;
	frame.set(payload, at);
	return { frame, message: new Uint8Array(frame.buffer, frame.byteOffset + headerBytes, frame.length - headerBytes) };
}
