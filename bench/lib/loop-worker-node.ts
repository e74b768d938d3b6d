/**
 * The loop worker for bench/lib/live-loops.ts: `searchAnswer` in a Node worker thread (its own isolate and
 * heap, as a Web Worker in the browser has), answering on the port it is handed and then raising a flag the
 * bench waits on, so the bench reads the answer on the main thread when it chooses (`receiveMessageOnPort`).
 */
import { workerData, type MessagePort } from 'node:worker_threads';
import { buffersOf, searchAnswer, type SearchRequest, type WorkerState } from '../../src/lib/templates/causal-loop/worker-core.js';

const { port, flag } = workerData as { port: MessagePort; flag: Int32Array };
const state: WorkerState = new Map();
port.on('message', (request: SearchRequest) => {
	const answer = searchAnswer(state, request);
	port.postMessage(answer, buffersOf(answer.delayed, answer.starts, answer.members, answer.links));
	Atomics.add(flag, 0, 1);
	Atomics.notify(flag, 0);
});
