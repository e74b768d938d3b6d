/**
 * A broadcast frames its message once. `ws.send` builds the WebSocket frame header for every recipient (an
 * options object, a header buffer, a corked two-buffer write per socket); a room relays each change to everyone in
 * it, so the server frames the message once (RFC 6455 section 5.2: a final, unmasked binary frame, as a server
 * sends it) and writes the same bytes to every socket (see `sendFrame` in connection.ts). Framing it once for a
 * broadcast is what ws's maintainers made `Sender.frame` public for (websockets/ws#1016).
 */

/** The whole WebSocket frame of one binary message from a server: header and payload in one buffer. */
export function binaryFrame(message: Uint8Array): Buffer {
	const length = message.length;
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
	frame.set(message, headerBytes);
	return frame;
}
