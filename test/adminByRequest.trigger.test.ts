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

/** A poll that meets a fault: nothing emitted, a clear error without the key, static data as it was. */
async function expectFailedPollChangedNothing(poller: ActivePoller, saved: IDataObject, live: IDataObject): Promise<void> {
	const failed = await poller.poll();
	expect(failed.emitted).toHaveLength(0);
	expect(failed.error?.message).toBeTruthy();
	expect(failed.error?.message).not.toContain(ABR_KEY);
	expect(poller.savedNodeData).toEqual(saved);
	expect(poller.liveNodeData).toEqual(live);
}

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
		await expectFailedPollChangedNothing(poller, saved, live);

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

const auditLog = (options: IDataObject = {}) => trigger({ triggerOn: 'auditLogChange', options });
const pending = (options: IDataObject = {}) => trigger({ triggerOn: 'pendingRequest', options });
const changes = (items: Array<{ json: IDataObject }>) =>
	items.map((item) => [item.json.id, item.json.status, item.json.changeType, item.json.previousStatus]);
const queries = () => fx.sim.requests.map((r) => `${r.path}?${r.rawQuery}`);

describe('Trigger On', () => {
	it('a workflow saved before the parameter existed still triggers on new events, as before', async () => {
		fx.sim.addEvents(3);
		fx.sim.addElevations(3);
		const poller = trigger({ options: {} });
		await poller.activate();
		expect(queries()).toEqual(['/events?last=1']);
		const fresh = fx.sim.addEvents(2);
		fx.sim.addPendingRequest();
		expect(ids((await poller.poll()).emitted)).toEqual(fresh.map((e) => e.id));
		expect(Object.keys(poller.savedNodeData).sort()).toEqual(['lastId', 'startDate']);
	});

	it.each([
		[{ triggerOn: 'auditLogChange', options: { startFrom: 'startId', startId: 5 } }, /^Start From: "Start ID" is not available with Trigger On "Audit Log Change"/],
		[{ triggerOn: 'everything' }, /^Trigger On: must be one of event, auditLogChange, pendingRequest/],
		[{ triggerOn: 'pendingRequest', options: { lookbackDays: 2 } }, /^Lookback Days: is used only with Start From "Lookback"/],
	])('bad parameters %j fail activation before any request', async (parameters, message) => {
		const activation = await trigger(parameters).activate();
		expect(activation.error?.message.replace(/^There was a problem activating the workflow: "/, '')).toMatch(message);
		expect(fx.sim.requests).toHaveLength(0);
	});
});

describe('Trigger On: Audit Log Change', () => {
	it('emits each new entry and each later change once, saying which and what changed; idle polls cost one request', async () => {
		const before = fx.sim.addElevations(4, { approvalRequired: true, status: 'Pending', schedule: [] });
		const poller = auditLog();
		const activation = await poller.activate();
		expect(activation.emitted).toEqual([]);
		expect(queries()).toEqual([
			'/auditlog?last=1',
			'/auditlog/delta?',
			`/auditlog/delta?deltaTime=${fx.sim.elevations.timeNow}`,
		]);

		fx.sim.elevations.setStatus(before[1], 'Approved');
		const fresh = fx.sim.addPendingRequest();
		const first = await poller.poll();
		expect(changes(first.emitted)).toEqual([
			[before[1].id, 'Approved', 'changed', null],
			[fresh.id, 'Pending', 'new', null],
		]);

		fx.sim.elevations.setStatus(fresh, 'Approved');
		fx.sim.elevations.setStatus(fresh, 'Started');
		fx.sim.elevations.setStatus(before[1], 'Started');
		fx.sim.elevations.setStatus(before[2], 'Denied');
		const second = await poller.poll();
		expect(changes(second.emitted)).toEqual([
			[fresh.id, 'Started', 'changed', 'Pending'],
			[before[1].id, 'Started', 'changed', 'Approved'],
			[before[2].id, 'Denied', 'changed', null],
		]);
		expect(second.emitted[0].json).toMatchObject({ user: { account: expect.any(String) }, computer: { name: expect.any(String) } });

		// The feed is inclusive: the entry changed at timeNow comes again on every idle poll.
		for (let i = 0; i < 3; i++) {
			fx.sim.http.clearLog();
			const idle = await poller.poll();
			expect(idle).toEqual({ emitted: [] });
			expect(queries()).toEqual([`/auditlog/delta?deltaTime=${fx.sim.elevations.timeNow}`]);
		}
	});

	it('keeps timeNow exact from the answer text to static data and back (it is above 2^53)', async () => {
		fx.sim.addElevations(2, { schedule: [] });
		const poller = auditLog();
		await poller.activate();
		const entry = fx.sim.addElevation({ schedule: [], status: 'Started', approvalRequired: false });
		await poller.poll();
		const exact = fx.sim.elevations.timeNow.toString();
		// JSON.parse would have rounded it: the test means something only if it does.
		expect(BigInt(Math.round(Number(exact))).toString()).not.toBe(exact);
		expect((poller.savedNodeData.auditLog as IDataObject).deltaTime).toBe(exact);
		fx.sim.elevations.setStatus(entry, 'Finished');
		fx.sim.http.clearLog();
		// n8n restarts with an activation poll, which reads on from the saved deltaTime.
		const restarted = await poller.restart();
		expect(fx.sim.requests.map((r) => r.query.get('deltaTime'))).toEqual([exact]);
		expect(changes(restarted.emitted)).toEqual([[entry.id, 'Finished', 'changed', 'Started']]);
		await poller.poll();
		expect(fx.sim.requests.at(-1)!.query.get('deltaTime')).toBe(fx.sim.elevations.timeNow.toString());
	});

	it('2^53 + 1 stays 2^53 + 1 (JSON.parse would make it 2^53)', async () => {
		const poller = auditLog();
		fx.sim.http.injectFault({ kind: 'raw', status: 200, text: '{"timeNow":9007199254740993}' }, 1, (r) => r.path === '/auditlog/delta');
		await poller.activate();
		expect(fx.sim.requests[2].query.get('deltaTime')).toBe('9007199254740993');
		expect(JSON.parse('9007199254740993')).toBe(9007199254740992);
	});

	it('an answer with two different timeNow keys of the same rounded value, or none, is an error and changes nothing', async () => {
		const poller = auditLog();
		await poller.activate();
		const saved = structuredClone(poller.savedNodeData);
		fx.sim.http.injectFault({
			kind: 'raw',
			status: 200,
			text: '{"entries":[{"id":1,"status":"Pending","x":{"timeNow":9007199254740993}}],"timeNow":9007199254740992}',
		});
		const failed = await poller.poll();
		expect(failed.error?.message).toMatch(/audit log delta feed with something unexpected/);
		fx.sim.http.injectFault({ kind: 'raw', status: 200, text: '{"entries":[]}' });
		expect((await poller.poll()).error?.message).toMatch(/something unexpected/);
		expect(poller.savedNodeData).toEqual(saved);
	});

	it('with a feed that does not repeat the boundary, nothing is lost either', async () => {
		fx.sim.deltaBoundary = 'exclusive';
		const poller = auditLog();
		await poller.activate();
		const made = fx.sim.addElevations(3, { approvalRequired: true, status: 'Pending', schedule: [] });
		expect((await poller.poll()).emitted).toHaveLength(3);
		fx.sim.elevations.setStatus(made[2], 'Denied');
		expect(changes((await poller.poll()).emitted)).toEqual([[made[2].id, 'Denied', 'changed', 'Pending']]);
		expect((await poller.poll()).emitted).toEqual([]);
	});

	it.each<[string, Fault]>([
		['429', { kind: 'status', status: 429, body: { Message: 'Throttled' }, headers: { 'retry-after': '30' } }],
		['500', { kind: 'status', status: 500, body: { Message: 'An error has occurred.' } }],
		['reset', { kind: 'reset' }],
		['truncated JSON', { kind: 'truncated' }],
		['non-JSON body', { kind: 'nonJson' }],
		['timeout', { kind: 'slow', delayMs: 2500 }],
	])('a %s leaves static data untouched; the next poll emits every change once', async (_name, fault) => {
		const poller = auditLog({ timeout: 1000 });
		const made = fx.sim.addElevations(3, { approvalRequired: true, status: 'Pending', schedule: [] });
		await poller.activate();
		fx.sim.elevations.setStatus(made[0], 'Approved');
		const fresh = fx.sim.addElevation({ schedule: [], status: 'Started' });
		const saved = structuredClone(poller.savedNodeData);
		const live = poller.liveNodeData;
		fx.sim.http.injectFault(fault);
		await expectFailedPollChangedNothing(poller, saved, live);
		expect(changes((await poller.poll()).emitted)).toEqual([
			[made[0].id, 'Approved', 'changed', null],
			[fresh.id, 'Started', 'new', null],
		]);
	});

	it('Lookback emits what changed in the last N days, as new or changed by the id baseline', async () => {
		const old = fx.sim.addElevation({ at: Date.now() - 10 * DAY_MS, schedule: [], status: 'Pending', approvalRequired: true });
		const recent = fx.sim.addElevation({ at: Date.now() - 2 * DAY_MS, schedule: [], status: 'Started' });
		fx.sim.elevations.setStatus(old, 'Denied', Date.now() - DAY_MS);
		const poller = auditLog({ startFrom: 'lookback', lookbackDays: 3 });
		const activation = await poller.activate();
		expect(changes(activation.emitted)).toEqual([
			[recent.id, 'Started', 'new', null],
			[old.id, 'Denied', 'changed', null],
		]);
		expect((await poller.poll()).emitted).toEqual([]);
	});

	it('"Fetch Test Event" returns the newest entry shaped as an item, and never touches static data', async () => {
		const newest = fx.sim.addElevations(3, { schedule: [] })[2];
		const saved = { 'node:Trigger': { auditLog: { deltaTime: '1', baselineId: 0, statuses: [] } } };
		const { result, staticData } = await manualPoll(
			fx.harness,
			{ type: 'adminByRequestTrigger', parameters: { triggerOn: 'auditLogChange' } as never, credentials: fx.credentials },
			saved,
		);
		expect(changes(result![0])).toEqual([[newest.id, newest.status, 'new', null]]);
		expect(staticData).toEqual(saved);
	});
});

describe('Trigger On: New Pending Request', () => {
	it('emits each new pending request once; decided ones and non-requests are not; idle polls cost one request', async () => {
		fx.sim.addPendingRequest();
		const poller = pending();
		expect((await poller.activate()).emitted).toEqual([]);
		expect(queries()).toEqual(['/requests?last=1']);
		const a = fx.sim.addPendingRequest();
		const decided = fx.sim.addPendingRequest();
		fx.sim.elevations.setStatus(decided, 'Denied');
		fx.sim.addElevation({ approvalRequired: false, status: 'Started', schedule: [] });
		const b = fx.sim.addPendingRequest();
		const first = await poller.poll();
		expect(ids(first.emitted)).toEqual([a.id, b.id]);
		expect(first.emitted[0].json).toMatchObject({ status: 'Pending', user: expect.any(Object), computer: expect.any(Object), application: expect.any(Object), reason: expect.any(String) });
		expect(poller.savedNodeData).toEqual({ pendingRequests: { lastId: b.id } });
		for (let i = 0; i < 2; i++) {
			fx.sim.http.clearLog();
			expect(await poller.poll()).toEqual({ emitted: [] });
			expect(queries()).toEqual([`/requests?status=Pending&startid=${b.id + 1}&take=1000`]);
		}
	});

	it('a backlog above Max Events Per Poll comes over several polls; a fault changes nothing', async () => {
		const poller = pending({ maxEventsPerPoll: 4 });
		await poller.activate();
		const made = Array.from({ length: 10 }, () => fx.sim.addPendingRequest());
		const emitted = ids((await poller.poll()).emitted);
		const saved = structuredClone(poller.savedNodeData);
		fx.sim.http.injectFault({ kind: 'status', status: 503, body: { Message: 'down' } });
		expect((await poller.poll()).error).toBeDefined();
		expect(poller.savedNodeData).toEqual(saved);
		for (let i = 0; i < 3; i++) emitted.push(...ids((await poller.poll()).emitted));
		expect(emitted).toEqual(made.map((r) => r.id));
	});

	it('Lookback emits requests still pending from the last N days; Start ID every pending one from that id', async () => {
		fx.sim.addPendingRequest({ at: Date.now() - 10 * DAY_MS });
		const recent = [fx.sim.addPendingRequest({ at: Date.now() - 2 * DAY_MS }), fx.sim.addPendingRequest()];
		expect(ids((await pending({ startFrom: 'lookback', lookbackDays: 3 }).activate()).emitted)).toEqual(recent.map((r) => r.id));
		expect(ids((await pending({ startFrom: 'startId', startId: recent[0].id }).activate()).emitted)).toEqual(recent.map((r) => r.id));
	});

	it('"Fetch Test Event" returns the newest pending request and never touches static data', async () => {
		const newest = fx.sim.addPendingRequest();
		fx.sim.addElevation({ approvalRequired: true, status: 'Denied', schedule: [] });
		const { result, staticData } = await manualPoll(
			fx.harness,
			{ type: 'adminByRequestTrigger', parameters: { triggerOn: 'pendingRequest' } as never, credentials: fx.credentials },
			{},
		);
		expect(ids(result![0])).toEqual([newest.id]);
		expect(staticData).toEqual({});
	});
});
