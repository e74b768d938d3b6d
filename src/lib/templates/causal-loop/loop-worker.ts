/**
 * The loop worker (a Web Worker started by `startLoopAnalyses` in offthread.ts): searches and numbers each
 * frame's loops as the main thread asks, off the main thread. All the work is `searchAnswer` (worker-core.ts).
 */
import { buffersOf, searchAnswer, type SearchRequest, type WorkerState } from './worker-core.js';

interface Scope {
	onmessage: ((event: MessageEvent<SearchRequest>) => void) | null;
	postMessage(message: unknown, transfer: Transferable[]): void;
}

function serve(scope: Scope): void {
	const state: WorkerState = new Map();
	scope.onmessage = (event) => {
		const answer = searchAnswer(state, event.data);
		scope.postMessage(answer, buffersOf(answer.delayed, answer.starts, answer.members, answer.links));
	};
}

serve(self as unknown as Scope);
