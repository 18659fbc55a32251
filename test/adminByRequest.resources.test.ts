/**
 * The Admin By Request node's Audit Log and Request resources, run in n8n's WorkflowExecute over
 * real HTTP against the simulator: every operation, parameter validation, API errors, and what
 * Approve and Deny report for requests that are, or stop being, pending.
 */
import type { IDataObject } from 'n8n-workflow';

import type { Elevation } from './simulator/abrElevations';
import { ABR_KEY, startAbrFixture, type AbrFixture } from './support/abrFixture';
import { runNode } from './support/n8nHarness';

const DAY_MS = 86_400_000;
const MINUTE = 60_000;
let fx: AbrFixture;

beforeAll(async () => {
	fx = await startAbrFixture();
	// Forty days of elevations that have played out, then recent ones still changing.
	for (let day = 40; day >= 1; day--) fx.sim.addElevations(3, { at: Date.now() - day * DAY_MS });
	fx.sim.addElevations(60);
	fx.sim.addElevation({ kind: 'session', computer: { name: 'HR LAPTOP 3', platform: 'Windows', platformCode: 0, make: 'Lenovo', model: 'T14' } });
});
afterAll(async () => fx.sim.stop());
beforeEach(() => {
	fx.sim.http.clearLog();
	fx.sim.http.clearFaults();
	fx.sim.http.onRequest = undefined;
	fx.sim.notPendingAnswer = undefined;
	fx.sim.portalUsers = undefined;
});

function run(
	resource: 'auditLog' | 'request',
	operation: string,
	parameters: Record<string, unknown> = {},
	extra: { continueOnFail?: boolean; inputItems?: number } = {},
) {
	return runNode(fx.harness, {
		type: 'adminByRequest',
		parameters: { resource, operation, ...parameters } as never,
		credentials: fx.credentials,
		...extra,
	});
}

const queries = () => fx.sim.requests.map((r) => Object.fromEntries(r.query));
const calls = () => fx.sim.requests.map((r) => `${r.method} ${r.path}`);

describe('Audit Log: Get', () => {
	it('gets one entry from /auditlog/{id}, as it is now, with the API fields unchanged', async () => {
		const target = fx.sim.elevations.elevations[10];
		const { items, error } = await run('auditLog', 'get', { auditLogEntryId: String(target.id) });
		expect(error).toBeUndefined();
		expect(calls()).toEqual([`GET /auditlog/${target.id}`]);
		expect(items).toHaveLength(1);
		expect(items[0].json).toEqual(fx.sim.auditLogEntry(target.id));
		expect(items[0].json).toMatchObject({ id: target.id, user: { account: expect.any(String) }, computer: { name: expect.any(String) } });
		expect(fx.sim.requests[0].headers.apikey).toBe(ABR_KEY);
	});

	it('shows the status an entry has now: the same Get later sees it approved, run and finished', async () => {
		const entry = fx.sim.addElevation({ kind: 'app', approvalRequired: true, status: 'Pending' });
		const before = await run('auditLog', 'get', { auditLogEntryId: entry.id });
		expect(before.items[0].json.status).toBe('Pending');
		fx.sim.clockSkewMs += 60 * MINUTE;
		try {
			const after = await run('auditLog', 'get', { auditLogEntryId: entry.id });
			expect(['Finished', 'Denied']).toContain(after.items[0].json.status);
		} finally {
			fx.sim.clockSkewMs -= 60 * MINUTE;
		}
	});

	it('Include Scan Details sends wantscandetails=1 and the scan results arrive', async () => {
		const app = fx.sim.addElevation({ kind: 'app', schedule: [] });
		const { items } = await run('auditLog', 'get', { auditLogEntryId: app.id, options: { includeScanDetails: true } });
		expect(queries()[0]).toEqual({ wantscandetails: '1' });
		expect((items[0].json.scanResults as IDataObject[]).length).toBeGreaterThan(0);
	});

	it('an unknown ID is a NodeApiError naming the ID', async () => {
		const { error } = await run('auditLog', 'get', { auditLogEntryId: '1' });
		expect(error?.name).toBe('NodeApiError');
		expect(error?.message).toMatch(/found nothing at this address \(HTTP 404\)/);
		expect(error?.description).toBe('No audit log entry has ID 1 in this tenant, or the base URL is wrong.');
	});
});

describe('Audit Log: Get Many', () => {
	it('maps every filter to the documented query parameter', async () => {
		await run('auditLog', 'getAll', {
			limit: 5,
			filters: { type: 'session', status: 'Approved', startDate: '2026-01-02T00:00:00', endDate: '2026-12-31', startId: 7 },
			options: { includeScanDetails: true },
		});
		expect(calls()).toEqual(['GET /auditlog']);
		expect(queries()[0]).toEqual({
			type: 'session',
			status: 'Approved',
			startdate: '2026-01-02',
			enddate: '2026-12-31',
			startid: '7',
			take: '5',
			wantscandetails: '1',
		});
		fx.sim.http.clearLog();
		await run('auditLog', 'getAll', { limit: 5, filters: { days: 45, type: 'app' } });
		expect(queries()[0]).toEqual({ days: '45', type: 'app', take: '5' });
	});

	it('returns the matching entries oldest first; Days widens the 30-day window', async () => {
		const { items } = await run('auditLog', 'getAll', { returnAll: true, filters: { type: 'session' } });
		expect(items.length).toBeGreaterThan(0);
		expect(items.every((i) => i.json.type === 'Admin Session')).toBe(true);
		const ids = items.map((i) => i.json.id as number);
		expect(ids).toEqual([...ids].sort((a, b) => a - b));
		const { items: all } = await run('auditLog', 'getAll', { returnAll: true, filters: { days: 45 } });
		const { items: window } = await run('auditLog', 'getAll', { returnAll: true });
		expect(all).toHaveLength(fx.sim.elevations.elevations.length);
		expect(window.length).toBeLessThan(all.length);
	});

	it('Newest First sends last = limit; Computer Name and User use their paths', async () => {
		const { items } = await run('auditLog', 'getAll', { limit: 3, filters: { newestFirst: true } });
		expect(queries()[0]).toEqual({ last: '3' });
		expect(items.map((i) => i.json.id)).toEqual(fx.sim.elevations.elevations.slice(-3).reverse().map((e) => e.id));
		fx.sim.http.clearLog();
		const { items: onComputer } = await run('auditLog', 'getAll', { limit: 50, filters: { computerName: 'HR LAPTOP 3' } });
		expect(fx.sim.requests[0].path).toBe('/computers/HR%20LAPTOP%203/auditlog');
		expect(onComputer.length).toBeGreaterThan(0);
		expect(onComputer.every((i) => (i.json.computer as IDataObject).name === 'HR LAPTOP 3')).toBe(true);
		fx.sim.http.clearLog();
		await run('auditLog', 'getAll', { limit: 50, filters: { user: 'CONTOSO\\jdoe' } });
		expect(fx.sim.requests[0].path).toBe('/users/CONTOSO%5Cjdoe/auditlog');
	});

	it('Return All pages with take 10,000 and startid = last id + 1', async () => {
		const big = await startAbrFixture({ firstElevationId: 100 });
		try {
			big.sim.addElevations(10_050, { schedule: [] });
			const { items, error } = await runNode(big.harness, {
				type: 'adminByRequest',
				parameters: { resource: 'auditLog', operation: 'getAll', returnAll: true } as never,
				credentials: big.credentials,
			});
			expect(error).toBeUndefined();
			expect(items.map((i) => i.json.id)).toEqual(big.sim.elevations.elevations.map((e) => e.id));
			const sent = big.sim.requests.map((r) => Object.fromEntries(r.query));
			expect(sent).toEqual([
				{ take: '10000' },
				{ take: '10000', startid: String(big.sim.elevations.elevations[9999].id + 1) },
			]);
		} finally {
			await big.sim.stop();
		}
	});
});

describe('Request: Get and Get Many', () => {
	it('Get Many of the pending requests sends status=Pending and returns only those', async () => {
		const pending = fx.sim.addPendingRequest();
		const { items, error } = await run('request', 'getAll', { returnAll: true, filters: { status: 'Pending' } });
		expect(error).toBeUndefined();
		expect(calls()).toEqual(['GET /requests']);
		expect(queries()[0]).toEqual({ status: 'Pending', take: '1000' });
		expect(items.length).toBeGreaterThan(0);
		expect(items.every((i) => i.json.status === 'Pending')).toBe(true);
		expect(items.map((i) => i.json.id)).toContain(pending.id);
		expect(items.find((i) => i.json.id === pending.id)?.json).toEqual(fx.sim.request(pending.id));
	});

	it('Newest First, Start ID and Include Scan Details map to last, startid and wantscandetails', async () => {
		await run('request', 'getAll', { limit: 7, filters: { newestFirst: true }, options: { includeScanDetails: true } });
		expect(queries()[0]).toEqual({ last: '7', wantscandetails: '1' });
		fx.sim.http.clearLog();
		await run('request', 'getAll', { limit: 7, filters: { startId: 12, status: 'denied' } });
		expect(queries()[0]).toEqual({ startid: '12', status: 'Denied', take: '7' });
	});

	it('pages of at most 1,000: Return All over 2,345 requests takes three pages', async () => {
		const big = await startAbrFixture({ firstElevationId: 5_000 });
		try {
			const made = big.sim.addElevations(2_345, { approvalRequired: true, status: 'Pending', schedule: [] });
			const { items, error } = await runNode(big.harness, {
				type: 'adminByRequest',
				parameters: { resource: 'request', operation: 'getAll', returnAll: true, filters: { status: 'Pending' } } as never,
				credentials: big.credentials,
			});
			expect(error).toBeUndefined();
			expect(items.map((i) => i.json.id)).toEqual(made.map((e) => e.id));
			expect(big.sim.requests.map((r) => Object.fromEntries(r.query))).toEqual([
				{ status: 'Pending', take: '1000' },
				{ status: 'Pending', take: '1000', startid: String(made[999].id + 1) },
				{ status: 'Pending', take: '1000', startid: String(made[1999].id + 1) },
			]);
		} finally {
			await big.sim.stop();
		}
	});

	it('Get reads /requests/{id}; an unknown ID is a NodeApiError naming it', async () => {
		const pending = fx.sim.addPendingRequest();
		const { items } = await run('request', 'get', { requestId: String(pending.id) });
		expect(calls()).toEqual([`GET /requests/${pending.id}`]);
		expect(items[0].json).toEqual(fx.sim.request(pending.id));
		const { error } = await run('request', 'get', { requestId: '2' });
		expect(error?.name).toBe('NodeApiError');
		expect(error?.httpCode).toBe('404');
		expect(error?.description).toBe('No request has ID 2 in this tenant, or the base URL is wrong.');
	});
});

describe('Request: Approve and Deny', () => {
	it('Approve of a pending request: reads it, PUTs with approvedby, reads it back, says it was approved', async () => {
		const pending = fx.sim.addPendingRequest({ kind: 'app' });
		const { items, error } = await run('request', 'approve', { requestId: pending.id, approvedBy: 'it-admin@contoso.com' });
		expect(error).toBeUndefined();
		expect(calls()).toEqual([`GET /requests/${pending.id}`, `PUT /requests/${pending.id}`, `GET /requests/${pending.id}`]);
		expect(queries()[1]).toEqual({ approvedby: 'it-admin@contoso.com' });
		expect(items).toHaveLength(1);
		expect(items[0].json).toEqual({
			requestId: pending.id,
			operation: 'approve',
			outcome: 'approved',
			changed: true,
			previousStatus: 'Pending',
			status: 'Approved',
			message: expect.stringMatching(new RegExp(`^Request ${pending.id} \\(\\S+ for \\S+ on .+\\) was approved \\(status Approved\\)\\.$`)),
			request: fx.sim.request(pending.id),
		});
		expect(fx.sim.request(pending.id)).toMatchObject({ status: 'Approved', approvedByEmail: 'it-admin@contoso.com' });
	});

	it('Deny of a pending request sends the reason and the denier; the user sees the reason', async () => {
		const pending = fx.sim.addPendingRequest({ kind: 'session' });
		const reason = 'Use the software portal for this — it installs signed builds';
		const { items } = await run('request', 'deny', { requestId: pending.id, reason, deniedBy: 'sec@contoso.com' });
		expect(calls()).toEqual([`GET /requests/${pending.id}`, `DELETE /requests/${pending.id}`, `GET /requests/${pending.id}`]);
		expect(queries()[1]).toEqual({ reason, deniedby: 'sec@contoso.com' });
		expect(items[0].json).toMatchObject({ outcome: 'denied', changed: true, previousStatus: 'Pending', status: 'Denied' });
		expect(items[0].json.message).toMatch(/was denied \(status Denied\)\.$/);
		expect(fx.sim.request(pending.id)).toMatchObject({ status: 'Denied', deniedReason: reason, deniedByEmail: 'sec@contoso.com' });
	});

	it('Approve and Deny without the optional fields send none', async () => {
		const one = fx.sim.addPendingRequest();
		const two = fx.sim.addPendingRequest();
		await run('request', 'approve', { requestId: one.id });
		await run('request', 'deny', { requestId: two.id });
		expect(queries()).toEqual([{}, {}, {}, {}, {}, {}]);
	});

	it.each([
		['approve', 'Denied', 'was not approved: it is no longer pending (status Denied). Nothing was sent.'],
		['approve', 'Approved', 'was not approved: it is no longer pending (status Approved). Nothing was sent.'],
		['deny', 'Approved', 'was not denied: it is no longer pending (status Approved). Nothing was sent.'],
		['deny', 'Finished', 'was not denied: it is no longer pending (status Approved). Nothing was sent.'],
		['deny', 'Quarantined', 'was not denied: it is no longer pending (status Quarantined). Nothing was sent.'],
	] as const)('%s of a request that is %s: nothing is sent, the output says why', async (operation, status, message) => {
		const decided = fx.sim.addElevation({ approvalRequired: true, status, schedule: [] });
		const before = fx.sim.request(decided.id);
		const { items, error } = await run('request', operation, { requestId: decided.id });
		expect(error).toBeUndefined();
		expect(calls()).toEqual([`GET /requests/${decided.id}`]);
		expect(items[0].json).toMatchObject({ outcome: 'notPending', changed: false, status: before?.status, previousStatus: before?.status });
		expect(items[0].json.message).toBe(`Request ${decided.id} (${summaryOf(decided)}) ${message}`);
		expect(fx.sim.request(decided.id)).toEqual(before);
	});

	it('a request decided elsewhere between the read and the PUT: the refusal (409) is reported as not pending', async () => {
		const pending = fx.sim.addPendingRequest();
		fx.sim.notPendingAnswer = { status: 409, body: { Message: 'The request is no longer pending' } };
		denyWhenThePutArrives(pending);
		const { items, error } = await run('request', 'approve', { requestId: pending.id });
		expect(error).toBeUndefined();
		expect(calls()).toEqual([`GET /requests/${pending.id}`, `PUT /requests/${pending.id}`, `GET /requests/${pending.id}`]);
		expect(items[0].json).toMatchObject({ outcome: 'notPending', changed: false, previousStatus: 'Pending', status: 'Denied' });
		expect(items[0].json.message).toMatch(/was not approved: it stopped being pending before the decision arrived \(status Denied; Admin By Request answered HTTP 409\)\.$/);
	});

	it('a request decided elsewhere, and the PUT answered 204 ("nothing happens"): the read-back tells', async () => {
		const pending = fx.sim.addPendingRequest();
		denyWhenThePutArrives(pending);
		const { items } = await run('request', 'approve', { requestId: pending.id });
		expect(items[0].json).toMatchObject({ outcome: 'notPending', changed: false, status: 'Denied' });
		expect(items[0].json.message).toMatch(/was not approved: it was decided otherwise just before \(status Denied\)\.$/);
	});

	it('an approver who is not a portal user: the 400 is a NodeApiError with a hint, the request stays pending', async () => {
		const pending = fx.sim.addPendingRequest();
		fx.sim.portalUsers = ['it-admin@contoso.com'];
		const { error } = await run('request', 'approve', { requestId: pending.id, approvedBy: 'someone@contoso.com' });
		expect(error?.name).toBe('NodeApiError');
		expect(error?.httpCode).toBe('400');
		expect(error?.message).toBe('Admin By Request refused the request (HTTP 400): someone@contoso.com is not a user of this portal.');
		expect(error?.description).toMatch(/^Check Approved By: it must be the e-mail address of a user of your Admin By Request portal\. The request was not approved\.$/);
		expect(fx.sim.request(pending.id)?.status).toBe('Pending');
	});

	it('a server error on the PUT fails the item; throttling on the first read sends no PUT', async () => {
		const pending = fx.sim.addPendingRequest();
		fx.sim.http.injectFault({ kind: 'status', status: 503, body: { Message: 'Down for maintenance' } }, 1, (r) => r.method === 'PUT');
		const failed = await run('request', 'approve', { requestId: pending.id });
		expect(failed.error?.name).toBe('NodeApiError');
		expect(failed.error?.message).toBe('Admin By Request answered HTTP 503: Down for maintenance');
		expect(fx.sim.request(pending.id)?.status).toBe('Pending');

		fx.sim.http.clearLog();
		fx.sim.http.injectFault({ kind: 'status', status: 429, body: { Message: 'Too many requests' }, headers: { 'retry-after': '12' } });
		const throttled = await run('request', 'deny', { requestId: pending.id });
		expect(throttled.error?.message).toMatch(/throttling this API key \(HTTP 429\)/);
		expect(throttled.error?.description).toMatch(/Try again in 12 seconds/);
		expect(calls()).toEqual([`GET /requests/${pending.id}`]);
		expect(fx.sim.request(pending.id)?.status).toBe('Pending');
	});

	it('when reading back fails after the approval, the output says it was approved and that the status is unknown', async () => {
		const pending = fx.sim.addPendingRequest();
		fx.sim.http.injectFault({ kind: 'reset' }, 1, (r) => r.method === 'GET' && fx.sim.requests.some((s) => s.method === 'PUT'));
		const { items, error } = await run('request', 'approve', { requestId: pending.id });
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({ outcome: 'approved', changed: true, status: null, previousStatus: 'Pending' });
		expect(items[0].json.message).toMatch(/was approved\. Admin By Request accepted the decision; reading the request back afterwards failed/);
		expect(fx.sim.request(pending.id)?.status).toBe('Approved');
	});

	it('an unknown request ID fails with a NodeApiError naming it, and nothing is approved', async () => {
		const { error } = await run('request', 'approve', { requestId: '3' });
		expect(error?.name).toBe('NodeApiError');
		expect(error?.description).toBe('No request has ID 3 in this tenant, or the base URL is wrong.');
		expect(calls()).toEqual(['GET /requests/3']);
	});

	it('with Continue On Fail, one bad item does not stop the others, each paired with its item', async () => {
		const requests = [fx.sim.addPendingRequest(), fx.sim.addPendingRequest(), fx.sim.addPendingRequest()];
		const { items } = await runNode(fx.harness, {
			type: 'adminByRequest',
			parameters: {
				resource: 'request',
				operation: 'approve',
				requestId: `={{ [${requests[0].id}, 'not-an-id', ${requests[2].id}][$json.index] }}`,
			} as never,
			credentials: fx.credentials,
			continueOnFail: true,
			inputItems: 3,
		});
		expect(items.map((i) => i.json.outcome ?? i.json.error)).toEqual(['approved', expect.stringMatching(/^Request ID: must be a whole number/), 'approved']);
		expect(items.map((i) => i.pairedItem)).toEqual([0, 1, 2].map((item) => ({ item })));
		expect(fx.sim.request(requests[1].id)?.status).toBe('Pending');
	});
});

describe('bad parameters of the new operations fail before any request, naming the field', () => {
	const cases: Array<[string, 'auditLog' | 'request', string, Record<string, unknown>, RegExp]> = [
		['audit log entry id with letters', 'auditLog', 'get', { auditLogEntryId: '12a' }, /^Audit Log Entry ID: must be a whole number such as 4716339; got "12a"/],
		['audit log limit above 10,000', 'auditLog', 'getAll', { limit: 10_001 }, /^Limit: must be a whole number from 1 to 10,000/],
		['audit log type unknown', 'auditLog', 'getAll', { filters: { type: 'admin' } }, /^Type: must be one of app, session; got "admin"/],
		['audit log status not a filter value', 'auditLog', 'getAll', { filters: { status: 'Finished' } }, /^Status: must be one of Approved, Denied, Pending, Quarantined; got "Finished"/],
		['audit log days with start date', 'auditLog', 'getAll', { filters: { days: 2, startDate: '2026-01-01' } }, /^Days: the API ignores Days when Start Date is set/],
		['audit log end before start', 'auditLog', 'getAll', { filters: { startDate: '2026-03-02', endDate: '2026-03-01' } }, /^End Date: 2026-03-01 is before Start Date 2026-03-02/],
		['audit log computer and user', 'auditLog', 'getAll', { filters: { computerName: 'A', user: 'B' } }, /^User: cannot be combined with Computer Name: the API lists audit log entries per computer or per user/],
		['audit log newest first with return all', 'auditLog', 'getAll', { returnAll: true, filters: { newestFirst: true } }, /^Newest First: returns at most 10,000 audit log entries/],
		['requests limit above 1,000', 'request', 'getAll', { limit: 1_001 }, /^Limit: must be a whole number from 1 to 1,000; got 1001/],
		['requests newest first with return all', 'request', 'getAll', { returnAll: true, filters: { newestFirst: true } }, /^Newest First: returns at most 1,000 requests/],
		['requests newest first with start id', 'request', 'getAll', { filters: { newestFirst: true, startId: 4 } }, /^Newest First: cannot be combined with Start ID/],
		['requests status unknown', 'request', 'getAll', { filters: { status: 'Open' } }, /^Status: must be one of/],
		['request id negative', 'request', 'get', { requestId: '-5' }, /^Request ID: must be a whole number such as 4716339; got "-5"/],
		['approve id with a path', 'request', 'approve', { requestId: '5/../../events' }, /^Request ID: must be a whole number/],
		['approved by not an e-mail', 'request', 'approve', { requestId: '5', approvedBy: 'Jane Doe' }, /^Approved By: must be the e-mail address of a portal user/],
		['denied by not an e-mail', 'request', 'deny', { requestId: '5', deniedBy: 'sec@contoso' }, /^Denied By: must be the e-mail address of a portal user/],
		['deny reason too long', 'request', 'deny', { requestId: '5', reason: 'x'.repeat(1_001) }, /^Reason: is 1,001 characters long; at most 1,000 are sent/],
		['deny reason with a control character', 'request', 'deny', { requestId: '5', reason: 'no\u0007' }, /^Reason: must not contain control characters/],
		['approve timeout too small', 'request', 'approve', { requestId: '5', options: { timeout: 10 } }, /^Timeout: must be a whole number from 1,000/],
	];

	it.each(cases)('%s', async (_name, resource, operation, parameters, message) => {
		const { error } = await run(resource, operation, parameters);
		expect(error?.name).toBe('NodeOperationError');
		expect(error?.message).toMatch(message);
		expect(error?.description).toMatch(/No request was sent/);
		expect(fx.sim.requests).toHaveLength(0);
	});
});

describe('saved workflows and AI Agent use', () => {
	it('a node saved before resources existed (no resource, no operation) still gets many events', async () => {
		fx.sim.addEvents(3);
		const { items, error } = await runNode(fx.harness, {
			type: 'adminByRequest',
			parameters: { limit: 2 } as never,
			credentials: fx.credentials,
		});
		expect(error).toBeUndefined();
		expect(calls()).toEqual(['GET /events']);
		expect(items).toHaveLength(2);
		expect(items[0].json.eventCodeName).toEqual(expect.any(String));
	});

	it('is usable as a tool, and Approve and Deny tell an agent to read the request first', async () => {
		const type = fx.harness.nodeTypes.getByNameAndVersion('n8n-nodes-vtmonitor-adminbyrequest.adminByRequest');
		expect(type.description.usableAsTool).toBe(true);
		const requestOperations = type.description.properties.find(
			(p) => p.name === 'operation' && p.displayOptions?.show?.resource?.includes('request'),
		);
		const options = (requestOperations?.options ?? []) as Array<{ value: string; description?: string; action?: string }>;
		expect(options.map((o) => o.value)).toEqual(['approve', 'deny', 'get', 'getAll']);
		for (const option of options.filter((o) => o.value === 'approve' || o.value === 'deny')) {
			expect(option.description).toMatch(/Get the request first/);
			expect(option.description).toMatch(/no longer pending is left as it is/);
		}
	});
});

/** Denies `elevation` the moment a PUT for it reaches the simulator, before it is answered. */
function denyWhenThePutArrives(elevation: Elevation) {
	fx.sim.http.onRequest = (request) => {
		if (request.method === 'PUT' && request.path === `/requests/${elevation.id}`) {
			fx.sim.elevations.deny(elevation, 'Decided in the portal');
		}
	};
}

/** The node's description of a request in its messages: "<file or type> for <account> on <computer>". */
function summaryOf(elevation: Elevation): string {
	const what = elevation.application?.file ?? (elevation.kind === 'app' ? 'Run As Admin' : 'Session');
	return `${what} for ${elevation.user.account} on ${elevation.computer.name}`;
}
