import type { IDataObject } from 'n8n-workflow';

import { ActivePoller, manualPoll } from './support/n8nHarness';
import { ABR_KEY, startAbrFixture, type AbrFixture } from './support/abrFixture';
import { seededRandom } from './simulator/random';
import type { Fault } from './simulator/httpSimulator';

const DAY_MS = 86_400_000;
let fx: AbrFixture;
const pollers: ActivePoller[] = [];

beforeEach(async () => {
	fx = await startAbrFixture();
});
afterEach(async () => {
	for (const poller of pollers.splice(0)) await poller.deactivate();
	await fx.sim.stop();
});

function trigger(parameters: IDataObject = {}, saved: IDataObject = {}): ActivePoller {
	const poller = new ActivePoller(
		fx.harness,
		{ type: 'adminByRequestTrigger', parameters: parameters as never, credentials: fx.credentials },
		saved,
	);
	pollers.push(poller);
	return poller;
}

const ids = (items: Array<{ json: IDataObject }>) => items.map((item) => item.json.id as number);

describe('Admin By Request Trigger', () => {
	it('starts from now: activation records the newest id, emits nothing, and saves the checkpoint', async () => {
		const old = fx.sim.addEvents(5);
		const poller = trigger();
		const activation = await poller.activate();
		expect(activation.error).toBeUndefined();
		expect(activation.emitted).toHaveLength(0);
		expect(fx.sim.requests.map((r) => Object.fromEntries(r.query))).toEqual([{ last: '1' }]);
		expect(poller.savedNodeData).toMatchObject({ lastId: old[4].id });

		const fresh = fx.sim.addEvents(3);
		fx.sim.http.clearLog();
		const first = await poller.poll();
		expect(ids(first.emitted)).toEqual(fresh.map((e) => e.id));
		expect(first.emitted[0].json).toMatchObject({ eventCodeName: expect.any(String), eventTimeUtcIso: expect.any(String) });
		expect(poller.savedNodeData).toMatchObject({ lastId: fresh[2].id });
		expect(fx.sim.requests).toHaveLength(1);
		expect(Object.fromEntries(fx.sim.requests[0].query)).toMatchObject({
			startid: String(old[4].id + 1),
			take: '10000',
		});
		expect(fx.sim.requests[0].query.get('startdate')).toMatch(/^\d{4}-\d{2}-\d{2}$/);
	});

	it('an idle poll costs exactly one request and emits nothing', async () => {
		fx.sim.addEvents(4);
		const poller = trigger();
		await poller.activate();
		for (let i = 0; i < 3; i++) {
			fx.sim.http.clearLog();
			const idle = await poller.poll();
			expect(idle.error).toBeUndefined();
			expect(idle.emitted).toHaveLength(0);
			expect(fx.sim.requests).toHaveLength(1);
		}
	});

	it('on a tenant with no recent event, "now" starts at today and still emits the next event', async () => {
		const poller = trigger();
		await poller.activate();
		expect(poller.savedNodeData).toMatchObject({ lastId: 0 });
		const first = fx.sim.addEvent();
		expect(ids((await poller.poll()).emitted)).toEqual([first.id]);
	});

	it('filters by codes and minimum level on our side; filtered events still move the checkpoint', async () => {
		const poller = trigger({ filters: { codes: [93, 94, 72], minLevel: 2 } });
		await poller.activate();
		const created = fx.sim.addEvents(300);
		const { emitted } = await poller.poll();
		const wanted = created.filter((e) => [93, 94, 72].includes(e.eventCode) && e.eventLevel >= 2);
		expect(wanted.length).toBeGreaterThan(10);
		expect(ids(emitted)).toEqual(wanted.map((e) => e.id));
		expect(fx.sim.requests.at(-1)!.query.get('code')).toBeNull();
		expect(poller.liveNodeData.lastId).toBe(created.at(-1)!.id);
	});

	it('sends a single chosen code as the API\'s code filter', async () => {
		const poller = trigger({ filters: { codes: [92] } });
		await poller.activate();
		const created = fx.sim.addEvents(100);
		const { emitted } = await poller.poll();
		expect(fx.sim.requests.at(-1)!.query.get('code')).toBe('92');
		expect(ids(emitted)).toEqual(created.filter((e) => e.eventCode === 92).map((e) => e.id));
	});

	it('a backlog above Max Events Per Poll is emitted over several polls, stopping at the last emitted id', async () => {
		const poller = trigger({ options: { maxEventsPerPoll: 10 } });
		await poller.activate();
		const created = fx.sim.addEvents(25);
		const polls = [await poller.poll(), await poller.poll(), await poller.poll(), await poller.poll()];
		expect(polls.map((p) => p.emitted.length)).toEqual([10, 10, 5, 0]);
		expect(polls.flatMap((p) => ids(p.emitted))).toEqual(created.map((e) => e.id));
		expect(fx.sim.requests.slice(1).map((r) => r.query.get('take'))).toEqual(['10', '10', '10', '10']);
	});

	it('Lookback emits the events of the last N days at activation, oldest first', async () => {
		const older = fx.sim.addEvents(3, { at: Date.now() - 10 * DAY_MS });
		const recent = [
			...fx.sim.addEvents(2, { at: Date.now() - 2 * DAY_MS }),
			...fx.sim.addEvents(2),
		];
		const poller = trigger({ options: { startFrom: 'lookback', lookbackDays: 3 } });
		const activation = await poller.activate();
		expect(ids(activation.emitted)).toEqual(recent.map((e) => e.id));
		expect(ids(activation.emitted)).not.toContain(older[0].id);
	});

	it('Start ID emits every event from that id on', async () => {
		const created = fx.sim.addEvents(20);
		const poller = trigger({ options: { startFrom: 'startId', startId: created[5].id } });
		const activation = await poller.activate();
		expect(ids(activation.emitted)).toEqual(created.slice(5).map((e) => e.id));
	});

	it('a checkpoint older than the 30-day default window loses nothing after a 40-day outage', async () => {
		fx.sim.addEvents(3);
		const poller = trigger();
		await poller.activate();
		await poller.deactivate();
		const created: number[] = [];
		for (let day = 0; day < 40; day++) {
			fx.sim.clockSkewMs = day * DAY_MS;
			created.push(...fx.sim.addEvents(2).map((e) => e.id));
		}
		fx.sim.clockSkewMs = 40 * DAY_MS;
		const { emitted } = await poller.restart();
		expect(ids(emitted)).toEqual(created);
	});

	it.each<[string, Fault]>([
		['429', { kind: 'status', status: 429, body: { Message: 'Throttled' }, headers: { 'retry-after': '30' } }],
		['500', { kind: 'status', status: 500, body: { Message: 'An error has occurred.' } }],
		['502', { kind: 'status', status: 502, body: 'Bad gateway' }],
		['reset', { kind: 'reset' }],
		['truncated JSON', { kind: 'truncated' }],
		['non-JSON body', { kind: 'nonJson' }],
		['timeout', { kind: 'slow', delayMs: 2500 }],
	])('a %s on the second page leaves static data untouched; the next poll emits everything once', async (_name, fault) => {
		const poller = trigger({ options: { maxEventsPerPoll: 20_000, timeout: 1000 } });
		await poller.activate();
		const saved = structuredClone(poller.savedNodeData);
		const live = poller.liveNodeData;
		fx.sim.http.clearLog();
		// More events than the API's largest page (take 10000): the poll needs a second request.
		const created = fx.sim.addEvents(10_005);
		let page = 0;
		fx.sim.http.onRequest = () => {
			page++;
		};
		fx.sim.http.injectFault(fault, 1, () => page === 2);
		const failed = await poller.poll();
		expect(failed.emitted).toHaveLength(0);
		expect(failed.error?.message).toBeTruthy();
		expect(failed.error?.message).not.toContain(ABR_KEY);
		expect(poller.savedNodeData).toEqual(saved);
		expect(poller.liveNodeData).toEqual(live);

		const again = await poller.poll();
		expect(again.error).toBeUndefined();
		expect(ids(again.emitted)).toEqual(created.map((e) => e.id));
	});

	it('a wrong key fails activation with the vendor message and a hint, saving nothing', async () => {
		fx.harness.credentialsHelper.store.abr.apiKey = 'wrong';
		const poller = trigger();
		const activation = await poller.activate();
		expect(activation.error?.message).toMatch(/Admin By Request rejected the API key \(HTTP 401\)/);
		expect(poller.savedNodeData).toEqual({});
	});

	it.each([
		[{ filters: { minLevel: 3 } }, /Minimum Level: must be a whole number from 0 to 2/],
		[{ filters: { codes: ['abc'] } }, /Event Code Names or IDs: must be a whole number/],
		[{ options: { lookbackDays: 3 } }, /Lookback Days: is used only with Start From "Lookback"/],
		[{ options: { startFrom: 'startId', startId: 0 } }, /Start ID: must be a whole number from 1/],
		[{ options: { maxEventsPerPoll: 0 } }, /Max Events Per Poll: must be a whole number from 1/],
		[{ options: { startFrom: 'yesterday' } }, /Start From: must be one of now, lookback, startId/],
	])('bad parameters %j fail activation before any request', async (parameters, message) => {
		const poller = trigger(parameters);
		const activation = await poller.activate();
		expect(activation.error?.message).toMatch('There was a problem activating the workflow');
		expect(activation.error?.message).toMatch(message);
		expect(fx.sim.requests).toHaveLength(0);
	});

	it('"Fetch Test Event" returns the latest matching event and never touches static data', async () => {
		fx.sim.addEvents(30);
		const alert = fx.sim.addEvent({ eventCode: 93, eventLevel: 2 });
		fx.sim.addEvents(3, { eventCode: 5, eventLevel: 0 });
		const checkpoint = { lastId: 17, startDate: '2026-01-01' };
		const { result, staticData } = await manualPoll(
			fx.harness,
			{ type: 'adminByRequestTrigger', parameters: { filters: { minLevel: 2 } } as never, credentials: fx.credentials },
			{ 'node:Trigger': checkpoint },
		);
		expect(result?.[0].map((item) => item.json.id)).toEqual([alert.id]);
		expect(staticData).toEqual({ 'node:Trigger': checkpoint });
		expect(Object.fromEntries(fx.sim.requests[0].query)).toEqual({ last: '200' });
	});

	it('many polls with events added between and during polls, faults and restarts: every matching event exactly once', async () => {
		const random = seededRandom(20261123);
		const codes = [92, 93, 94, 6];
		const poller = trigger({ filters: { codes, minLevel: 1 }, options: { maxEventsPerPoll: 40, timeout: 1000 } });
		fx.sim.addEvents(10);
		await poller.activate();
		const created: number[] = [];
		const emitted: number[] = [];
		const faults: Fault[] = [
			{ kind: 'status', status: 429, body: { Message: 'Throttled' } },
			{ kind: 'status', status: 500, body: {} },
			{ kind: 'status', status: 503, body: {} },
			{ kind: 'reset' },
			{ kind: 'truncated' },
			{ kind: 'nonJson' },
		];
		const track = (events: Array<{ id: number; eventCode: number; eventLevel: number }>) =>
			created.push(...events.filter((e) => codes.includes(e.eventCode) && e.eventLevel >= 1).map((e) => e.id));
		fx.sim.http.onRequest = () => {
			if (random() < 0.3) track(fx.sim.addEvents(1 + Math.floor(random() * 5)));
		};
		let failures = 0;
		for (let poll = 0; poll < 150; poll++) {
			track(fx.sim.addEvents(Math.floor(random() * 30)));
			if (random() < 0.2) fx.sim.http.injectFault(faults[Math.floor(random() * faults.length)]);
			// A failed activation leaves the workflow inactive; n8n retries activating it later.
			const outcome = !poller.isActive
				? await poller.activate()
				: random() < 0.05
					? await poller.restart()
					: await poller.poll();
			if (outcome.error) failures++;
			emitted.push(...ids(outcome.emitted));
			fx.sim.http.clearFaults();
		}
		fx.sim.http.onRequest = undefined;
		if (!poller.isActive) emitted.push(...ids((await poller.activate()).emitted));
		for (let drain = 0; drain < 50; drain++) emitted.push(...ids((await poller.poll()).emitted));

		expect(failures).toBeGreaterThan(10);
		expect(created.length).toBeGreaterThan(300);
		expect(new Set(emitted).size).toBe(emitted.length);
		expect([...emitted].sort((a, b) => a - b)).toEqual([...created].sort((a, b) => a - b));
		expect(emitted).toEqual([...emitted].sort((a, b) => a - b));
	});
});
