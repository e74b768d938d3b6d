/** The round's questions with their current text, in the round's order (pure). */
import type { Element } from '$lib/doc/schema.js';
import type { Round } from '$lib/doc/votes.js';

export function roundQuestions(round: Round | null, elements: readonly Element[]): { id: string; text: string }[] {
	if (!round) return [];
	const byId = new Map(elements.map((e) => [e.id, e]));
	return round.questions.map((id) => {
		const el = byId.get(id);
		return { id, text: el && 'text' in el ? el.text.trim() : '' };
	});
}
