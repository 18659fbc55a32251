/**
 * Both triggers on each of n8n's trigger engines (see support/enginePoller.ts): what each saves
 * and drops must never lose or repeat an event, stall, or overrun n8n's poll budget; and every
 * failure tells n8n 2.41's scheduler how to back off.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { SEARCH_REQUESTS } from '../nodes/VirusTotalMonitor/pollCheckpoint';
import type { VtOrder } from './simulator/virusTotalMonitorSimulator';
import { startAbrFixture, type AbrFixture } from './support/abrFixture';
import { pollerFor, SchedulerPoller, TRIGGER_ENGINES, type EnginePollerLike, type TriggerEngine } from './support/enginePoller';
import { startVtFixture, type VtFixture } from './support/vtFixture';

const VT_KEY = 'vt-trigger-test-key-0cc175b9c0f1b6a831c399e269772661';
const VT_CREDENTIALS = { virusTotalMonitorApi: { id: 'virusTotalMonitorApi', name: 'VT' } };

let vt: VtFixture;
let abr: AbrFixture;
const pollers: EnginePollerLike[] = [];

beforeAll(async () => {
	vt = await startVtFixture(VT_KEY);
	abr = await startAbrFixture();
});
afterAll(async () => {
	await vt.stop();
	await abr.sim.stop();
});
beforeEach(() => {
	vt.sim.events.length = 0;
	vt.sim.expireCursors();
	for (const sim of [vt.sim, abr.sim]) {
		sim.http.clearLog();
		sim.http.clearFaults();
	}
});
afterEach(async () => {
	for (const poller of pollers.splice(0)) await poller.deactivate();
});

function vtTrigger(engine: TriggerEngine, options: IDataObject = {}, filters: IDataObject = {}): EnginePollerLike {
	const poller = pollerFor(engine, vt.harness, {
		type: 'virusTotalMonitorTrigger',
		parameters: { filters, options } as never,
		credentials: VT_CREDENTIALS,
	});
	pollers.push(poller);
	return poller;
}

function abrTrigger(engine: TriggerEngine, parameters: IDataObject = {}): EnginePollerLike {
	const poller = pollerFor(engine, abr.harness, {
		type: 'adminByRequestTrigger',
		parameters: parameters as never,
		credentials: abr.credentials,
	});
	pollers.push(poller);
	return poller;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const subjects = (items: INodeExecutionData[]) => items.map((item) => String(item.json.subject));
const ids = (items: INodeExecutionData[]) => items.map((item) => Number(item.json.id));

async function pollTimes(poller: EnginePollerLike, times: number): Promise<INodeExecutionData[]> {
	const emitted: INodeExecutionData[] = [];
	for (let i = 0; i < times; i++) {
		const outcome = await poller.poll();
		expect(outcome.error).toBeUndefined();
		emitted.push(...outcome.emitted);
	}
	return emitted;
}

describe.each(TRIGGER_ENGINES)('on the %s engine', (engine) => {
	it('Admin By Request Trigger, Start From now: every event after activation once, across a restart', async () => {
		abr.sim.addEvents(5);
		const poller = abrTrigger(engine);
		expect((await poller.activate()).emitted).toEqual([]);
		// Created between activation and the first scheduled poll: the durable engine throws away
		// what the activation poll wrote to the node's static data.
		const before = abr.sim.addEvents(3);
		const first = await pollTimes(poller, 2);
		const during = abr.sim.addEvents(4);
		// The classic engine runs an activation poll on restart, which may emit; the others do not.
		const restarted = (await poller.restart()).emitted;
		const later = await pollTimes(poller, 2);
		expect(ids([...first, ...restarted, ...later])).toEqual([...before, ...during].map((e) => e.id));
	});

	it.each([
		['lookback', { startFrom: 'lookback', lookbackDays: 2 }],
		['startId', { startFrom: 'startId' }],
	])('Admin By Request Trigger, Start From %s: the past and everything after, once each', async (_name, options) => {
		const past = abr.sim.addEvents(4, { at: Date.now() - 86_400_000 });
		const poller = abrTrigger(engine, { options: { ...options, ...(options.startFrom === 'startId' ? { startId: past[1].id } : {}) } });
		const activation = await poller.activate();
		const after = abr.sim.addEvents(3);
		const emitted = [...activation.emitted, ...(await pollTimes(poller, 2))];
		// The simulator is shared: earlier tests' events are inside the lookback too.
		const from = options.startFrom === 'startId' ? past[1].id : 0;
		expect(ids(emitted)).toEqual(abr.sim.events.filter((e) => e.id >= from).map((e) => e.id));
		expect(ids(emitted)).toEqual(expect.arrayContaining([...past.slice(1), ...after].map((e) => e.id)));
	});

	it('Admin By Request Trigger, Audit Log Change from now: every new entry and change once, across a restart', async () => {
		const history = abr.sim.addElevations(4, { approvalRequired: true, status: 'Pending', schedule: [] });
		const poller = abrTrigger(engine, { triggerOn: 'auditLogChange' });
		expect((await poller.activate()).emitted).toEqual([]);
		// Between activation and the first scheduled poll: the durable engine throws away what the
		// activation poll wrote to the node's static data.
		abr.sim.elevations.setStatus(history[0], 'Approved');
		const made = abr.sim.addPendingRequest();
		const first = await pollTimes(poller, 2);
		abr.sim.elevations.setStatus(made, 'Denied');
		abr.sim.elevations.setStatus(history[0], 'Started');
		const restarted = (await poller.restart()).emitted;
		const later = await pollTimes(poller, 2);
		const delivered = [...first, ...restarted, ...later].map((item) => `${item.json.id}:${item.json.status}:${item.json.changeType}`);
		expect(delivered).toEqual([
			`${history[0].id}:Approved:changed`,
			`${made.id}:Pending:new`,
			`${made.id}:Denied:changed`,
			`${history[0].id}:Started:changed`,
		]);
		abr.sim.http.clearLog();
		expect((await poller.poll()).emitted).toEqual([]);
		expect(abr.sim.requests).toHaveLength(1);
	});

	it('Admin By Request Trigger, New Pending Request from now: every new pending request once, across a restart', async () => {
		abr.sim.addPendingRequest();
		const poller = abrTrigger(engine, { triggerOn: 'pendingRequest', options: { maxEventsPerPoll: 3 } });
		expect((await poller.activate()).emitted).toEqual([]);
		const before = Array.from({ length: 4 }, () => abr.sim.addPendingRequest());
		const first = await pollTimes(poller, 1);
		const during = Array.from({ length: 3 }, () => abr.sim.addPendingRequest());
		const restarted = (await poller.restart()).emitted;
		const later = await pollTimes(poller, 3);
		expect(ids([...first, ...restarted, ...later])).toEqual([...before, ...during].map((r) => r.id));
		abr.sim.http.clearLog();
		expect((await poller.poll()).emitted).toEqual([]);
		expect(abr.sim.requests).toHaveLength(1);
	});

	it('Admin By Request Trigger: each Trigger On choice finds its own start again when switched away and back', async () => {
		abr.sim.addEvents(2);
		const poller = abrTrigger(engine);
		expect((await poller.activate()).emitted).toEqual([]);
		// Created while New Event was active, before any scheduled poll; then the node is switched.
		const missed = abr.sim.addEvents(3);
		await poller.deactivate();
		poller.editParameters({ triggerOn: 'pendingRequest' });
		expect((await poller.activate()).emitted).toEqual([]);
		await poller.deactivate();
		poller.editParameters({});
		const emitted = [...(await poller.activate()).emitted, ...(await pollTimes(poller, 2))];
		expect(ids(emitted)).toEqual(missed.map((e) => e.id));
	});

	it('VirusTotal Monitor Trigger, Start From now: every event after activation once, across a restart', async () => {
		vt.sim.addEvent({ at: Date.now() - 60_000, subject: 'old' });
		const poller = vtTrigger(engine);
		expect((await poller.activate()).emitted).toEqual([]);
		// Seconds after activation and before the first scheduled poll, which must not start afresh.
		await sleep(1100);
		const before = [vt.sim.addEvent({ subject: 'a' }), vt.sim.addEvent({ subject: 'b' })];
		await sleep(1100);
		const first = await pollTimes(poller, 2);
		const during = [vt.sim.addEvent({ at: Date.now() + 1000, subject: 'c' })];
		const restarted = (await poller.restart()).emitted;
		const later = await pollTimes(poller, 2);
		const emitted = [...first, ...restarted, ...later];
		// Events of one second come in a stable order of their own, not creation order.
		expect(subjects(emitted).sort()).toEqual([...before, ...during].map((e) => e.subject).sort());
		const times = emitted.map((item) => String(item.json.timestamp));
		expect(times).toEqual([...times].sort());
	});

	it.each(['asc', 'desc', 'none'] as VtOrder[])(
		'VirusTotal Monitor Trigger, %s order: 2 pages per poll and a burst of 30 in one second deliver all 50 events within a few polls',
		async (order) => {
			vt.sim.order = order;
			const base = Date.now() - 1_800_000;
			const events = [
				...Array.from({ length: 10 }, (_, i) => vt.sim.addEvent({ at: base + i * 7_000 })),
				...vt.sim.addBurst(30, base + 100_000),
				...Array.from({ length: 10 }, (_, i) => vt.sim.addEvent({ at: base + 200_000 + i * 3_000 })),
			];
			const poller = vtTrigger(engine, { startFrom: 'lookback', lookbackHours: 1, maxPagesPerPoll: 2 });
			const emitted = [...(await poller.activate()).emitted];
			let polls = 1;
			for (; polls < 12 && emitted.length < events.length; polls++) emitted.push(...(await poller.poll()).emitted);
			expect(subjects(emitted).sort()).toEqual(events.map((e) => e.subject).sort());
			const times = emitted.map((item) => String(item.json.timestamp));
			expect(times).toEqual([...times].sort());
			expect(polls).toBeLessThanOrEqual(8);
			vt.sim.order = 'desc';
		},
	);
});

describe('nothing a poll that emits nothing writes is ever kept (scheduler without durable cursors)', () => {
	it('Admin By Request Trigger reads on past Max Events Per Poll until something matches', async () => {
		// Two codes: filtered on our side, so the API returns the others too.
		const poller = abrTrigger('scheduler', { filters: { codes: [93, 94] }, options: { maxEventsPerPoll: 50 } });
		await poller.activate();
		abr.sim.addEvents(180, { eventCode: 40 });
		const alert = abr.sim.addEvent({ eventCode: 93 });
		abr.sim.http.clearLog();
		const outcome = await poller.poll();
		expect(ids(outcome.emitted)).toEqual([alert.id]);
		expect(abr.sim.requests.length).toBeGreaterThan(1);
		// An idle poll afterwards: one request.
		abr.sim.http.clearLog();
		expect((await poller.poll()).emitted).toEqual([]);
		expect(abr.sim.requests).toHaveLength(1);
	});

	it('VirusTotal Monitor Trigger finds the oldest events of a long newest-first backlog within one poll', async () => {
		vt.sim.order = 'desc';
		vt.sim.pageSize = 5;
		const base = Date.now() - 20 * 3_600_000;
		const events = Array.from({ length: 120 }, (_, i) => vt.sim.addEvent({ at: base + i * 500_000 }));
		const poller = vtTrigger('scheduler', { startFrom: 'lookback', lookbackHours: 24, maxPagesPerPoll: 1 });
		vt.sim.http.clearLog();
		const emitted = [...(await poller.activate()).emitted];
		expect(emitted.length).toBeGreaterThan(0);
		expect(emitted[0].json.subject).toBe(events[0].subject);
		expect(vt.sim.requests.length).toBeLessThanOrEqual(1 + SEARCH_REQUESTS);
		for (let i = 0; i < 60 && emitted.length < events.length; i++) emitted.push(...(await poller.poll()).emitted);
		expect(subjects(emitted)).toEqual(events.map((e) => e.subject));
		vt.sim.pageSize = 10;
	});
});

describe('polls that overlap (a poll slower than its interval runs beside the next)', () => {
	it.each(TRIGGER_ENGINES.filter((engine) => engine !== 'classic'))(
		'VirusTotal Monitor Trigger on the %s engine: the second poll does nothing while the first delivers',
		async (engine) => {
			vt.sim.order = 'none';
			const base = Date.now() - 600_000;
			const events = Array.from({ length: 8 }, (_, i) => vt.sim.addEvent({ at: base + i * 1000 }));
			const poller = vtTrigger(engine, { startFrom: 'lookback', lookbackHours: 1 });
			// An activation with nothing yet in its window, then slow answers for the overlapping polls.
			vt.sim.events.length = 0;
			await poller.activate();
			vt.sim.events.push(...events);
			vt.sim.http.injectFault({ kind: 'slow', delayMs: 300 }, 4);
			const [first, second] = await Promise.all([poller.poll(), poller.poll()]);
			const emitted = [...first.emitted, ...second.emitted, ...(await pollTimes(poller, 1))];
			expect(subjects(emitted).sort()).toEqual(events.map((e) => e.subject).sort());
			vt.sim.order = 'desc';
		},
	);
});

describe('polls that overlap, Admin By Request', () => {
	it.each(TRIGGER_ENGINES.filter((engine) => engine !== 'classic'))(
		'Admin By Request Trigger on the %s engine: the second poll does nothing while the first delivers',
		async (engine) => {
			const poller = abrTrigger(engine);
			await poller.activate();
			const events = abr.sim.addEvents(5);
			abr.sim.http.injectFault({ kind: 'slow', delayMs: 300 }, 2);
			const [first, second] = await Promise.all([poller.poll(), poller.poll()]);
			const emitted = [...first.emitted, ...second.emitted, ...(await pollTimes(poller, 1))];
			expect(ids(emitted)).toEqual(events.map((e) => e.id));
		},
	);
});

describe("n8n's poll budget (getPollBudgetMs, 2.41)", () => {
	it('VirusTotal Monitor Trigger stops fetching before the budget ends, emits only complete decisions, and goes on next poll', async () => {
		vt.sim.order = 'asc';
		vt.sim.pageSize = 2;
		const base = Date.now() - 600_000;
		const events = Array.from({ length: 12 }, (_, i) => vt.sim.addEvent({ at: base + i * 1000 }));
		const poller = vtTrigger('durable', { startFrom: 'lookback', lookbackHours: 1, maxPagesPerPoll: 20 }) as SchedulerPoller;
		poller.budgetMs = 1_000;
		vt.sim.http.injectFault({ kind: 'slow', delayMs: 300 }, 20);
		const started = Date.now();
		const first = await poller.activate();
		expect(Date.now() - started).toBeLessThan(1_000);
		expect(vt.sim.requests.length).toBeLessThan(4);
		vt.sim.http.clearFaults();
		const emitted = [...first.emitted, ...(await pollTimes(poller, 6))];
		expect(subjects(emitted)).toEqual(events.map((e) => e.subject));
		vt.sim.pageSize = 10;
		vt.sim.order = 'desc';
	});

	it('Admin By Request Trigger stops paging before the budget ends and goes on next poll', async () => {
		const poller = abrTrigger('durable', { options: { maxEventsPerPoll: 1_000_000 } }) as SchedulerPoller;
		await poller.activate();
		poller.budgetMs = 1_000;
		const events = abr.sim.addEvents(30);
		abr.sim.http.clearLog();
		// take=10000 pages would hold them all: make each page small by answering slowly and few.
		abr.sim.http.injectFault({ kind: 'slow', delayMs: 400 }, 10);
		const first = await poller.poll();
		expect(abr.sim.requests.length).toBeLessThanOrEqual(2);
		abr.sim.http.clearFaults();
		const rest = await pollTimes(poller, 2);
		expect(ids([...first.emitted, ...rest])).toEqual(events.map((e) => e.id));
	});
});

describe("failure causes for n8n's backoff", () => {
	const failureOf = async (poller: EnginePollerLike) => {
		const outcome = await poller.poll();
		return (outcome.error as { failure?: unknown } | undefined)?.failure;
	};

	it('VirusTotal Monitor Trigger: rate limit with its hint, daily quota until 00:00 UTC, outages, a rejected key', async () => {
		const poller = vtTrigger('scheduler');
		await poller.activate();
		const quota = (message: string) => ({ error: { code: 'QuotaExceededError', message } });
		vt.sim.http.injectFault({ kind: 'status', status: 429, body: quota('Quota exceeded'), headers: { 'retry-after': '45' } });
		expect(await failureOf(poller)).toEqual({ cause: 'rate-limited', retryAfterMs: 45_000 });
		vt.sim.http.injectFault({ kind: 'status', status: 429, body: quota('Daily quota exceeded') });
		const now = new Date();
		expect(await failureOf(poller)).toEqual({
			cause: 'quota-exhausted',
			resetsAtEpochMs: Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1),
		});
		vt.sim.http.injectFault({ kind: 'status', status: 503, body: { error: { code: 'TransientError', message: 'later' } } });
		expect(await failureOf(poller)).toEqual({ cause: 'temporarily-unavailable' });
		vt.sim.http.injectFault({ kind: 'reset' });
		expect(await failureOf(poller)).toEqual({ cause: 'temporarily-unavailable' });
		vt.sim.http.injectFault({ kind: 'truncated' });
		expect(await failureOf(poller)).toEqual({ cause: 'temporarily-unavailable' });
		vt.sim.http.injectFault({ kind: 'status', status: 401, body: { error: { code: 'WrongCredentialsError', message: 'no' } } });
		expect(await failureOf(poller)).toEqual({ cause: 'credential-invalid' });
		vt.sim.http.injectFault({ kind: 'status', status: 400, body: { error: { code: 'InvalidArgumentError', message: 'bad filter' } } });
		expect(await failureOf(poller)).toEqual({ cause: 'configuration-invalid' });
	});

	it('Admin By Request Trigger: throttling with its hint, outages, a rejected key, a bad parameter', async () => {
		const poller = abrTrigger('scheduler');
		await poller.activate();
		abr.sim.http.injectFault({ kind: 'status', status: 429, body: { Message: 'slow down' }, headers: { 'retry-after': '30' } });
		expect(await failureOf(poller)).toEqual({ cause: 'rate-limited', retryAfterMs: 30_000 });
		abr.sim.http.injectFault({ kind: 'status', status: 503, body: { Message: 'down' } });
		expect(await failureOf(poller)).toEqual({ cause: 'temporarily-unavailable' });
		abr.sim.http.injectFault({ kind: 'status', status: 401, body: { Message: 'bad key' } });
		expect(await failureOf(poller)).toEqual({ cause: 'credential-invalid' });

		const bad = abrTrigger('scheduler', { options: { maxEventsPerPoll: 0 } });
		const activation = await bad.activate();
		expect((activation.error as { failure?: unknown }).failure).toEqual({ cause: 'configuration-invalid' });
	});

	it('a base URL whose host does not resolve is a configuration problem', async () => {
		const { createHarness } = await import('./support/n8nHarness');
		const harness = await createHarness({
			virusTotalMonitorApi: { apiKey: VT_KEY, baseUrl: 'https://no-such-host.invalid/api/v3' },
		});
		const poller = pollerFor('scheduler', harness, {
			type: 'virusTotalMonitorTrigger',
			parameters: { options: { startFrom: 'lookback' } } as never,
			credentials: VT_CREDENTIALS,
		});
		const activation = await poller.activate();
		expect((activation.error as { failure?: unknown }).failure).toEqual({ cause: 'configuration-invalid' });
	});
});
