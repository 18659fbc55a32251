/**
 * Bad input across both nodes and both triggers (every resource of the Admin By Request node): every
 * case fails before any request, with a message that starts with the field's name, and nothing it
 * produces, nor what the Audit Log and Request operations return or fail with, contains the API key.
 */
import type { IDataObject } from 'n8n-workflow';

import { VirusTotalMonitorSimulator } from './simulator/virusTotalMonitorSimulator';
import { ABR_KEY, startAbrFixture, type AbrFixture } from './support/abrFixture';
import { ActivePoller, createHarness, runNode, type Harness } from './support/n8nHarness';
import { leaksOf } from './soak/soakStats';

const VT_KEY = 'vt-security-key+/=5d41402abc4b2a76';
let abr: AbrFixture;
let vt: VirusTotalMonitorSimulator;
let vtHarness: Harness;
const produced: string[] = [];

beforeAll(async () => {
	abr = await startAbrFixture();
	abr.sim.addEvents(5);
	vt = new VirusTotalMonitorSimulator({ apiKey: VT_KEY });
	await vt.start();
	vtHarness = await createHarness({ virusTotalMonitorApi: { apiKey: VT_KEY, baseUrl: vt.baseUrl } });
});
afterAll(async () => {
	await abr.sim.stop();
	await vt.stop();
});
beforeEach(() => {
	abr.sim.http.clearLog();
	vt.http.clearLog();
});

const VT_CREDENTIALS = { virusTotalMonitorApi: { id: 'vt', name: 'VT' } };

type Case = [string, IDataObject, string];

const abrNodeCases: Case[] = [
	['limit 0', { limit: 0 }, 'Limit'],
	['limit above 10000', { limit: 10_001 }, 'Limit'],
	['limit as text', { limit: 'ten' }, 'Limit'],
	['impossible start date', { filters: { startDate: '2026-02-30' } }, 'Start Date'],
	['malformed end date', { filters: { endDate: '31/12/2026' } }, 'End Date'],
	['reversed range', { filters: { startDate: '2026-05-02', endDate: '2026-05-01' } }, 'End Date'],
	['days with start date', { filters: { days: 3, startDate: '2026-05-01' } }, 'Days'],
	['negative days', { filters: { days: -1 } }, 'Days'],
	['newest first with return all', { returnAll: true, filters: { newestFirst: true } }, 'Newest First'],
	['newest first with start id', { filters: { newestFirst: true, startId: 3 } }, 'Newest First'],
	['computer and user', { filters: { computerName: 'PC1', user: 'bob' } }, 'User'],
	['code as text', { filters: { code: 'malware' } }, 'Event Code'],
	['event id with letters', { operation: 'get', eventId: '12 OR 1=1' }, 'Event ID'],
	['audit log type with a second filter', { resource: 'auditLog', filters: { type: 'app&status=Pending' } }, 'Type'],
	['audit log status not a filter value', { resource: 'auditLog', filters: { status: 'all' } }, 'Status'],
	['audit log computer and user', { resource: 'auditLog', filters: { computerName: 'PC1', user: 'bob' } }, 'User'],
	['audit log entry id with SQL', { resource: 'auditLog', operation: 'get', auditLogEntryId: '1 OR 1=1' }, 'Audit Log Entry ID'],
	['requests limit above 1000', { resource: 'request', limit: 1_001 }, 'Limit'],
	['requests newest first with return all', { resource: 'request', returnAll: true, filters: { newestFirst: true } }, 'Newest First'],
	['request id leaving the path', { resource: 'request', operation: 'get', requestId: '../events' }, 'Request ID'],
	['approve id with a query string', { resource: 'request', operation: 'approve', requestId: '5?approvedby=x@y.com' }, 'Request ID'],
	['approved by with a line break', { resource: 'request', operation: 'approve', requestId: '5', approvedBy: 'a@b.com\r\nx-injected: 1' }, 'Approved By'],
	['denied by two addresses', { resource: 'request', operation: 'deny', requestId: '5', deniedBy: 'a@b.com,c@d.com' }, 'Denied By'],
	['deny reason with a NUL', { resource: 'request', operation: 'deny', requestId: '5', reason: 'ok\u0000' }, 'Reason'],
];

const abrTriggerCases: Case[] = [
	['level above alert', { filters: { minLevel: 3 } }, 'Minimum Level'],
	['code as text', { filters: { codes: ['x'] } }, 'Event Code Names or IDs'],
	['lookback days without lookback', { options: { lookbackDays: 2 } }, 'Lookback Days'],
	['start id without start id mode', { options: { startId: 9 } }, 'Start ID'],
	['max events 0', { options: { maxEventsPerPoll: 0 } }, 'Max Events Per Poll'],
	['unknown start', { options: { startFrom: 'tomorrow' } }, 'Start From'],
];

const vtNodeCases: Case[] = [
	['space injects a term', { filters: { creatorId: 'bob level:0+' } }, 'Filters > Creator ID'],
	['colon inside a value', { filters: { monitorKey: 'abc:def' } }, 'Filters > Monitor Key'],
	['line break inside a value', { filters: { ownerId: 'grp\nsource:FILE' } }, 'Filters > Owner ID'],
	['level 5', { filters: { level: 5 } }, 'Filters > Level'],
	['unknown action', { filters: { action: 'HACKED' } }, 'Filters > Action'],
	['reversed time range', { filters: { after: '2026-05-02T00:00:00Z', before: '2026-05-01T00:00:00Z' } }, 'Filters > After'],
	['impossible date', { filters: { before: '2026-02-30T00:00:00' } }, 'Filters > Before'],
	['raw query without a key', { filters: { query: 'DETECTED' } }, 'Filters > Query'],
	['cursor without job id', { options: { cursor: 'abc' } }, 'Options > Cursor'],
	['limit 0', { returnAll: false, limit: 0 }, 'Limit'],
];

const vtTriggerCases: Case[] = [
	['timestamp term in the raw query', { filters: { query: 'timestamp:2026-01-01T00:00:00+' } }, 'Filters > Query'],
	['no pages per poll', { options: { maxPagesPerPoll: 0 } }, 'Options > Max Pages per Poll'],
	['space injects a term', { filters: { creatorId: 'x source:FILE' } }, 'Filters > Creator ID'],
];

function expectFieldError(error: { message?: string; description?: string } | undefined, field: string) {
	expect(error?.message?.replace(/^There was a problem activating the workflow: "/, '')).toMatch(
		new RegExp(`^${field.replace(/[.*+?^${}()|[\]\\>]/g, '\\$&')}`),
	);
	produced.push(String(error?.message), String(error?.description));
}

describe('bad input fails before any request, naming the field', () => {
	it('covers at least 30 cases over both nodes and both triggers', () => {
		expect(abrNodeCases.length + abrTriggerCases.length + vtNodeCases.length + vtTriggerCases.length + 2).toBeGreaterThanOrEqual(30);
	});

	it.each(abrNodeCases)('Admin By Request node: %s', async (_name, parameters, field) => {
		const { error } = await runNode(abr.harness, {
			type: 'adminByRequest',
			parameters: { resource: 'event', operation: 'getAll', limit: 5, ...parameters } as never,
			credentials: abr.credentials,
		});
		expectFieldError(error, field);
		expect(abr.sim.requests).toHaveLength(0);
	});

	it.each(abrTriggerCases)('Admin By Request Trigger: %s', async (_name, parameters, field) => {
		const poller = new ActivePoller(abr.harness, { type: 'adminByRequestTrigger', parameters: parameters as never, credentials: abr.credentials });
		expectFieldError((await poller.activate()).error, field);
		expect(abr.sim.requests).toHaveLength(0);
	});

	it.each(vtNodeCases)('VirusTotal Monitor node: %s', async (_name, parameters, field) => {
		const { error } = await runNode(vtHarness, {
			type: 'virusTotalMonitor',
			parameters: { resource: 'event', operation: 'getAll', ...parameters } as never,
			credentials: VT_CREDENTIALS,
		});
		expectFieldError(error, field);
		expect(vt.requests).toHaveLength(0);
	});

	it.each(vtTriggerCases)('VirusTotal Monitor Trigger: %s', async (_name, parameters, field) => {
		const poller = new ActivePoller(vtHarness, { type: 'virusTotalMonitorTrigger', parameters: parameters as never, credentials: VT_CREDENTIALS });
		expectFieldError((await poller.activate()).error, field);
		expect(vt.requests).toHaveLength(0);
	});

	it('a plain-http base URL for a remote host is refused in both credentials, before any request', async () => {
		const abrRemote = await createHarness({ abr: { apiKey: ABR_KEY, dataCenter: 'custom', baseUrl: 'http://abr.example.com' } });
		const vtRemote = await createHarness({ virusTotalMonitorApi: { apiKey: VT_KEY, baseUrl: 'http://www.virustotal.com/api/v3' } });
		const abrRun = await runNode(abrRemote, { type: 'adminByRequest', parameters: { resource: 'event', operation: 'getAll' } as never, credentials: abr.credentials });
		const vtRun = await runNode(vtRemote, { type: 'virusTotalMonitor', parameters: { resource: 'event', operation: 'getAll' } as never, credentials: VT_CREDENTIALS });
		expect(abrRun.error?.message).toMatch(/^Base URL \(Admin By Request API credential\): must start with https:\/\//);
		expect(vtRun.error?.message).toMatch(/Base URL: must start with https:\/\//);
		expect(abrRemote.credentialsHelper.signedRequests).toHaveLength(0);
		expect(vtRemote.credentialsHelper.signedRequests).toHaveLength(0);
		produced.push(String(abrRun.error?.message), String(vtRun.error?.message));
	});

	it('the Audit Log and Request operations, answered or failing, produce nothing that holds the key', async () => {
		const entry = abr.sim.addElevation({ schedule: [] });
		const decided = abr.sim.addElevation({ approvalRequired: true, status: 'Denied', schedule: [] });
		// Approve and Deny get a fresh pending request each time, so every fault meets the PUT or DELETE.
		const pendingId = () => String(abr.sim.addPendingRequest().id);
		const operations: Array<() => IDataObject> = [
			() => ({ resource: 'auditLog', operation: 'get', auditLogEntryId: String(entry.id), options: { includeScanDetails: true } }),
			() => ({ resource: 'auditLog', operation: 'getAll', returnAll: true, filters: { days: 2 } }),
			() => ({ resource: 'request', operation: 'get', requestId: pendingId() }),
			() => ({ resource: 'request', operation: 'getAll', limit: 10, filters: { status: 'Pending' } }),
			() => ({ resource: 'request', operation: 'approve', requestId: pendingId(), approvedBy: 'it-admin@contoso.com' }),
			() => ({ resource: 'request', operation: 'deny', requestId: pendingId(), reason: 'No', deniedBy: 'sec@contoso.com' }),
			() => ({ resource: 'request', operation: 'deny', requestId: String(decided.id) }),
			() => ({ resource: 'request', operation: 'approve', requestId: '1' }),
		];
		const faults = [
			undefined,
			{ kind: 'status' as const, status: 429, body: { Message: `slow down ${ABR_KEY}` }, headers: { 'retry-after': '5' } },
			{ kind: 'status' as const, status: 500, body: { Message: 'An error has occurred.' } },
			{ kind: 'truncated' as const },
			{ kind: 'reset' as const },
		];
		// A fault on the first request of each operation, and on the PUT or DELETE of a decision.
		const targets = [() => true, (r: { method: string }) => r.method !== 'GET'];
		for (const operation of operations) {
			for (const fault of faults) {
				const decision = /approve|deny/.test(String(operation().operation));
				for (const when of decision ? targets : targets.slice(0, 1)) {
					const parameters = operation();
					abr.sim.http.clearFaults();
					if (fault) abr.sim.http.injectFault(fault, 1, when);
					const { items, error } = await runNode(abr.harness, {
						type: 'adminByRequest',
						parameters: parameters as never,
						credentials: abr.credentials,
					});
					produced.push(JSON.stringify(items), String(error?.message), String(error?.description));
				}
			}
		}
		abr.sim.http.clearFaults();
		expect(abr.sim.requests.every((r) => r.headers.apikey === ABR_KEY)).toBe(true);
		for (const method of ['PUT', 'DELETE']) {
			expect(abr.sim.requests.filter((r) => r.method === method && r.fault).map((r) => r.fault).sort()).toEqual(['reset', 'status', 'status', 'truncated']);
		}
	});

	it('nothing produced above contains either API key, plain or URL-encoded', () => {
		expect(produced.length).toBeGreaterThan(60);
		expect(leaksOf(produced, [ABR_KEY, VT_KEY])).toEqual([]);
	});
});
