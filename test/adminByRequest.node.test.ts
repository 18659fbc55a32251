import { runNode } from './support/n8nHarness';
import { ABR_KEY, startAbrFixture, type AbrFixture } from './support/abrFixture';

const DAY_MS = 86_400_000;
let fx: AbrFixture;

beforeAll(async () => {
	fx = await startAbrFixture();
	// 40 days of history, then a busy recent stretch.
	for (let day = 40; day >= 1; day--) fx.sim.addEvents(3, { at: Date.now() - day * DAY_MS });
	fx.sim.addEvents(150);
	fx.sim.addEvent({ eventCode: 93, computerName: 'HR LAPTOP 3', userAccount: 'CONTOSO\\jdoe' });
});
afterAll(async () => fx.sim.stop());
beforeEach(() => {
	fx.sim.http.clearLog();
	fx.sim.http.clearFaults();
});

function run(parameters: Record<string, unknown>, extra: { continueOnFail?: boolean; inputItems?: number } = {}) {
	return runNode(fx.harness, {
		type: 'adminByRequest',
		parameters: { resource: 'event', operation: 'getAll', ...parameters } as never,
		credentials: fx.credentials,
		...extra,
	});
}

/** The simulator's default window: 30 days back, by the tenant's local date. */
const inDefaultWindow = () => {
	const start = new Date(fx.sim.now() + 2 * 3_600_000 - 30 * DAY_MS).toISOString().slice(0, 10);
	return fx.sim.events.filter((e) => e.eventTime.slice(0, 10) >= start);
};

describe('Admin By Request node: Get Many', () => {
	it('returns the first events of the window with derived fields, the key only in the apikey header', async () => {
		const { items, error } = await run({ limit: 10 });
		expect(error).toBeUndefined();
		expect(items.map((i) => i.json.id)).toEqual(inDefaultWindow().slice(0, 10).map((e) => e.id));
		const first = fx.sim.events.find((e) => e.id === items[0].json.id)!;
		expect(items[0].json).toEqual({
			...first,
			eventCodeName: expect.any(String),
			eventLevelName: expect.stringMatching(/Informational|Warning|Alert/),
			eventTimeUtcIso: `${first.eventTimeUTC}Z`,
		});
		expect(items[0].pairedItem).toEqual({ item: 0 });
		expect(fx.sim.requests).toHaveLength(1);
		expect(fx.sim.requests[0].headers.apikey).toBe(ABR_KEY);
		expect(fx.sim.requests[0].query.get('take')).toBe('10');
		expect(JSON.stringify(items)).not.toContain(ABR_KEY);
	});

	it('names codes it does not know as "Unknown (N)" instead of dropping them', async () => {
		const unknown = fx.sim.addEvent({ eventCode: 999 });
		const { items } = await run({ limit: 1, filters: { code: 999, newestFirst: true } });
		expect(items).toHaveLength(1);
		expect(items[0].json).toMatchObject({ id: unknown.id, eventCode: 999, eventCodeName: 'Unknown (999)' });
		expect(fx.sim.requests[0].query.get('code')).toBe('999');
	});

	it('Return All pages with startid = last id + 1 and take 10000 until a short page', async () => {
		const big = await startAbrFixture({ firstId: 1000 });
		try {
			big.sim.addEvents(23_456);
			const { items, error } = await runNode(big.harness, {
				type: 'adminByRequest',
				parameters: { resource: 'event', operation: 'getAll', returnAll: true } as never,
				credentials: big.credentials,
			});
			expect(error).toBeUndefined();
			expect(items.map((i) => i.json.id)).toEqual(big.sim.events.map((e) => e.id));
			const queries = big.sim.requests.map((r) => Object.fromEntries(r.query));
			expect(queries).toHaveLength(3);
			expect(queries[0]).toEqual({ take: '10000' });
			expect(queries[1]).toEqual({ take: '10000', startid: String(big.sim.events[9999].id + 1) });
			expect(queries[2]).toEqual({ take: '10000', startid: String(big.sim.events[19999].id + 1) });
		} finally {
			await big.sim.stop();
		}
	});

	it('a limit above one page takes exactly what is still wanted from the last page', async () => {
		const big = await startAbrFixture({ firstId: 5 });
		try {
			big.sim.addEvents(10_500);
			const { items } = await runNode(big.harness, {
				type: 'adminByRequest',
				parameters: { resource: 'event', operation: 'getAll', limit: 10_000, filters: { startId: 10 } } as never,
				credentials: big.credentials,
			});
			expect(items).toHaveLength(10_000);
			expect(items[0].json.id).toBe(big.sim.events.find((e) => e.id >= 10)!.id);
			expect(big.sim.requests.map((r) => r.query.get('take'))).toEqual(['10000']);
			expect(big.sim.requests[0].query.get('startid')).toBe('10');
		} finally {
			await big.sim.stop();
		}
	});

	it('maps every filter to the documented query parameter', async () => {
		await run({ limit: 5, filters: { code: 93, startDate: '2026-01-02T00:00:00', endDate: '2026-12-31', startId: 7 } });
		expect(Object.fromEntries(fx.sim.requests[0].query)).toEqual({
			code: '93',
			startdate: '2026-01-02',
			enddate: '2026-12-31',
			startid: '7',
			take: '5',
		});
		fx.sim.http.clearLog();
		await run({ limit: 5, filters: { days: 45 } });
		expect(Object.fromEntries(fx.sim.requests[0].query)).toEqual({ days: '45', take: '5' });
	});

	it('Days widens the window beyond the 30-day default; Start Date replaces it', async () => {
		const { items: defaultWindow } = await run({ returnAll: true });
		const { items: wide } = await run({ returnAll: true, filters: { days: 45 } });
		expect(wide.length).toBe(fx.sim.events.length);
		expect(defaultWindow.length).toBeLessThan(wide.length);
		const since = new Date(Date.now() - 5 * DAY_MS).toISOString().slice(0, 10);
		const { items: recent } = await run({ returnAll: true, filters: { startDate: since } });
		expect(recent.every((i) => String(i.json.eventTime).slice(0, 10) >= since)).toBe(true);
		expect(recent.length).toBeGreaterThan(150);
		expect(recent.length).toBeLessThan(defaultWindow.length);
	});

	it('Newest First sends last = limit and returns newest first', async () => {
		const { items } = await run({ limit: 4, filters: { newestFirst: true } });
		expect(Object.fromEntries(fx.sim.requests[0].query)).toEqual({ last: '4' });
		const newest = fx.sim.events.slice(-4).reverse().map((e) => e.id);
		expect(items.map((i) => i.json.id)).toEqual(newest);
	});

	it('Computer Name and User use the per-computer and per-user paths, encoded', async () => {
		const { items } = await run({ limit: 50, filters: { computerName: 'HR LAPTOP 3' } });
		expect(fx.sim.requests[0].path).toBe('/computers/HR%20LAPTOP%203/events');
		expect(items.length).toBeGreaterThan(0);
		expect(items.every((i) => i.json.computerName === 'HR LAPTOP 3')).toBe(true);
		fx.sim.http.clearLog();
		const { items: byUser } = await run({ limit: 50, filters: { user: 'CONTOSO\\jdoe' } });
		expect(fx.sim.requests[0].path).toBe('/users/CONTOSO%5Cjdoe/events');
		expect(byUser.length).toBeGreaterThan(0);
		expect(byUser.every((i) => i.json.userAccount === 'CONTOSO\\jdoe')).toBe(true);
	});

	it('runs once per input item, each output paired with its item', async () => {
		const { items } = await run({ limit: 2 }, { inputItems: 3 });
		expect(items).toHaveLength(6);
		expect(items.map((i) => i.pairedItem)).toEqual([0, 0, 1, 1, 2, 2].map((item) => ({ item })));
		expect(fx.sim.requests).toHaveLength(3);
	});
});

describe('Admin By Request node: Get', () => {
	it('gets one event by ID from /events/{id}', async () => {
		const target = fx.sim.events[42];
		const { items } = await run({ operation: 'get', eventId: String(target.id) });
		expect(fx.sim.requests[0].path).toBe(`/events/${target.id}`);
		expect(items).toHaveLength(1);
		expect(items[0].json).toMatchObject({ ...target, eventCodeName: expect.any(String) });
	});

	it('an unknown ID is a NodeApiError that says nothing was found', async () => {
		const { error } = await run({ operation: 'get', eventId: '1' });
		expect(error?.name).toBe('NodeApiError');
		expect(error?.message).toMatch(/found nothing.*404/);
	});
});

describe('Admin By Request node: bad parameters fail before any request', () => {
	const cases: Array<[string, Record<string, unknown>, RegExp]> = [
		['limit 0', { limit: 0 }, /^Limit: must be a whole number from 1 to 10,000/],
		['limit above 10000', { limit: 10_001 }, /^Limit: must be a whole number from 1 to 10,000/],
		['limit not whole', { limit: 2.5 }, /^Limit:/],
		['malformed start date', { filters: { startDate: '01/02/2026' } }, /^Start Date: "01\/02\/2026" is not a date; use the form yyyy-mm-dd/],
		['impossible end date', { filters: { endDate: '2026-02-30' } }, /^End Date: 2026-02-30 is not a calendar date/],
		['end before start', { filters: { startDate: '2026-03-02', endDate: '2026-03-01' } }, /^End Date: 2026-03-01 is before Start Date 2026-03-02/],
		['days with start date', { filters: { days: 3, startDate: '2026-03-01' } }, /^Days: the API ignores Days when Start Date is set/],
		['days zero', { filters: { days: 0 } }, /^Days: must be a whole number/],
		['negative code', { filters: { code: -1 } }, /^Event Code: must be a whole number/],
		['start id text', { filters: { startId: 'abc' } }, /^Start ID: must be a whole number/],
		['newest first with return all', { returnAll: true, filters: { newestFirst: true } }, /^Newest First: returns at most 10,000 events/],
		['newest first with start id', { filters: { newestFirst: true, startId: 5 } }, /^Newest First: cannot be combined with Start ID/],
		['computer and user', { filters: { computerName: 'A', user: 'B' } }, /^User: cannot be combined with Computer Name/],
		['timeout too small', { options: { timeout: 5 } }, /^Timeout: must be a whole number from 1,000/],
		['event id not a number', { operation: 'get', eventId: '12a' }, /^Event ID: must be a whole number/],
	];

	it.each(cases)('%s', async (_name, parameters, message) => {
		const { error } = await run({ limit: 10, ...parameters });
		expect(error?.name).toBe('NodeOperationError');
		expect(error?.message).toMatch(message);
		expect(error?.description).toMatch(/No request was sent/);
		expect(fx.sim.requests).toHaveLength(0);
	});

	it('with Continue On Fail, a bad item becomes an error item and the others still run', async () => {
		const { items } = await runNode(fx.harness, {
			type: 'adminByRequest',
			parameters: {
				resource: 'event',
				operation: 'getAll',
				limit: '={{ $json.index === 1 ? 0 : 1 }}',
			} as never,
			credentials: fx.credentials,
			continueOnFail: true,
			inputItems: 3,
		});
		expect(items).toHaveLength(3);
		expect(items[1].json.error).toMatch(/^Limit:/);
		expect(items[1].pairedItem).toEqual({ item: 1 });
		expect(items[0].json.id).toBeDefined();
		expect(items[2].json.id).toBeDefined();
		expect(fx.sim.requests).toHaveLength(2);
	});
});

describe('Admin By Request node: API errors', () => {
	it('a wrong key is a NodeApiError with the vendor message and a hint, without the key', async () => {
		const wrong = await startAbrFixture();
		try {
			wrong.harness.credentialsHelper.store.abr.apiKey = 'not-the-key';
			const { error } = await runNode(wrong.harness, {
				type: 'adminByRequest',
				parameters: { resource: 'event', operation: 'getAll', limit: 1 } as never,
				credentials: wrong.credentials,
			});
			expect(error?.name).toBe('NodeApiError');
			expect(error?.message).toBe(
				'Admin By Request rejected the API key (HTTP 401): Authorization has been denied for this request.',
			);
			expect(error?.description).toMatch(/Check the API Key/);
			expect(error?.httpCode).toBe('401');
		} finally {
			await wrong.sim.stop();
		}
	});

	it('a key from another data center (HTTP 500) points at the Data Center setting', async () => {
		const other = await startAbrFixture({ otherDataCenterKeys: ['eu-key'] });
		try {
			other.harness.credentialsHelper.store.abr.apiKey = 'eu-key';
			const { error } = await runNode(other.harness, {
				type: 'adminByRequest',
				parameters: { resource: 'event', operation: 'getAll', limit: 1 } as never,
				credentials: other.credentials,
			});
			expect(error?.message).toMatch(/HTTP 500/);
			expect(error?.description).toMatch(/wrong data center.*Data Center in the credential/);
		} finally {
			await other.sim.stop();
		}
	});

	it('429 says when to retry, from the Retry-After header', async () => {
		fx.sim.http.injectFault({ kind: 'status', status: 429, body: { Message: 'Too many requests' }, headers: { 'retry-after': '17' } });
		const { error } = await run({ limit: 1 });
		expect(error?.message).toMatch(/throttling this API key \(HTTP 429\): Too many requests/);
		expect(error?.description).toMatch(/Try again in 17 seconds/);
	});

	it.each([
		['reset', { kind: 'reset' as const }, /connection to Admin By Request was reset/],
		['truncated JSON', { kind: 'truncated' as const }, /malformed JSON/],
		['HTML instead of JSON', { kind: 'nonJson' as const }, /malformed JSON/],
		['503', { kind: 'status' as const, status: 503, body: { Message: 'Down for maintenance' } }, /HTTP 503: Down for maintenance/],
	])('%s becomes a clear NodeApiError', async (_name, fault, message) => {
		fx.sim.http.injectFault(fault);
		const { error } = await run({ limit: 1 });
		expect(error?.name).toBe('NodeApiError');
		expect(error?.message).toMatch(message);
	});

	it('a slow answer fails with a timeout error after the configured time', async () => {
		fx.sim.http.injectFault({ kind: 'slow', delayMs: 3000 });
		const started = Date.now();
		const { error } = await run({ limit: 1, options: { timeout: 1000 } });
		expect(Date.now() - started).toBeLessThan(2500);
		expect(error?.message).toBe('Admin By Request did not answer within 1000 ms');
	});

	it('refuses a plain-http base URL for a remote host before sending anything', async () => {
		const remote = await startAbrFixture();
		try {
			remote.harness.credentialsHelper.store.abr.baseUrl = 'http://dc1api.adminbyrequest.com';
			const { error } = await runNode(remote.harness, {
				type: 'adminByRequest',
				parameters: { resource: 'event', operation: 'getAll', limit: 1 } as never,
				credentials: remote.credentials,
			});
			expect(error?.name).toBe('NodeOperationError');
			expect(error?.message).toMatch(/^Base URL \(Admin By Request API credential\): must start with https:\/\//);
			expect(remote.harness.credentialsHelper.signedRequests).toHaveLength(0);
		} finally {
			await remote.sim.stop();
		}
	});

	it('does not follow a redirect, so the key cannot be carried to another host', async () => {
		const elsewhere = await startAbrFixture();
		try {
			fx.sim.http.injectFault({
				kind: 'status',
				status: 302,
				headers: { location: `${elsewhere.sim.http.baseUrl}/events` },
			});
			const { error } = await run({ limit: 1 });
			expect(error?.message).toMatch(/HTTP 302/);
			expect(elsewhere.sim.requests).toHaveLength(0);
		} finally {
			await elsewhere.sim.stop();
		}
	});
});
