import { describe, expect, it } from 'vitest';
import { CHART, chartModel } from './chart.js';
import { rankQuestions } from './rank.js';

const questions = Array.from({ length: 12 }, (_, i) => ({
	id: `q${i}x`,
	text: `How might we try idea number ${i} with a long description attached?`
}));

describe(chartModel, () => {
	it('puts feasibility across and desirability up, with viability as size', () => {
		const rows = rankQuestions(questions.slice(0, 2), {
			q0x: { feasibility: 4, desirability: 1, viability: 0 },
			q1x: { feasibility: 1, desirability: 4, viability: 6 }
		});
		const m = chartModel(rows);
		const [a, b] = [m.points.find((p) => p.id === 'q0x')!, m.points.find((p) => p.id === 'q1x')!];
		expect(a.x).toBeGreaterThan(b.x);
		expect(a.y).toBeGreaterThan(b.y); // SVG y grows downwards
		expect(b.r).toBeGreaterThan(a.r);
		expect(m.xTicks.every((t) => Number.isInteger(t.value))).toBe(true);
	});

	it('leaves out questions with no dots and never lets two labels overlap', () => {
		const tallies = Object.fromEntries(questions.map((q, i) => [q.id, { feasibility: i % 3, desirability: i % 2, viability: i % 4 }]));
		const m = chartModel(rankQuestions(questions, tallies));
		expect(m.points.every((p) => p.row.total > 0)).toBe(true);
		const boxes = m.points
			.filter((p) => p.label)
			.map((p) => {
				const w = p.label.length * CHART.font * 0.56;
				const x = p.anchor === 'start' ? p.lx : p.anchor === 'end' ? p.lx - w : p.lx - w / 2;
				return { x, y: p.ly - CHART.font, w, h: CHART.font + 2 };
			});
		for (let i = 0; i < boxes.length; i++)
			for (let j = i + 1; j < boxes.length; j++) {
				const [a, b] = [boxes[i], boxes[j]];
				expect(a.x < b.x + b.w - 0.5 && b.x < a.x + a.w - 0.5 && a.y < b.y + b.h - 0.5 && b.y < a.y + a.h - 0.5, `${i} and ${j}`).toBe(
					false
				);
			}
		expect(m.points.filter((p) => p.label).length).toBeGreaterThan(3);
	});
});

describe('chartModel on a phone', () => {
	it('fits the width it is shown at and shortens labels', () => {
		const rows = rankQuestions(questions.slice(0, 3), {
			q0x: { feasibility: 3, desirability: 1, viability: 2 },
			q1x: { feasibility: 1, desirability: 3, viability: 1 }
		});
		const m = chartModel(rows, 340);
		expect(m.width).toBe(340);
		for (const p of m.points) {
			expect(p.x + p.r).toBeLessThanOrEqual(340);
			if (p.label.length > 3) expect(p.label.length).toBeLessThanOrEqual(20);
		}
	});
});
