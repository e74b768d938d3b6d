/**
 * Benchmark clients that ask for "saved" acknowledgements (`acks=1`) read them as the app does
 * (src/lib/sync/board-connection.ts): the stock provider does not know the message type and would log
 * "Unable to compute message" for each one.
 */
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import type { Client } from '../../tests/helpers/clients.js';
import { MESSAGE_SAVED } from '../../server/transport/protocol.js';

export function readAcks(client: Client): Client {
	client.provider.messageHandlers[MESSAGE_SAVED] = (_encoder, decoder) => {
		Y.decodeStateVector(decoding.readVarUint8Array(decoder));
	};
	return client;
}
