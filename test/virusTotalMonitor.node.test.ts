import type { INodeParameters } from 'n8n-workflow';
import type { HttpSimulator } from './simulator/httpSimulator';
import { vtTimestamp, type VirusTotalMonitorSimulator } from './simulator/virusTotalMonitorSimulator';
import { runNode, type Harness } from './support/n8nHarness';
import { startVtFixture, type VtFixture } from './support/vtFixture';

const KEY = 'vt-node-test-key-5f4dcc3b5aa765d61d8327deb882cf99';
const HOUR = 3_600_000;
const BASE_TIME = Date.UTC(2024, 4, 1, 12, 0, 0);

let sim: VirusTotalMonitorSimulator;
let foreign: HttpSimulator;
let harness: Harness;
let fixture: VtFixture;

beforeAll(async () => {
	fixture = await startVtFixture(KEY, { pageSize: 5 });
	({ sim, foreign, harness } = fixture);
});

afterAll(async () => fixture.stop());

beforeEach(() => {
	sim.events.length = 0;
	sim.http.clearLog();
	sim.http.clearFaults();
	sim.apiKey = KEY;
	harness.credentialsHelper.store.virusTotalMonitorApi = { apiKey: KEY, baseUrl: sim.baseUrl };
});

function getMany(parameters: INodeParameters, extra: { continueOnFail?: boolean; inputItems?: number } = {}) {
	return runNode(harness, {
		type: 'virusTotalMonitor',
		parameters: { resource: 'event', operation: 'getAll', ...parameters },
		credentials: { virusTotalMonitorApi: { id: 'virusTotalMonitorApi', name: 'VT' } },
		...extra,
	});
}

/** The `filter` exactly as it crossed the wire, before any decoding. */
function rawFilters(): string[] {
	return sim.requests.map((r) => /(?:^|&)filter=([^&]*)/.exec(r.rawQuery)?.[1] ?? '');
}

describe('VirusTotal Monitor: Get Many', () => {
	it('builds one term per filter key, encodes + as %2B, and the server reads every operator', async () => {
		sim.addEvent({ at: BASE_TIME, level: '3', action: 'DETECTED', source: 'ANALYSIS', creator_id: 'wcoyote', monitor_key: 'abc==', owner_id: 'grp' });
		sim.addEvent({ at: BASE_TIME, level: '1', action: 'DETECTED', source: 'ANALYSIS', creator_id: 'wcoyote', monitor_key: 'abc==', owner_id: 'grp' });
		const { items, error } = await getMany({
			returnAll: true,
			filters: {
				action: 'DETECTED',
				creatorId: 'wcoyote',
				level: 2,
				levelOperator: 'atLeast',
				monitorKey: 'abc==',
				ownerId: 'grp',
				source: 'ANALYSIS',
				after: '2024-05-01T11:00:00Z',
				before: '2024-05-01T13:00:00',
				query: 'level:4-',
			},
		});
		expect(error).toBeUndefined();
		expect(rawFilters()).toEqual([
			'action%3ADETECTED%20creator_id%3Awcoyote%20level%3A2%2B%20monitor_key%3Aabc%3D%3D%20owner_id%3Agrp%20source%3AANALYSIS%20timestamp%3A2024-05-01T11%3A00%3A00%2B%20timestamp%3A2024-05-01T13%3A00%3A00-%20level%3A4-',
		]);
		expect(sim.parsedFilters.at(-1)).toEqual([
			{ key: 'action', value: 'DETECTED', op: '=' },
			{ key: 'creator_id', value: 'wcoyote', op: '=' },
			{ key: 'level', value: '2', op: '+' },
			{ key: 'monitor_key', value: 'abc==', op: '=' },
			{ key: 'owner_id', value: 'grp', op: '=' },
			{ key: 'source', value: 'ANALYSIS', op: '=' },
			{ key: 'timestamp', value: '2024-05-01T11:00:00', op: '+' },
			{ key: 'timestamp', value: '2024-05-01T13:00:00', op: '-' },
			{ key: 'level', value: '4', op: '-' },
		]);
		expect(items.map((i) => i.json.level)).toEqual(['3']);
	});

	it.each([
		['atMost', '-', ['0', '1', '2']],
		['exactly', '=', ['2']],
		['atLeast', '+', ['2', '3', '4']],
	])('level operator %s is sent as %s', async (levelOperator, op, levels) => {
		for (const level of ['0', '1', '2', '3', '4']) sim.addEvent({ at: BASE_TIME, level });
		const { items } = await getMany({ returnAll: true, filters: { level: 2, levelOperator } });
		expect(rawFilters()).toEqual([`level%3A2${encodeURIComponent(op)}`]);
		expect(items.map((i) => i.json.level).sort()).toEqual(levels);
	});

	it('filters by every action and source value', async () => {
		for (const action of ['CLEAN', 'COMMENT', 'DELETE', 'DETECTED', 'UPLOAD', 'RESOLVED']) {
			for (const source of ['ANALYSIS', 'FILE', 'QUOTA']) sim.addEvent({ at: BASE_TIME, action, source });
		}
		for (const action of ['CLEAN', 'COMMENT', 'DELETE', 'DETECTED', 'UPLOAD', 'RESOLVED']) {
			const { items } = await getMany({ returnAll: true, filters: { action, source: 'FILE' } });
			expect(items.map((i) => [i.json.action, i.json.source])).toEqual([[action, 'FILE']]);
		}
	});

	it('pages with cursor and job_id from meta, never following links.next to another host', async () => {
		for (let i = 0; i < 23; i++) sim.addEvent({ at: BASE_TIME + i * 1000 });
		const { items, error } = await getMany({ returnAll: true });
		expect(error).toBeUndefined();
		expect(items).toHaveLength(23);
		expect(new Set(items.map((i) => i.json.subject)).size).toBe(23);
		expect(sim.requests).toHaveLength(5);
		const jobIds = sim.requests.slice(1).map((r) => r.query.get('job_id'));
		expect(jobIds.every((id) => id && id === jobIds[0])).toBe(true);
		expect(sim.requests.slice(1).every((r) => r.query.get('cursor'))).toBe(true);
		expect(foreign.requests).toHaveLength(0);
	});

	it('reads the credential once per input item and has n8n sign every page with it', async () => {
		for (let i = 0; i < 12; i++) sim.addEvent({ at: BASE_TIME + i * 1000 });
		const helper = harness.credentialsHelper;
		const getDecrypted = jest.spyOn(helper, 'getDecrypted');
		const signedBefore = helper.signedRequests.length;
		try {
			const { items, error } = await getMany({ returnAll: true }, { inputItems: 2 });
			expect(error).toBeUndefined();
			expect(items).toHaveLength(24);
			expect(sim.requests).toHaveLength(6);
			expect(getDecrypted).toHaveBeenCalledTimes(2);
			expect(helper.signedRequests.length - signedBefore).toBe(6);
			expect(sim.requests.every((r) => r.headers['x-apikey'] === KEY)).toBe(true);
		} finally {
			getDecrypted.mockRestore();
		}
	});

	it('stops paging once the limit is reached and cuts to the limit', async () => {
		for (let i = 0; i < 23; i++) sim.addEvent({ at: BASE_TIME + i * 1000 });
		const { items } = await getMany({ returnAll: false, limit: 7 });
		expect(items).toHaveLength(7);
		expect(sim.requests).toHaveLength(2);
		expect(sim.requests[0].query.has('limit')).toBe(false);
	});

	it('continues a listing from the cursor and job ID options', async () => {
		for (let i = 0; i < 8; i++) sim.addEvent({ at: BASE_TIME + i * 1000 });
		await getMany({ returnAll: false, limit: 5 });
		const first = sim.requests[0];
		const body = await fetch(`${sim.baseUrl}/monitor/events`, { headers: { 'x-apikey': KEY } }).then((r) => r.json() as Promise<{ meta: { cursor: string; job_id: string } }>);
		sim.http.clearLog();
		const { items } = await getMany({ returnAll: true, options: { cursor: body.meta.cursor, jobId: body.meta.job_id } });
		expect(first.query.get('cursor')).toBeNull();
		expect(items).toHaveLength(3);
		expect(sim.requests[0].query.get('cursor')).toBe(body.meta.cursor);
		expect(sim.requests[0].query.get('job_id')).toBe(body.meta.job_id);
	});

	it('keeps the fields unchanged and adds detailsParsed and levelNumber', async () => {
		const event = sim.addEvent({
			at: BASE_TIME,
			level: '1',
			details: [
				{ v: 'engine:current:clean' },
				{ v: 'engine:current:malicious:ENGINE_ONE' },
				{ v: 'Kaspersky:last:signature:HEUR:Trojan.Win32.Generic' },
				{ v: 'engine:current:update:20191016' },
				{ v: 'something unexpected' },
			],
		});
		const { items } = await getMany({ returnAll: true });
		expect(items).toHaveLength(1);
		const json = items[0].json;
		for (const [key, value] of Object.entries(event)) expect(json[key]).toEqual(value);
		expect(json.levelNumber).toBe(1);
		expect(json.detailsParsed).toEqual([
			{ scope: 'current', kind: 'clean', engine: 'engine', value: null },
			{ scope: 'current', kind: 'malicious', engine: 'engine', value: 'ENGINE_ONE' },
			{ scope: 'last', kind: 'signature', engine: 'Kaspersky', value: 'HEUR:Trojan.Win32.Generic' },
			{ scope: 'current', kind: 'update', engine: 'engine', value: '20191016' },
			{ raw: 'something unexpected' },
		]);
		expect(items[0].pairedItem).toEqual({ item: 0 });
	});

	it('runs once per input item with pairedItem pointing at it', async () => {
		sim.addEvent({ at: BASE_TIME });
		const { items } = await getMany({ returnAll: true }, { inputItems: 3 });
		expect(items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	});

	describe('refuses bad parameters before any request', () => {
		it.each([
			[{ filters: { creatorId: 'wcoyote level:0+' } }, 'Filters > Creator ID', 'space'],
			[{ filters: { monitorKey: 'a\nb' } }, 'Filters > Monitor Key', 'control character'],
			[{ filters: { ownerId: 'grp source:FILE' } }, 'Filters > Owner ID', 'single word'],
			[{ filters: { creatorId: 'bob:level' } }, 'Filters > Creator ID', 'colon'],
			[{ filters: { level: 7 } }, 'Filters > Level', '0 to 4'],
			[{ filters: { level: 1.5 } }, 'Filters > Level', '0 to 4'],
			[{ filters: { levelOperator: 'atMost' } }, 'Filters > Level Operator', 'Level'],
			[{ filters: { action: 'EXPLODED' } }, 'Filters > Action', 'CLEAN'],
			[{ filters: { source: 'EMAIL' } }, 'Filters > Source', 'ANALYSIS'],
			[{ filters: { after: '2024-05-02T00:00:00Z', before: '2024-05-01T00:00:00Z' } }, 'Filters > After', 'later than'],
			[{ filters: { after: 'yesterday' } }, 'Filters > After', 'ISO 8601'],
			[{ filters: { before: '2024-13-45' } }, 'Filters > Before', 'ISO 8601'],
			[{ filters: { query: 'level2' } }, 'Filters > Query', 'key:value'],
			[{ options: { cursor: 'abc' } }, 'Options > Cursor', 'Job ID'],
			[{ options: { jobId: 'job-1' } }, 'Options > Job ID', 'Cursor'],
			[{ returnAll: false, limit: 0 }, 'Limit', '1 to 10000'],
			[{ options: { timeout: 10 } }, 'Options > Timeout', '1000'],
		])('%j', async (parameters, field, accepted) => {
			const { error, items } = await getMany({ returnAll: true, ...parameters } as INodeParameters);
			expect(items).toHaveLength(0);
			expect(error?.name).toBe('NodeOperationError');
			expect(error?.message).toContain(field);
			expect(error?.message).toContain(accepted);
			expect(sim.requests).toHaveLength(0);
		});

		it('refuses a plain-http remote base URL in the credential', async () => {
			harness.credentialsHelper.store.virusTotalMonitorApi = { apiKey: KEY, baseUrl: 'http://vt.example.com/api/v3' };
			const { error } = await getMany({ returnAll: true });
			expect(error?.message).toContain('https://');
			expect(sim.requests).toHaveLength(0);
		});
	});

	describe('API errors', () => {
		it.each([
			[401, 'WrongCredentialsError', 'VirusTotal rejected the API key', 'copy it again'],
			[403, 'ForbiddenError', 'no access to VirusTotal Monitor', 'VT Monitor privilege'],
			[429, 'QuotaExceededError', 'quota exceeded', '00:00 UTC'],
			[503, 'TransientError', 'temporarily unavailable', 'transient'],
			[500, 'InternalError', 'temporarily unavailable', 'transient'],
		])('HTTP %i %s', async (status, code, message, hint) => {
			sim.http.injectFault({ kind: 'status', status, body: { error: { code, message: `vendor says ${code}` } } });
			const { error, items } = await getMany({ returnAll: true });
			expect(items).toHaveLength(0);
			expect(error?.name).toBe('NodeApiError');
			expect(error?.message).toContain(message);
			expect(error?.message).toContain(code);
			expect(error?.message).toContain(`vendor says ${code}`);
			expect(error?.description).toContain(hint);
			expect(error?.httpCode).toBe(String(status));
		});

		it('a wrong key and a key without the Monitor privilege, from the simulator itself', async () => {
			harness.credentialsHelper.store.virusTotalMonitorApi = { apiKey: 'not-the-key', baseUrl: sim.baseUrl };
			expect((await getMany({ returnAll: true })).error?.message).toContain('WrongCredentialsError');
			harness.credentialsHelper.store.virusTotalMonitorApi = { apiKey: 'vt-key-without-monitor-privilege', baseUrl: sim.baseUrl };
			expect((await getMany({ returnAll: true })).error?.message).toContain('ForbiddenError');
		});

		it('never shows the key in items, error message or description', async () => {
			sim.http.injectFault({ kind: 'status', status: 401, body: { error: { code: 'WrongCredentialsError', message: `Wrong API key ${KEY}` } } });
			const { error } = await getMany({ returnAll: true });
			expect(`${error?.message} ${error?.description}`).not.toContain(KEY);
			expect(`${error?.message}`).toContain('[redacted]');
			sim.addEvent({ at: BASE_TIME });
			const { items } = await getMany({ returnAll: true });
			expect(JSON.stringify(items)).not.toContain(KEY);
		});

		it('with Continue On Fail, turns a failure into an error item per input item', async () => {
			sim.http.injectFault({ kind: 'status', status: 429, body: { error: { code: 'QuotaExceededError', message: 'Quota exceeded' } } });
			sim.addEvent({ at: BASE_TIME });
			const { items, error } = await getMany({ returnAll: true }, { continueOnFail: true, inputItems: 2 });
			expect(error).toBeUndefined();
			expect(items[0].json.error).toContain('quota exceeded');
			expect(items[0].pairedItem).toEqual({ item: 0 });
			expect(items[1].json.subject).toBeDefined();
			expect(items[1].pairedItem).toEqual({ item: 1 });
		});

		it('a reset connection, malformed JSON and a timeout become clear errors', async () => {
			sim.http.injectFault({ kind: 'reset' });
			expect((await getMany({ returnAll: true })).error?.message).toContain('reset');
			sim.http.injectFault({ kind: 'truncated' });
			expect((await getMany({ returnAll: true })).error?.message).toContain('malformed JSON');
			sim.http.injectFault({ kind: 'slow', delayMs: 1500 });
			expect((await getMany({ returnAll: true, options: { timeout: 1000 } })).error?.message).toContain('did not answer within 1000 ms');
		});
	});

	it('uses the timestamp format the filter expects', () => {
		expect(vtTimestamp(BASE_TIME + HOUR)).toBe('2024-05-01T13:00:00');
	});
});
