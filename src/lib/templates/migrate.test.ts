import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createElement, readElements, SYSTEM, type Element, type Frame } from '$lib/doc/index.js';
import { actionPlanModel } from './action-plan/model.js';
import { TEMPLATE_MODELS } from './models.js';
import { defineTemplateModel, type FrameContents, type Migration, type TemplateModel } from './kit/model.js';
import { migrateBoard, migrateElements, MigrationError } from './kit/migrate.js';
import { addExercise } from './kit/seed.js';

/** A test-only version of the action plan: `steps` are its migrations, and `version` follows them. */
function planAt(steps: Migration[]): TemplateModel {
	return defineTemplateModel({ ...actionPlanModel, version: steps.length + 1, migrations: steps });
}

/** A step that renames the frame's title and records that it ran. */
function titleStep(from: number, runs: number[]): Migration {
	return {
		from,
		what: `title ${from}`,
		up: (c: FrameContents) => {
			runs.push(from);
			return { ...c, frame: { ...c.frame, title: `${c.frame.title} v${from + 1}` } };
		}
	};
}

/** A board with one worked-example action plan and a loose note linked to its first action, saved before versions. */
function unversionedPlan(): { elements: Element[]; frame: Frame } {
	const doc = new Y.Doc();
	addExercise(doc, actionPlanModel, { example: true });
	const action = readElements(doc).find((e) => e.kind === 'item')!;
	const note = createElement(doc, { kind: 'note', x: -500, y: 0, text: 'Ask the SENCO' }, SYSTEM);
	createElement(doc, { kind: 'connector', from: note, to: action.id }, SYSTEM);
	const elements = readElements(doc).map((e) => (e.kind === 'frame' ? (({ templateVersion: _, ...rest }) => rest as Element)(e) : e));
	return { elements, frame: elements.find((e): e is Frame => e.kind === 'frame')! };
}

describe(migrateElements, () => {
	it('counts a frame without a version as version 1 and only records the version when nothing needs migrating', () => {
		const { elements, frame } = unversionedPlan();
		const result = migrateElements(elements, TEMPLATE_MODELS);
		expect(result.migrated).toEqual([]);
		expect([...result.changes.keys()]).toEqual([frame.id]);
		expect(result.changes.get(frame.id)).toEqual({ ...frame, templateVersion: 1 });
		// Run on its own result, there is nothing left to do.
		expect(migrateElements(result.elements, TEMPLATE_MODELS).changes.size).toBe(0);
	});

	it('runs each step a frame needs once, in order, and records the version it reached', () => {
		const runs: number[] = [];
		const v3 = planAt([titleStep(2, runs), titleStep(1, runs)]);
		const { elements, frame } = unversionedPlan();
		const once = migrateElements(elements, [v3]);
		expect(runs).toEqual([1, 2]);
		expect(once.migrated).toEqual([{ frame: frame.id, template: 'action-plan', from: 1, to: 3 }]);
		expect(once.changes.get(frame.id)).toMatchObject({ title: `${frame.title} v2 v3`, templateVersion: 3 });
		// Everything else is as it was, in the same order.
		expect(once.elements.map((e) => e.id)).toEqual(elements.map((e) => e.id));
		expect(once.elements.filter((e) => e.kind !== 'frame')).toEqual(elements.filter((e) => e.kind !== 'frame'));
		migrateElements(once.elements, [v3]);
		expect(runs).toEqual([1, 2]);
		// A frame already at version 2 runs only the last step.
		migrateElements([{ ...frame, templateVersion: 2 } as Element], [v3]);
		expect(runs).toEqual([1, 2, 2]);
	});

	it('leaves frames of templates it does not know, and frames newer than their template here, alone', () => {
		const { elements, frame } = unversionedPlan();
		expect(migrateElements(elements, []).changes.size).toBe(0);
		expect(migrateElements([{ ...frame, templateVersion: 7 } as Element], TEMPLATE_MODELS).changes.size).toBe(0);
	});

	it('removes what a step drops, with connectors from outside that would dangle, and adds what it makes', () => {
		const { elements, frame } = unversionedPlan();
		const before = elements.filter((e) => e.parent === frame.id);
		const dropFirst = planAt([
			{
				from: 1,
				what: 'drop the first action, add a heading',
				up: (c) => ({
					...c,
					items: [...c.items.slice(1), { ...c.items[0], id: 'new-heading', kind: 'text', text: 'Actions', fontSize: 24 } as never],
					links: c.links
				})
			}
		]);
		const result = migrateElements(elements, [dropFirst]);
		const link = elements.find((e) => e.kind === 'connector')!;
		expect(result.changes.get(before[0].id)).toBeNull();
		expect(result.changes.get(link.id)).toBeNull();
		expect(result.changes.get('new-heading')).toMatchObject({ kind: 'text', parent: frame.id });
		expect(result.elements.some((e) => e.id === link.id || e.id === before[0].id)).toBe(false);
	});

	it('refuses a step that loses the frame or leaves something unreadable, changing nothing', () => {
		const { elements } = unversionedPlan();
		const lose = planAt([{ from: 1, what: 'x', up: (c) => ({ ...c, frame: { ...c.frame, id: 'other-frame' } }) }]);
		const garble = planAt([{ from: 1, what: 'x', up: (c) => ({ ...c, items: c.items.map((i) => ({ ...i, w: -1 })) }) }]);
		expect(() => migrateElements(elements, [lose])).toThrow(MigrationError);
		expect(() => migrateElements(elements, [garble])).toThrow(/unreadable/);
	});
});

describe(migrateBoard, () => {
	it('writes a migration into the document once, as one change with the origin given', () => {
		const runs: number[] = [];
		const v2 = planAt([titleStep(1, runs)]);
		const doc = new Y.Doc();
		addExercise(doc, actionPlanModel, { example: true });
		const id = readElements(doc).find((e) => e.kind === 'frame')!.id;
		const origins: unknown[] = [];
		doc.on('afterTransaction', (t: Y.Transaction) => {
			if (t.changed.size > 0) origins.push(t.origin);
		});
		expect(migrateBoard(doc, [v2], 'server')).toEqual([{ frame: id, template: 'action-plan', from: 1, to: 2 }]);
		expect(migrateBoard(doc, [v2], 'server')).toEqual([]);
		expect(runs).toEqual([1]);
		expect(origins).toEqual(['server']);
		expect(readElements(doc).find((e) => e.id === id)).toMatchObject({ templateVersion: 2, title: expect.stringMatching(/\) v2$/) });
	});
});

describe('a template that changes version', () => {
	it('must bring a migration from every earlier version', () => {
		expect(() => defineTemplateModel({ ...actionPlanModel, version: 3, migrations: [titleStep(1, [])] })).toThrow(
			/from each of the versions \[1, 2\]/
		);
		expect(() => defineTemplateModel({ ...actionPlanModel, version: 2 })).toThrow(/needs one migration/);
		expect(() => planAt([titleStep(1, []), titleStep(2, [])])).not.toThrow();
	});

	it('is stamped on every new exercise', () => {
		const doc = new Y.Doc();
		for (const model of TEMPLATE_MODELS) addExercise(doc, model);
		const frames = readElements(doc).filter((e): e is Frame => e.kind === 'frame');
		expect(frames.map((f) => [f.template, f.templateVersion])).toEqual(TEMPLATE_MODELS.map((m) => [m.id, m.version]));
	});
});
