import type { IDataObject, INode, INodeExecutionData, INodeParameters } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';
import { PollContext } from 'n8n-core';
import { SEARCH_REQUESTS } from '../nodes/VirusTotalMonitor/pollCheckpoint';
import type { HttpSimulator } from './simulator/httpSimulator';
import { seededRandom } from './simulator/random';
import type { VirusTotalMonitorSimulator, VtEvent } from './simulator/virusTotalMonitorSimulator';
import { ActivePoller, manualPoll, nodeTypeName, type Harness } from './support/n8nHarness';
import { startVtFixture, type VtFixture } from './support/vtFixture';

const KEY = 'vt-trigger-test-key-0cc175b9c0f1b6a831c399e269772661';
const CREDENTIALS = { virusTotalMonitorApi: { id: 'virusTotalMonitorApi', name: 'VT' } };
const API_FIELDS = ['action', 'creator_id', 'details', 'level', 'monitor_key', 'owner_id', 'plaintext_description', 'source', 'subject', 'timestamp'];

let sim: VirusTotalMonitorSimulator;
let foreign: HttpSimulator;
let harness: Harness;
let fixture: VtFixture;

beforeAll(async () => {
	fixture = await startVtFixture(KEY);
	({ sim, foreign, harness } = fixture);
});

afterAll(async () => fixture.stop());

beforeEach(() => {
	sim.events.length = 0;
	sim.http.clearLog();
	sim.http.clearFaults();
	sim.expireCursors();
	sim.quotaPerMinute = undefined;
	sim.resetQuota();
	sim.parsedFilters.length = 0;
});

function trigger(parameters: INodeParameters) {
	return { type: 'virusTotalMonitorTrigger', parameters, credentials: CREDENTIALS };
}

/** The API's own fields of an emitted item, as canonical text: what a multiset comparison needs. */
function apiText(item: INodeExecutionData | VtEvent): string {
	const source = ('json' in item ? item.json : item) as Record<string, unknown>;
	return JSON.stringify(API_FIELDS.map((key) => [key, source[key] ?? null]));
}

function multiset(texts: string[]): Map<string, number> {
	const counts = new Map<string, number>();
	for (const text of texts) counts.set(text, (counts.get(text) ?? 0) + 1);
	return counts;
}

function expectSameMultiset(emitted: INodeExecutionData[], created: VtEvent[]) {
	const got = multiset(emitted.map(apiText));
	const want = multiset(created.map(apiText));
	const missing = [...want].filter(([text, n]) => (got.get(text) ?? 0) < n).length;
	const extra = [...got].filter(([text, n]) => (want.get(text) ?? 0) < n).length;
	expect({ missing, extra, emitted: emitted.length }).toEqual({ missing: 0, extra: 0, emitted: created.length });
}

/** One poll called directly in trigger mode, to see the exact return value (null vs items). */
async function rawPoll(parameters: INodeParameters, staticData: IDataObject) {
	const workflow = new Workflow({
		id: 'wf-raw',
		name: 'raw poll',
		nodes: [
			{
				id: 'trigger',
				name: 'Trigger',
				type: nodeTypeName('virusTotalMonitorTrigger'),
				typeVersion: 1,
				position: [0, 0],
				parameters: { pollTimes: { item: [{ mode: 'everyMinute' }] }, ...parameters },
				credentials: CREDENTIALS,
			},
		],
		connections: {},
		active: true,
		nodeTypes: harness.nodeTypes,
		staticData,
	});
	const node = workflow.getNode('Trigger') as INode;
	const context = new PollContext(workflow, node, harness.additionalData, 'trigger', 'activate');
	const result = await harness.nodeTypes.getByNameAndVersion(node.type, 1).poll!.call(context);
	return { result, staticData: workflow.staticData };
}

describe('VirusTotal Monitor Trigger', () => {
	it('startFrom now: activation emits nothing, later events are emitted once, an idle poll is one request returning null', async () => {
		const now = Date.now();
		sim.addEvent({ at: now - 3_600_000 });
		const poller = new ActivePoller(harness, trigger({}));
		const activation = await poller.activate();
		expect(activation.error).toBeUndefined();
		expect(activation.emitted).toEqual([]);
		expect(sim.requests).toHaveLength(1);
		expect(sim.requests[0].headers['x-apikey']).toBe(KEY);

		const fresh = sim.addBurst(3, now + 2000);
		const first = await poller.poll();
		expectSameMultiset(first.emitted, fresh);
		expect(first.emitted[0].json.detailsParsed).toBeDefined();
		const emittedFirst = first.emitted.find((item) => item.json.subject === fresh[0].subject);
		expect(emittedFirst?.json.levelNumber).toEqual(Number(fresh[0].level));

		sim.http.clearLog();
		const idle = await poller.poll();
		expect(idle.emitted).toEqual([]);
		expect(sim.requests).toHaveLength(1);

		sim.http.clearLog();
		const raw = await rawPoll({}, JSON.parse(JSON.stringify(poller.savedStaticData)));
		expect(raw.result).toBeNull();
		expect(sim.requests).toHaveLength(1);
		expect(sim.parsedFilters.at(-1)).toEqual([{ key: 'timestamp', value: fresh[0].timestamp, op: '+' }]);
		await poller.deactivate();
	});

	it('lookback emits the past window oldest first, and only events matching the filter', async () => {
		const now = Date.now();
		const old = sim.addEvent({ at: now - 30 * 3_600_000, level: '4' });
		const inWindow = [sim.addEvent({ at: now - 3_600_000, level: '3' }), sim.addEvent({ at: now - 7_200_000, level: '4' })];
		sim.addEvent({ at: now - 3_600_000, level: '1' });
		const poller = new ActivePoller(
			harness,
			trigger({ filters: { level: 3 }, options: { startFrom: 'lookback', lookbackHours: 24, maxPagesPerPoll: 5 } }),
		);
		const activation = await poller.activate();
		expect(activation.emitted.map((i) => i.json.subject)).toEqual([inWindow[1].subject, inWindow[0].subject]);
		expect(activation.emitted.map((i) => i.json.subject)).not.toContain(old.subject);
		expect(sim.parsedFilters.at(-1)?.[0]).toEqual({ key: 'level', value: '3', op: '+' });
		await poller.deactivate();
	});

	it('manual "Fetch Test Event" returns the latest event and never touches static data', async () => {
		const now = Date.now();
		sim.addEvent({ at: now - 5000 });
		const latest = sim.addEvent({ at: now - 1000 });
		sim.addEvent({ at: now - 9000 });
		const saved = { 'node:Trigger': { checkpoint: { timestamp: '2024-01-01T00:00:00', seen: {} } } };
		const { result, staticData } = await manualPoll(harness, trigger({}), saved);
		expect(result?.[0]).toHaveLength(1);
		expect(result?.[0][0].json.subject).toBe(latest.subject);
		expect(staticData).toEqual(saved);
	});

	it('fails activation with a clear error on a wrong key or a key without the Monitor privilege', async () => {
		harness.credentialsHelper.store.virusTotalMonitorApi = { apiKey: 'wrong', baseUrl: sim.baseUrl };
		const wrong = await new ActivePoller(harness, trigger({})).activate();
		expect(wrong.error?.message).toContain('WrongCredentialsError');
		harness.credentialsHelper.store.virusTotalMonitorApi = { apiKey: sim.keyWithoutMonitor, baseUrl: sim.baseUrl };
		const forbidden = await new ActivePoller(harness, trigger({})).activate();
		expect(forbidden.error?.message).toContain('no access to VirusTotal Monitor');
		harness.credentialsHelper.store.virusTotalMonitorApi = { apiKey: KEY, baseUrl: sim.baseUrl };
	});

	it('refuses bad trigger parameters before any request', async () => {
		const outcome = await new ActivePoller(harness, trigger({ filters: { query: 'timestamp:2024-01-01T00:00:00+' } })).activate();
		expect(outcome.error?.message).toContain('Filters > Query');
		const pages = await new ActivePoller(harness, trigger({ options: { maxPagesPerPoll: 0 } })).activate();
		expect(pages.error?.message).toContain('Max Pages per Poll');
		expect(sim.requests).toHaveLength(0);
	});

	it('a quota error leaves the checkpoint alone and says so; the next poll catches up', async () => {
		const now = Date.now();
		const poller = new ActivePoller(harness, trigger({ options: { startFrom: 'lookback', lookbackHours: 1 } }));
		await poller.activate();
		const events = sim.addBurst(4, now - 1000);
		const before = JSON.stringify(poller.liveStaticData);
		sim.quotaPerMinute = 0;
		const failed = await poller.poll();
		expect(failed.error?.message).toContain('QuotaExceededError');
		expect(failed.error?.description).toContain('per minute');
		expect(JSON.stringify(poller.liveStaticData)).toBe(before);
		sim.quotaPerMinute = undefined;
		const next = await poller.poll();
		expectSameMultiset(next.emitted, events);
		await poller.deactivate();
	});

	it('a one-second burst larger than a poll can read goes on through its cursor; an expired cursor restarts that second', async () => {
		sim.order = 'asc';
		sim.pageSize = 3;
		// More pages than Max Pages per Poll plus the search's extra requests.
		const events = sim.addBurst(3 * (2 + SEARCH_REQUESTS) + 9, Date.now() - 600_000);
		const poller = new ActivePoller(harness, trigger({ options: { startFrom: 'lookback', lookbackHours: 1, maxPagesPerPoll: 2 } }));
		const emitted = [...(await poller.activate()).emitted];
		expect(emitted.length).toBeGreaterThan(0);
		expect(emitted.length).toBeLessThan(events.length);
		expect((poller.liveNodeData.checkpoint as { continuation?: unknown }).continuation).toBeDefined();
		sim.expireCursors();
		sim.http.clearLog();
		for (let i = 0; i < 8; i++) emitted.push(...(await poller.poll()).emitted);
		expect(sim.requests.some((r) => r.status === 400 && r.query.get('cursor'))).toBe(true);
		expectSameMultiset(emitted, events);
	});

	describe.each([
		['desc', 5, 2, 1],
		['asc', 5, 2, 2],
		['desc', 4, 3, 3],
		['asc', 7, 1, 4],
	] as const)('soak: %s order, page size %i, %i pages per poll (seed %i)', (order, pageSize, maxPages, seed) => {
		it('emits every matching event exactly once across bursts, faults and restarts', async () => {
			const random = seededRandom(seed);
			sim.order = order;
			sim.pageSize = pageSize;
			const base = Date.now() - 2 * 3_600_000;
			let second = 0;
			const created: VtEvent[] = [];
			const add = () => {
				const roll = random();
				if (roll < 0.25) second += 1 + Math.floor(random() * 30);
				const at = base + second * 1000;
				if (roll < 0.1) created.push(...sim.addBurst(pageSize * maxPages + 3, at));
				else if (roll < 0.2) {
					const twin = sim.addEvent({ at, subject: 'twin' });
					created.push(twin, sim.addEvent({ ...twin, at }));
				} else created.push(sim.addEvent({ at }));
			};
			for (let i = 0; i < 40; i++) add();

			const poller = new ActivePoller(
				harness,
				trigger({ options: { startFrom: 'lookback', lookbackHours: 3, maxPagesPerPoll: maxPages } }),
			);
			const emitted: INodeExecutionData[] = [];
			const first = await poller.activate();
			expect(first.error).toBeUndefined();
			emitted.push(...first.emitted);

			let restarts = 0;
			let faults = 0;
			for (let round = 0; round < 60; round++) {
				if (random() < 0.5) for (let i = Math.floor(random() * 4); i > 0; i--) add();
				const dice = random();
				if (dice < 0.08) {
					restarts++;
					const outcome = await poller.restart();
					expect(outcome.error).toBeUndefined();
					emitted.push(...outcome.emitted);
					continue;
				}
				if (dice < 0.2) {
					faults++;
					const kinds = [
						{ kind: 'status', status: 429, body: { error: { code: 'QuotaExceededError', message: 'Quota exceeded' } } },
						{ kind: 'status', status: 503, body: { error: { code: 'TransientError', message: 'try later' } } },
						{ kind: 'reset' },
						{ kind: 'truncated' },
						{ kind: 'nonJson' },
					] as const;
					// Sometimes on a later page, after the poll already fetched something.
					sim.http.injectFault(kinds[Math.floor(random() * kinds.length)], 1, (() => {
						let skip = Math.floor(random() * maxPages);
						return () => skip-- <= 0;
					})());
				}
				const outcome = await poller.poll();
				sim.http.clearFaults();
				if (outcome.error) expect(outcome.emitted).toEqual([]);
				emitted.push(...outcome.emitted);
			}
			// Drain what is left, with no new events and no faults.
			for (let i = 0; i < 400; i++) emitted.push(...(await poller.poll()).emitted);
			await poller.deactivate();

			expect(restarts + faults).toBeGreaterThan(0);
			expectSameMultiset(emitted, created);
			const times = emitted.map((item) => String(item.json.timestamp));
			expect([...times].sort()).toEqual(times);
			expect(foreign.requests).toHaveLength(0);
			expect(JSON.stringify(emitted)).not.toContain(KEY);
		});
	});

	it('keeps static data bounded: identities only for the newest emitted second', async () => {
		const now = Date.now();
		sim.order = 'desc';
		sim.pageSize = 50;
		for (let s = 0; s < 20; s++) sim.addBurst(3, now - 100_000 + s * 1000);
		const poller = new ActivePoller(harness, trigger({ options: { startFrom: 'lookback', lookbackHours: 1 } }));
		const activation = await poller.activate();
		expect(activation.error).toBeUndefined();
		const checkpoint = (poller.savedStaticData['node:Trigger'] as Record<string, unknown>).checkpoint as { seen: Record<string, number>; timestamp: string };
		expect(Object.keys(checkpoint.seen)).toHaveLength(3);
		expect(checkpoint.timestamp).toBe(sim.events.at(-1)!.timestamp);
		await poller.deactivate();
	});
});
