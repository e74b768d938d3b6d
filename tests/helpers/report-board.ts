/**
 * A realistic workshop board for reading exports back: every template's worked example (about 140
 * elements), the WAMHS action plan grown to ten rows with the long, dated, multi-agency texts council
 * plans carry (domain.md 3.A, 3.B, 3.E), and a revealed dot vote with ties, three agencies large enough to
 * be published and two too small to be. Built through the real server: HTTP to create, join and vote,
 * a stock y-websocket client to write the rows.
 */
import { createElement, readElements, type Element, type Frame, type Item } from '../../src/lib/doc/index.js';
import { readResults } from '../../src/lib/doc/votes.js';
import { addActions } from '../../src/lib/templates/action-plan/binding.js';
import { TEMPLATE_MODELS } from '../../src/lib/templates/models.js';
import { connect, join, synced, waitFor, type Client } from './clients.js';

export const BOARD_TITLE =
	'Preventing exclusions in Northshire: multi-agency workshop on early identification, transition and alternative provision';

/** Six more rows after the WAMHS exemplar's four: long words, every status, dates, updates. */
export const EXTRA_ROWS: { text: string; data: Record<string, unknown> }[] = [
	{
		text: 'Publish and review exclusion data annually (demographics: age, gender, ethnicity) on permanent and fixed term exclusions, managed moves, Elective Home Education, alternative provision and other unexplained exits; challenge school leaders where figures are above the locally agreed thresholds, and report the findings to the Children and Young People Scrutiny Commission every Autumn.',
		data: {
			ref: '4',
			theme: 'Systems and processes: every exclusion is legal and fair',
			purpose: 'To see which groups of children are disproportionately excluded, and to hold the system to account for it.',
			lead: 'Head of Wellbeing and Safeguarding, Northshire Education',
			involved: '1 x LA inclusion and SEND manager; 1 x data analyst; secondary headteachers’ forum',
			start: '2027-01-09',
			due: '2027-11-30',
			milestones: 'Every Autumn to the scrutiny commission; termly to the headteachers’ forum',
			measure:
				'An annual report is produced for the Children and Young People Scrutiny Commission every Autumn; school-level exclusion reports go to every school; a "Risk of NEETs" report is shared with schools annually.',
			status: 'completed',
			updates: [
				{
					date: '2027-03-14',
					text: 'First school-level exclusion reports sent to all 42 secondary schools; three schools above the threshold met with the Head of Wellbeing and Safeguarding.'
				},
				{
					date: '2027-10-02',
					text: 'Annual report drafted and agreed with the data team; it goes to the scrutiny commission on 30 November.'
				}
			],
			review: '2027-12-07'
		}
	},
	{
		text: 'Set up a third-party re-engagement unit for secondary schools, like the primary Re-Engagement Unit: a pilot that works directly with pupils at risk of permanent exclusion and their families, links with Young Northshire, and tests whether the model is financially viable beyond the first two years.',
		data: {
			ref: '5',
			theme: 'Targeted support around specific needs or stages',
			purpose: 'Reduce permanent exclusions in Years 7 to 9 by resettling pupils in their existing school.',
			lead: 'AP Commissioner and strategy lead',
			involved: '1 x primary AP headteacher; 1 x secondary AP headteacher; 2 x educational psychologists; Young Northshire youth workers',
			start: '2027-02-01',
			due: '2028-07-21',
			milestones: 'Half-termly steering group; pilot review in summer 2027',
			measure:
				'Over 300 children worked with directly, and over 97% of them resettled in their existing school context; over 30 hours of training delivered to schools, reaching over 500 teaching staff.',
			status: 'in-progress',
			updates: [
				{
					date: '2027-06-30',
					text: 'Unit open in two secondary schools; 41 pupils referred in the first term, 38 of them still in their own school.'
				}
			]
		}
	},
	{
		text: 'Safeguarding at the point of permanent or repeat fixed term exclusion: guidance for schools, an independent multidisciplinary safeguarding assessment, governor training, real-time notification to the safeguarding partnership, and information transferred to the alternative provision the same day.',
		data: {
			ref: '6',
			theme: 'Presenting behaviours are one part of a child’s lived experience',
			purpose: 'No child removed from school is lost to the agencies that keep them safe.',
			lead: 'MASH manager / Designated Safeguarding Leads',
			involved: 'MASH; Early Help Hub; police schools officer; CAMHS link workers',
			start: '2027-01-18',
			due: '2027-09-01',
			milestones: 'Guidance by Easter; governor training termly',
			measure:
				'Exclusion notifications are shared with partners immediately; every risk of significant harm leads to a referral to MASH and a co-ordinated multi-agency response.',
			status: 'in-progress',
			review: '2027-04-15'
		}
	},
	{
		text: 'Create more opportunities for different agencies to come together to build relationships, share good practice and further strengthen multidisciplinary capability and capacity (for example via pastoral support planning), including a half-termly joint inclusion and Early Help drop-in clinic.',
		data: {
			ref: '7',
			theme: 'Multi-agency working',
			purpose: 'To identify needs and respond sooner in order to avoid escalation to crisis point(s).',
			lead: 'Early Help manager (Northshire Council)',
			involved: '1 x LA inclusion and SEND manager; 1 x Early Help manager; 1 x primary headteacher',
			start: '2027-04-19',
			milestones: 'Half-termly drop-in clinic',
			measure:
				'Attendance at the drop-in; referrals made within 3 days of information coming to light; parents and carers report feeling heard, supported, valued, respected and informed.',
			status: 'not-started'
		}
	},
	{
		text: 'Ensure a directory of all available support is maintained and clearly communicated to all stakeholders, including information around capacity, eligibility thresholds and referral routes.',
		data: {
			ref: '8',
			theme: 'Targeted support around specific needs or stages',
			lead: 'Strategy and Governance Manager',
			start: '2026-09-07',
			due: '2027-03-31',
			measure: 'Directory published and reviewed termly; SENCO survey shows it is used.',
			status: 'signed-off',
			updates: [{ date: '2027-03-28', text: 'Directory signed off by the Education Partnership Board and published on the Local Offer.' }]
		}
	},
	{
		text: 'Y6–7 transition pilot: reduce suspensions and exclusions in the autumn term of Year 7 through a universal transition offer with early identification tools shared between primary and secondary schools.',
		data: {
			ref: '9',
			theme: 'Transition support',
			purpose: 'Reduce suspensions and exclusions in the autumn term of Year 7.',
			lead: 'Principal educational psychologist, preventative lead',
			involved:
				'1 x LA inclusion and SEND manager; 1 x virtual school education adviser; 1 x special school head of KS 1 and 2; 2 x secondary school inclusion leads',
			start: '2027-05-03',
			due: '2027-12-17',
			milestones: 'Summer term handover meetings; October half-term review',
			measure:
				'Fewer fixed term exclusions in the autumn term of Year 7 than the same period the previous year; transition plans in place for every pupil flagged by the early identification tool.',
			status: 'not-started'
		}
	}
];

/** Cards people wrote longer than their place on the board: pictures must not cut them. */
export const LONG_CARDS: { template: string; type: string; text: string; at: (f: Frame, i: number) => { x: number; y: number } }[] = [
	{
		template: 'players-map',
		type: 'player',
		text: 'Designated Safeguarding Lead and Mental Health Lead, Northshire Academy Trust (secondary phase)',
		at: (f) => ({ x: f.x + 60, y: f.y + f.h - 140 })
	},
	{
		template: 'players-map',
		type: 'player',
		text: 'Virtual School Head for children looked after and previously looked after',
		at: (f) => ({ x: f.x + 300, y: f.y + f.h - 140 })
	},
	{
		template: 'players-map',
		type: 'player',
		text: 'Parent carer forum representative (Northshire Parent Carer Voice)',
		at: (f) => ({ x: f.x + 540, y: f.y + f.h - 140 })
	},
	{
		template: 'causal-loop',
		type: 'variable',
		text: 'Pressure on headteachers to keep attainment figures up before the inspection window',
		at: (f) => ({ x: f.x + 60, y: f.y + f.h - 140 })
	},
	{
		template: 'how-might-we',
		type: 'question',
		text: 'On the system being difficult to navigate for families whose first language is not English, how might we make sure every parent knows who to call, in their own language, before a suspension becomes a permanent exclusion, and that the school, early help and the local authority give them the same answer?',
		at: (f) => ({ x: f.x + 60, y: f.y + f.h - 300 })
	}
];

export interface ReportBoard {
	boardId: string;
	/** A participant's session, to download with. */
	session: string;
	facilitator: string;
	elements: Element[];
	plan: Frame;
	actions: Item[];
	/** Question ids in the vote. */
	questions: string[];
}

const post = (base: string, path: string, body: unknown) =>
	fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

async function ok(res: Response, what: string): Promise<unknown> {
	if (res.status !== 200 && res.status !== 201) throw new Error(`${what}: ${res.status} ${await res.text()}`);
	return res.json();
}

/** People and their agencies: School, Early help and Local authority education are published; CAMHS (2) and Police (1) are too small. */
const VOTERS: [string, string][] = [
	['Sam Okafor', 'School'],
	['Priya Shah', 'School'],
	['Tom Reilly', 'School'],
	['Dee Mensah', 'Early help'],
	['Ola Nowak', 'Early help'],
	['Ben Carter', 'Early help'],
	['Ann Lowe', 'Local authority education'],
	['Raj Patel', 'Local authority education'],
	['Kim Ward', 'Local authority education'],
	['Lou Green', 'CAMHS'],
	['Max Field', 'CAMHS'],
	['Pat Doyle', 'Police']
];

export async function makeReportBoard(base: string): Promise<ReportBoard> {
	const created = (await ok(
		await post(base, '/api/boards', { title: BOARD_TITLE, templates: TEMPLATE_MODELS.map((m) => m.id), example: true }),
		'create'
	)) as { id: string; links: Record<string, string> };
	const boardId = created.id;
	const facilitator = (await join(base, boardId, created.links.facilitator, 'Alex Morgan', 'Local authority education')).sessionToken;
	const writer: Client = connect(base, boardId, 'content', facilitator);
	await synced(writer);
	const before = readElements(writer.doc);
	const plan = before.find((e): e is Frame => e.kind === 'frame' && e.template === 'action-plan')!;
	const firstQuestion = before.find((e): e is Item => e.kind === 'item' && e.template === 'how-might-we' && e.type === 'question')!;
	const firstActivity = before.find((e): e is Item => e.kind === 'item' && e.template === 'theory-of-change' && e.type === 'activity')!;
	const rows = EXTRA_ROWS.map((r, i) =>
		i === 1 ? { ...r, data: { ...r.data, fromQuestion: firstQuestion.id, fromCard: firstActivity.id } } : r
	);
	addActions(writer.doc, plan.id, rows as never);
	for (const [i, card] of LONG_CARDS.entries()) {
		const frame = before.find((e): e is Frame => e.kind === 'frame' && e.template === card.template)!;
		const model = TEMPLATE_MODELS.find((m) => m.id === card.template)!;
		const size = model.itemTypes.find((t) => t.type === card.type)!.size;
		createElement(writer.doc, {
			kind: 'item',
			template: card.template,
			type: card.type,
			...card.at(frame, i),
			...size,
			text: card.text,
			parent: frame.id
		});
	}
	const count = readElements(writer.doc).length;
	// The server has the rows once a second reader sees them all.
	const reader = connect(base, boardId, 'content', facilitator);
	await synced(reader);
	await waitFor(() => readElements(reader.doc).length === count, 'the new rows on the server', 20_000);
	writer.destroy();

	// The vote: every question on the board's "How might we" frame, with ties.
	const questions = readElements(reader.doc)
		.filter((e): e is Item => e.kind === 'item' && e.template === 'how-might-we' && e.type === 'question')
		.map((q) => q.id);
	await ok(
		await post(base, `/api/boards/${boardId}/rounds`, { session: facilitator, action: 'start', questions, budget: 3 }),
		'start the vote'
	);
	const sessions: string[] = [];
	for (const [name, agency] of VOTERS) sessions.push((await join(base, boardId, created.links.participant, name, agency)).sessionToken);
	const vote = async (session: string, itemId: string, criterion: string) =>
		ok(await post(base, `/api/boards/${boardId}/votes`, { session, itemId, criterion, delta: 1 }), 'vote');
	// Each person puts their three dots per criterion on questions of their choosing: a few favourites
	// (so there are north stars), some spread (so ranks tie), and the last questions with none.
	const favourites: Record<string, number[]> = {
		feasibility: [0, 1, 2, 0, 3, 1],
		desirability: [1, 0, 4, 2, 1, 5],
		viability: [0, 2, 1, 3, 0, 4]
	};
	for (const [i, session] of sessions.entries()) {
		for (const [criterion, picks] of Object.entries(favourites)) {
			for (let d = 0; d < 3; d++) await vote(session, questions[picks[(i + d) % picks.length] % questions.length], criterion);
		}
	}
	await ok(await post(base, `/api/boards/${boardId}/rounds`, { session: facilitator, action: 'end' }), 'end the vote');
	await ok(await post(base, `/api/boards/${boardId}/rounds`, { session: facilitator, action: 'reveal' }), 'reveal');
	const server = connect(base, boardId, 'server', facilitator);
	await synced(server);
	await waitFor(() => readResults(server.doc) !== null, 'the revealed results', 20_000);
	server.destroy();
	const elements = readElements(reader.doc);
	reader.destroy();
	const actions = elements.filter((e): e is Item => e.kind === 'item' && e.template === 'action-plan' && e.type === 'action');
	return {
		boardId,
		session: sessions[0],
		facilitator,
		elements,
		plan: elements.find((e): e is Frame => e.id === plan.id)!,
		actions,
		questions
	};
}
