/**
 * Saved boards keep opening as templates change: boards saved before templates were versioned (and by the
 * current version) import and open with every frame at its template's version and their content intact, and
 * a template's migration (a test-only v2 of the action plan) runs exactly once per frame, whether the board
 * is imported or was stored by the older server and loaded by the newer one.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../helpers/server.js';
import { connect, join, synced } from '../helpers/clients.js';
import { readElements, type Element, type Frame } from '../../src/lib/doc/index.js';
import { TEMPLATE_MODELS } from '../../src/lib/templates/models.js';
import { actionPlanModel } from '../../src/lib/templates/action-plan/model.js';
import { defineTemplateModel, type TemplateModel } from '../../src/lib/templates/kit/model.js';

const FIXTURES = new URL('../fixtures/boards/', import.meta.url);
const fixture = (name: string) => JSON.parse(readFileSync(new URL(name, FIXTURES), 'utf8'));

async function importFile(server: TestServer, file: unknown): Promise<{ id: string; links: { facilitator: string } }> {
	const res = await fetch(`${server.url}/api/boards/import`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(file)
	});
	expect(res.status, await res.clone().text()).toBe(201);
	return res.json();
}

/** The board's content as a facilitator's client receives it. */
async function open(server: TestServer, board: { id: string; links: { facilitator: string } }): Promise<Element[]> {
	const me = await join(server.url, board.id, board.links.facilitator, 'Fran');
	const client = connect(server.url, board.id, 'content', me.sessionToken);
	try {
		await synced(client);
		return readElements(client.doc);
	} finally {
		client.destroy();
	}
}

const byId = (a: Element, b: Element) => a.id.localeCompare(b.id);
const withoutVersion = (e: Element) => (e.kind === 'frame' ? (({ templateVersion: _, ...rest }) => rest)(e) : e);

describe('saved boards open at the current template versions, content intact', () => {
	let server: TestServer;
	beforeAll(async () => (server = await startServer()));
	afterAll(async () => server?.stop());

	const names = readdirSync(FIXTURES).filter((f) => f.endsWith('.json'));
	it('has fixtures saved before templates were versioned and after', () => {
		const saved = names.map((n) => (fixture(n).content.elements as Element[]).filter((e) => e.kind === 'frame'));
		expect(saved.some((frames) => frames.every((f) => f.templateVersion === undefined))).toBe(true);
		expect(saved.some((frames) => frames.every((f) => f.templateVersion !== undefined))).toBe(true);
	});

	for (const name of names) {
		it(name, async () => {
			const file = fixture(name);
			const opened = await open(server, await importFile(server, file));
			const frames = opened.filter((e): e is Frame => e.kind === 'frame' && e.template !== null);
			expect(frames.length).toBeGreaterThan(0);
			for (const frame of frames)
				expect(frame.templateVersion, frame.template!).toBe(TEMPLATE_MODELS.find((m) => m.id === frame.template)!.version);
			expect(opened.map(withoutVersion).sort(byId)).toEqual((file.content.elements as Element[]).map(withoutVersion).sort(byId));
		});
	}
});

describe('a template migration runs exactly once', () => {
	/** The action plan at version 2: its migration puts "(2027 plan)" after the frame's title, and counts its runs. */
	function nextVersion(runs: string[]): readonly TemplateModel[] {
		const v2 = defineTemplateModel({
			...actionPlanModel,
			version: 2,
			migrations: [
				{
					from: 1,
					what: 'retitle',
					up: (c) => (runs.push(c.frame.id), { ...c, frame: { ...c.frame, title: `${c.frame.title} (2027 plan)` } })
				}
			]
		});
		return TEMPLATE_MODELS.map((m) => (m.id === v2.id ? v2 : m));
	}
	const planOf = (elements: Element[]) => elements.find((e): e is Frame => e.kind === 'frame' && e.template === 'action-plan')!;
	const loopsOf = (elements: Element[]) => elements.find((e): e is Frame => e.kind === 'frame' && e.template === 'causal-loop')!;
	const file = fixture('versioned-loops-and-plan.json');
	const savedPlan = planOf(file.content.elements);
	let dir: string;
	beforeAll(() => (dir = mkdtempSync(joinPath(tmpdir(), 'convene-versions-'))));
	afterAll(() => rmSync(dir, { recursive: true, force: true }));

	it('on a board the older server stored, when the newer one loads it, and never again', async () => {
		const older = await startServer({ dir });
		const board = await importFile(older, file);
		expect(planOf(await open(older, board)).templateVersion).toBe(1);
		await older.stop({ keepData: true });

		const runs: string[] = [];
		for (let restart = 0; restart < 2; restart++) {
			const newer = await startServer({ dir, templates: nextVersion(runs) });
			try {
				const opened = await open(newer, board);
				expect(planOf(opened)).toMatchObject({ templateVersion: 2, title: `${savedPlan.title} (2027 plan)` });
				expect(loopsOf(opened).templateVersion).toBe(1);
				expect(runs).toEqual([savedPlan.id]);
			} finally {
				await newer.stop({ keepData: true });
			}
		}
	});

	it('on an imported file, before it is checked, and not again when the board loads', async () => {
		const runs: string[] = [];
		const newer = await startServer({ templates: nextVersion(runs) });
		try {
			const board = await importFile(newer, file);
			expect(runs).toEqual([savedPlan.id]);
			expect(planOf(await open(newer, board))).toMatchObject({ templateVersion: 2, title: `${savedPlan.title} (2027 plan)` });
			expect(runs).toEqual([savedPlan.id]);
		} finally {
			await newer.stop();
		}
	});
});
