/**
 * The Admin By Request simulator's audit log, delta feed and request queue, over plain HTTP: what
 * the node tests (and the triggers) rely on it to do.
 */
import { AdminByRequestSimulator } from './simulator/adminByRequestSimulator';

const KEY = 'sim-key';
const MINUTE = 60_000;
let sim: AdminByRequestSimulator;
let base: string;

beforeEach(async () => {
	sim = new AdminByRequestSimulator({ apiKey: KEY, seed: 7 });
	base = await sim.start();
});
afterEach(async () => sim.stop());

async function call(path: string, method = 'GET', headers: Record<string, string> = {}) {
	const response = await fetch(`${base}${path}`, { method, headers: { apikey: KEY, ...headers } });
	return { status: response.status, text: await response.text(), headers: response.headers };
}

/** timeNow exactly as the JSON text has it. */
function rawTimeNow(text: string): string {
	const match = /"timeNow":(\d+)[,}]/.exec(text);
	if (!match) throw new Error(`no timeNow in ${text}`);
	return match[1];
}

describe('audit log delta feed', () => {
	it('without deltaTime answers only timeNow, an exact integer above 2^53 that JSON.parse rounds', async () => {
		sim.addElevations(5);
		const { status, text } = await call('/auditlog/delta');
		expect(status).toBe(200);
		const timeNow = rawTimeNow(text);
		expect(text).toBe(`{"timeNow":${timeNow}}`);
		expect(BigInt(timeNow)).toBeGreaterThan(BigInt(Number.MAX_SAFE_INTEGER));
		expect(BigInt(timeNow)).toBe(sim.elevations.timeNow);
		expect(String(BigInt(JSON.parse(text).timeNow))).not.toBe(timeNow);
	});

	it('timeNow is the time of the last change: it stays until something changes', async () => {
		sim.addElevations(3);
		const first = rawTimeNow((await call('/auditlog/delta')).text);
		const again = await call(`/auditlog/delta?deltaTime=${first}`);
		expect(rawTimeNow(again.text)).toBe(first);
		const created = sim.addElevation();
		const later = await call(`/auditlog/delta?deltaTime=${first}`);
		expect(BigInt(rawTimeNow(later.text))).toBeGreaterThan(BigInt(first));
		expect(JSON.parse(later.text).entries.map((e: { id: number }) => e.id)).toContain(created.id);
	});

	it('returns the entry changed exactly at deltaTime again (inclusive), or not (exclusive option)', async () => {
		const last = sim.addElevation({ schedule: [] });
		const timeNow = rawTimeNow((await call('/auditlog/delta')).text);
		const inclusive = JSON.parse((await call(`/auditlog/delta?deltaTime=${timeNow}`)).text);
		expect(inclusive.entries.map((e: { id: number }) => e.id)).toEqual([last.id]);
		sim.deltaBoundary = 'exclusive';
		const exclusive = JSON.parse((await call(`/auditlog/delta?deltaTime=${timeNow}`)).text);
		expect(exclusive.entries).toEqual([]);
	});

	it('entries change status as time passes, and the feed reports each change', async () => {
		const pending = sim.addElevation({ kind: 'app', approvalRequired: true, status: 'Pending' });
		const timeNow = rawTimeNow((await call('/auditlog/delta')).text);
		expect(sim.auditLogEntry(pending.id)?.status).toBe('Pending');
		sim.clockSkewMs += 60 * MINUTE;
		const { text } = await call(`/auditlog/delta?deltaTime=${timeNow}`);
		const entry = JSON.parse(text).entries.find((e: { id: number }) => e.id === pending.id);
		expect(['Finished', 'Denied']).toContain(entry.status);
		expect(BigInt(rawTimeNow(text))).toBeGreaterThan(BigInt(timeNow));
	});

	it('refuses a deltaTime that is not a whole number', async () => {
		expect((await call('/auditlog/delta?deltaTime=6.3e17')).status).toBe(400);
	});
});

describe('audit log and requests', () => {
	it('filters the audit log by type, status, computer and user, newest first with last', async () => {
		sim.addElevations(40, { schedule: [] });
		const sessions = JSON.parse((await call('/auditlog?type=session&take=100')).text);
		expect(sessions.length).toBeGreaterThan(0);
		expect(sessions.every((e: { type: string }) => e.type === 'Admin Session')).toBe(true);
		const pending = JSON.parse((await call('/auditlog?status=pending&take=100')).text);
		expect(pending.every((e: { status: string }) => e.status === 'Pending')).toBe(true);
		const byComputer = JSON.parse((await call('/computers/HR%20LAPTOP%203/auditlog')).text);
		expect(byComputer.every((e: { computer: { name: string } }) => e.computer.name === 'HR LAPTOP 3')).toBe(true);
		const newest = JSON.parse((await call('/auditlog?last=3')).text);
		expect(newest.map((e: { id: number }) => e.id)).toEqual(sim.elevations.elevations.slice(-3).reverse().map((e) => e.id));
		expect((await call('/auditlog?type=other')).status).toBe(400);
	});

	it('requests: take and last up to 1,000, last not with take or startid, scan details on request', async () => {
		sim.addPendingRequest({ kind: 'app' });
		expect((await call('/requests?take=1000')).status).toBe(200);
		expect((await call('/requests?take=1001')).status).toBe(400);
		expect((await call('/requests?last=1001')).status).toBe(400);
		expect((await call('/requests?last=5&startid=3')).status).toBe(400);
		const [plain] = JSON.parse((await call('/requests?status=Pending')).text);
		expect(plain.scanResults).toEqual([]);
		const [detailed] = JSON.parse((await call('/requests?status=Pending&wantscandetails=1')).text);
		expect(detailed.scanResults.length).toBeGreaterThan(0);
	});

	it('PUT approves a pending request (204), then nothing happens; DELETE denies with reason and denier', async () => {
		const one = sim.addPendingRequest();
		const two = sim.addPendingRequest();
		expect((await call(`/requests/${one.id}?approvedby=it-admin@contoso.com`, 'PUT')).status).toBe(204);
		expect(sim.request(one.id)).toMatchObject({ status: 'Approved', approvedByEmail: 'it-admin@contoso.com' });
		expect((await call(`/requests/${one.id}`, 'PUT')).status).toBe(204);
		expect((await call(`/requests/${one.id}`, 'DELETE')).status).toBe(204);
		expect(sim.request(one.id)?.status).toBe('Approved');

		const denied = await call(`/requests/${two.id}?reason=${encodeURIComponent('Use the portal')}`, 'DELETE', {
			deniedby: 'sec@contoso.com',
		});
		expect(denied.status).toBe(204);
		expect(sim.request(two.id)).toMatchObject({ status: 'Denied', deniedReason: 'Use the portal', deniedByEmail: 'sec@contoso.com' });
		sim.notPendingAnswer = { status: 409, body: { Message: 'Request is not pending' } };
		expect((await call(`/requests/${two.id}`, 'PUT')).status).toBe(409);
		expect((await call('/requests/1', 'PUT')).status).toBe(404);
	});

	it('an approved request runs a minute later, then finishes, in the audit log', async () => {
		const request = sim.addPendingRequest({ kind: 'app' });
		await call(`/requests/${request.id}`, 'PUT');
		sim.clockSkewMs += 2 * MINUTE;
		expect(sim.auditLogEntry(request.id)?.status).toBe('Started');
		expect(sim.request(request.id)?.status).toBe('Approved');
		sim.clockSkewMs += 5 * MINUTE;
		expect(sim.auditLogEntry(request.id)?.status).toBe('Finished');
	});

	it('throttles past the quota per minute with 429 and Retry-After, on every path', async () => {
		sim.quotaPerMinute = 2;
		expect((await call('/requests')).status).toBe(200);
		expect((await call('/events')).status).toBe(200);
		const throttled = await call('/auditlog');
		expect(throttled.status).toBe(429);
		expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(0);
	});
});
