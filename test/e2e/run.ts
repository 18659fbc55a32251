/**
 * `npm run test:e2e`: this package inside real n8n releases, installed the way users install it.
 *
 * For each n8n version (N8N_E2E_VERSIONS, default: the newest 2.x that runs on Node 20 and the
 * newest 1.x): a fresh user folder, the `npm pack` tarball installed as a community package, the
 * simulators of both APIs, credentials pointing at them; then the node and credential lists, both
 * "Get Many" through `n8n execute`, a wrong key and a simulator fault as failed executions, and both
 * triggers under `n8n start` across a stop and restart, checked from n8n's own database.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { AdminByRequestSimulator, type AbrEvent } from '../simulator/adminByRequestSimulator';
import type { HttpSimulator } from '../simulator/httpSimulator';
import { VirusTotalMonitorSimulator, type VtEvent } from '../simulator/virusTotalMonitorSimulator';
import { checkApprovalExample } from './approvalExample';
import { N8n, PACKAGE_NAME, ensureN8n, freePort, packPackage, sleep, tempDir, type ExecutionData } from './n8n';
import {
	ABR_NODE,
	ABR_TRIGGER,
	EVERY_10_SECONDS,
	EXAMPLE_IDS,
	VT_NODE,
	VT_TRIGGER,
	WORKFLOW_IDS,
	credentials,
	exampleCredentials,
	exampleWorkflows,
	getManyWorkflows,
	triggerWorkflows,
} from './workflows';

const DEFAULT_VERSIONS = ['2.8.4', '1.123.81'];
/** A little more than the 10 s poll interval. */
const POLL_WAIT_MS = 12_000;
/** How long a batch of events may take to come through the polls (generous: CI machines can be slow). */
const DELIVERY_TIMEOUT_MS = 120_000;

function log(line: string): void {
	console.log(`[e2e ${new Date().toISOString().slice(11, 19)}] ${line}`);
}

/** The items a run gave out of one node, from `n8n execute --rawOutput` or the database. */
function nodeItems(data: ExecutionData | undefined, node: string): Array<Record<string, unknown>> {
	const runs = data?.resultData?.runData?.[node] ?? [];
	return runs.flatMap((run) => (run.data?.main?.[0] ?? []).map((item) => item.json));
}

function errorText(data: ExecutionData): string {
	const error = data.resultData.error;
	return `${error?.message ?? ''} ${error?.description ?? ''}`;
}

function vtIdentity(event: { subject?: unknown; timestamp?: unknown }): string {
	return `${String(event.timestamp)} ${String(event.subject)}`;
}

/** What the trigger workflows delivered so far, read from n8n's database. */
async function deliveries(n8n: N8n) {
	const [abrRuns, vtRuns, ticketRuns, messageRuns] = await Promise.all(
		[WORKFLOW_IDS.abrTrigger, WORKFLOW_IDS.vtTrigger, EXAMPLE_IDS.abrAlertTicket, EXAMPLE_IDS.vtDetectedMessage].map((id) => n8n.executions(id)),
	);
	const tickets = ticketRuns.flatMap((e) => nodeItems(e.data, 'Ticket'));
	return {
		abrExecutions: abrRuns.length,
		vtExecutions: vtRuns.length,
		failed: [...abrRuns, ...vtRuns, ...ticketRuns, ...messageRuns].filter((e) => e.status !== 'success').map((e) => `${e.id} ${e.status} ${errorText(e.data)}`),
		abr: abrRuns.flatMap((e) => nodeItems(e.data, ABR_TRIGGER).map((item) => String(item.id))),
		vt: vtRuns.flatMap((e) => nodeItems(e.data, VT_TRIGGER).map(vtIdentity)),
		// The ticket body starts "Event <id> (…"; the message says "… your file <sha256> … at <timestamp>, level …".
		tickets: tickets.map((ticket) => /^Event (\d+) /.exec(String(ticket.body))?.[1] ?? `unparsed: ${String(ticket.body)}`),
		highPriorityTickets: tickets.filter((ticket) => ticket.priority === 'high').length,
		ticketTitles: tickets.map((ticket) => String(ticket.title)),
		messages: messageRuns
			.flatMap((e) => nodeItems(e.data, 'Message'))
			.map((message) => {
				const match = / your file (\S+).* at (\S+), level /.exec(String(message.text));
				return match ? `${match[2]} ${match[1]}` : `unparsed: ${String(message.text)}`;
			}),
	};
}

async function waitUntil(done: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean> {
	const deadline = Date.now() + timeoutMs;
	while (!(await done())) {
		if (Date.now() > deadline) return false;
		await sleep(1_000);
	}
	return true;
}

/** Requests the simulator has finished answering. */
function answered(http: HttpSimulator): number {
	return http.requests.filter((request) => request.status !== undefined).length;
}

function exactlyOnce(label: string, expected: string[], seen: string[]): void {
	const counts = new Map<string, number>();
	for (const id of seen) counts.set(id, (counts.get(id) ?? 0) + 1);
	const missing = expected.filter((id) => !counts.has(id));
	const repeated = [...counts].filter(([, n]) => n > 1).map(([id]) => id);
	const unexpected = [...counts.keys()].filter((id) => !expected.includes(id));
	assert.deepEqual({ missing, repeated, unexpected }, { missing: [], repeated: [], unexpected: [] }, `${label}: every event exactly once`);
}

async function runVersion(version: string, tarball: string): Promise<void> {
	const major = Number(version.split('.')[0]);
	const bin = await ensureN8n(version);
	const userFolder = tempDir(`n8n-e2e-${version}-`);
	const n8n = new N8n(bin, userFolder, await freePort(), await freePort());
	log(`n8n ${version}: user folder ${userFolder}, port ${n8n.port}`);

	const abr = new AdminByRequestSimulator({ apiKey: 'abr-e2e-key', seed: 11 });
	const vt = new VirusTotalMonitorSimulator({ apiKey: 'vt-e2e-key', seed: 13, pageSize: 7 });
	// History before activation: Get Many finds it, the triggers (Start From: Now) must never emit it.
	for (let hoursAgo = 240; hoursAgo > 0; hoursAgo -= 3) abr.addEvent({ at: Date.now() - hoursAgo * 3_600_000 });
	for (let i = 0; i < 4; i++) abr.addEvent({ eventCode: 92, computerName: 'LAB-PC-07', at: Date.now() - (i + 1) * 3_600_000 });
	for (let hoursAgo = 48; hoursAgo > 0; hoursAgo -= 1) vt.addEvent({ at: Date.now() - hoursAgo * 3_600_000 });
	for (let i = 0; i < 3; i++) vt.addEvent({ action: 'DETECTED', level: '4', at: Date.now() - (i + 1) * 600_000 });
	const abrUrl = await abr.start();
	await vt.start();

	try {
		await n8n.installPackage(tarball);
		assert.ok(fs.existsSync(path.join(n8n.dotN8n, 'nodes', 'node_modules', PACKAGE_NAME, 'package.json')), 'package installed');
		assert.ok(
			!fs.existsSync(path.join(n8n.dotN8n, 'nodes', 'node_modules', 'n8n-workflow')),
			'n8n-workflow (peer dependency) not installed beside the package',
		);
		await n8n.importCredentials([
			...credentials(abrUrl, abr.apiKey, vt.baseUrl, vt.apiKey),
			...exampleCredentials(abrUrl, abr.apiKey, vt.baseUrl, vt.apiKey),
		]);
		await n8n.importWorkflows([...getManyWorkflows('LAB-PC-07'), ...triggerWorkflows(), ...exampleWorkflows(EVERY_10_SECONDS)]);
		log('package installed from tarball, credentials, test workflows and the examples imported');

		// Get Many with filters, through `n8n execute`.
		const abrRun = await n8n.execute(WORKFLOW_IDS.abrGetMany);
		assert.ok(abrRun.ok, `ABR Get Many failed:\n${abrRun.output.slice(-3000)}`);
		const abrItems = nodeItems((abrRun.result as { data: ExecutionData }).data, ABR_NODE);
		const abrExpected = abr.events.filter((e) => e.eventCode === 92 && e.computerName === 'LAB-PC-07').map((e) => e.id);
		assert.ok(abrExpected.length >= 4);
		assert.deepEqual(abrItems.map((i) => i.id).sort(), [...abrExpected].sort(), 'ABR Get Many: code 92 on LAB-PC-07');
		assert.ok(abrItems.every((i) => i.eventCodeName && i.eventLevelName), 'ABR items carry derived names');
		log(`ABR Get Many: ${abrItems.length} items, as expected`);

		const vtRun = await n8n.execute(WORKFLOW_IDS.vtGetMany);
		assert.ok(vtRun.ok, `VT Get Many failed:\n${vtRun.output.slice(-3000)}`);
		const vtItems = nodeItems((vtRun.result as { data: ExecutionData }).data, VT_NODE);
		const vtExpected = vt.events.filter((e) => e.action === 'DETECTED' && Number(e.level) >= 3).map(vtIdentity);
		assert.ok(vtExpected.length >= 3 && vtExpected.length > vt.pageSize, 'VT expectation spans several pages');
		assert.deepEqual(vtItems.map(vtIdentity).sort(), [...vtExpected].sort(), 'VT Get Many: DETECTED, level >= 3');
		assert.ok(vtItems.every((i) => Array.isArray(i.detailsParsed) && typeof i.levelNumber === 'number'), 'VT items carry derived fields');
		log(`VT Get Many: ${vtItems.length} items over several pages, as expected`);

		// A wrong API key and a simulator fault: failed executions carrying our message.
		const wrongKey = await n8n.execute(WORKFLOW_IDS.abrWrongKey);
		assert.ok(!wrongKey.ok, 'wrong key must fail');
		const wrongKeyRuns = await n8n.executions(WORKFLOW_IDS.abrWrongKey);
		assert.equal(wrongKeyRuns.length, 1);
		assert.equal(wrongKeyRuns[0].status, 'error');
		assert.match(errorText(wrongKeyRuns[0].data), /Admin By Request rejected the API key \(HTTP 401\)/);
		assert.doesNotMatch(JSON.stringify(wrongKeyRuns[0].data), /not-the-key/, 'the key never lands in the database');
		log(`wrong key: failed execution "${errorText(wrongKeyRuns[0].data).trim().slice(0, 120)}"`);

		vt.http.injectFault({ kind: 'status', status: 503, body: { error: { code: 'TransientError', message: 'Please retry' } } }, 50);
		const fault = await n8n.execute(WORKFLOW_IDS.vtFault);
		vt.http.clearFaults();
		assert.ok(!fault.ok, 'simulator fault must fail');
		const faultRuns = await n8n.executions(WORKFLOW_IDS.vtFault);
		assert.equal(faultRuns.length, 1);
		assert.equal(faultRuns[0].status, 'error');
		assert.match(errorText(faultRuns[0].data), /VirusTotal is temporarily unavailable \(TransientError: Please retry\)/);
		log(`simulator fault: failed execution "${errorText(faultRuns[0].data).trim().slice(0, 120)}"`);

		// Both triggers, and the two trigger examples, under `n8n start`, polling every 10 s, across a stop and restart.
		const triggerWorkflowIds = [WORKFLOW_IDS.abrTrigger, WORKFLOW_IDS.vtTrigger, EXAMPLE_IDS.abrAlertTicket, EXAMPLE_IDS.vtDetectedMessage];
		for (const id of triggerWorkflowIds) await n8n.activate(major, id);
		const answeredBeforeStart = { abr: answered(abr.http), vt: answered(vt.http) };
		await n8n.start();
		log('n8n started with both triggers and both trigger examples active');

		await n8n.setupOwner();
		const nodeTypes = (await n8n.get('/types/nodes.json')) as Array<{ name: string }>;
		const ours = [...new Set(nodeTypes.map((t) => t.name).filter((name) => name.startsWith(`${PACKAGE_NAME}.`)))];
		for (const name of ['adminByRequest', 'adminByRequestTrigger', 'virusTotalMonitor', 'virusTotalMonitorTrigger']) {
			assert.ok(ours.includes(`${PACKAGE_NAME}.${name}`), `n8n lists node ${name}: ${ours.join(', ')}`);
		}
		const credentialTypes = (await n8n.get('/types/credentials.json')) as Array<{ name: string }>;
		for (const name of ['adminByRequestApi', 'virusTotalMonitorApi']) {
			assert.ok(credentialTypes.some((t) => t.name === name), `n8n lists credential ${name}`);
		}
		log(`n8n lists the 4 nodes (${ours.map((n) => n.slice(PACKAGE_NAME.length + 1)).join(', ')}) and both credentials`);

		// Start From "Now": the activation poll of each trigger fixes its checkpoint from what the
		// simulator answered, so only events added after that answer are "new".
		const activated = await waitUntil(() => answered(abr.http) >= answeredBeforeStart.abr + 2 && answered(vt.http) >= answeredBeforeStart.vt + 2, 120_000);
		assert.ok(activated, 'every trigger made its activation request');
		// n8n activates workflows one after another within milliseconds; a moment more makes sure a
		// cron poll of one trigger was not counted in place of another's activation.
		await sleep(2_000);
		const addedAbrEvents: AbrEvent[] = [];
		const addedVt: VtEvent[] = [];
		// Each batch holds at least one event the examples' filters keep.
		const addBatch = (abrCount: number, vtCount: number) => {
			addedAbrEvents.push(abr.addEvent({ eventCode: 93 }));
			for (let i = 1; i < abrCount; i++) addedAbrEvents.push(abr.addEvent());
			addedVt.push(vt.addEvent({ action: 'DETECTED' }));
			for (let i = 1; i < vtCount; i++) addedVt.push(vt.addEvent());
		};
		const expected = () => ({
			abr: addedAbrEvents.map((e) => String(e.id)),
			vt: addedVt.map(vtIdentity),
			tickets: addedAbrEvents.filter((e) => e.eventLevel >= 2 || [92, 93, 94].includes(e.eventCode)).map((e) => String(e.id)),
			messages: addedVt.filter((e) => e.action === 'DETECTED').map(vtIdentity),
		});
		// Waits (n8n's database is read while it runs) until every event added so far has been
		// delivered by each trigger workflow; the assertions at the end judge what arrived.
		const waitForDeliveries = async (what: string) => {
			const want = expected();
			const arrived = await waitUntil(async () => {
				const got = await deliveries(n8n);
				return (['abr', 'vt', 'tickets', 'messages'] as const).every((key) => want[key].every((id) => got[key].includes(id)));
			}, DELIVERY_TIMEOUT_MS);
			log(`${what}: ${arrived ? 'delivered' : `NOT all delivered within ${DELIVERY_TIMEOUT_MS / 1000} s`}`);
		};

		addBatch(3, 3);
		await waitForDeliveries('batch 1 (3 ABR, 3 VT events)');
		addBatch(5, 9); // more than one VT page
		await waitForDeliveries('batch 2 (5 ABR, 9 VT events)');
		await n8n.stop();
		log('stopped n8n');

		addBatch(4, 4); // while n8n is down: must arrive after the restart
		// The daily-report example joins for the second run, its schedule at every 10 s.
		await n8n.activate(major, EXAMPLE_IDS.dailyReport);
		await n8n.activate(major, EXAMPLE_IDS.abrRequestApproval);
		await n8n.start();
		log('restarted n8n, 4 ABR and 4 VT events added while it was down');
		addBatch(2, 2);
		await waitForDeliveries('batches 3 and 4 (across the restart)');
		await checkApprovalExample(n8n, abr, log);
		await waitUntil(async () => (await n8n.executions(EXAMPLE_IDS.dailyReport)).length > 0, DELIVERY_TIMEOUT_MS);
		await sleep(POLL_WAIT_MS); // at least one more poll, which must repeat nothing
		await n8n.stop();

		const addedAbr = addedAbrEvents.map((event) => event.id);
		const want = expected();
		const got = await deliveries(n8n);
		assert.deepEqual(got.failed, [], 'no failed executions of the trigger workflows');
		log(`trigger executions: ABR ${got.abrExecutions} (${got.abr.length} items), VT ${got.vtExecutions} (${got.vt.length} items)`);
		assert.ok(got.abrExecutions >= 3 && got.vtExecutions >= 3, 'events arrived over several polls');
		exactlyOnce('ABR trigger', want.abr, got.abr);
		exactlyOnce('VT trigger', want.vt, got.vt);
		// The examples: one ticket per alert-level or blocked/malware event, one message per detection.
		exactlyOnce('alert-to-ticket example', want.tickets, got.tickets);
		exactlyOnce('DETECTED-to-message example', want.messages, got.messages);
		assert.ok(got.highPriorityTickets > 0, 'malware tickets are high priority');
		const badTitles = got.ticketTitles.filter((title) => !/^\[Admin By Request\] \S.* \([^()]+\)$/.test(title));
		assert.deepEqual(badTitles, [], 'ticket titles read "[Admin By Request] <event name> (<computer>)"');
		log(`examples: ${got.tickets.length} tickets from ${addedAbrEvents.length} ABR events, ${got.messages.length} messages from ${addedVt.length} VT events`);

		const abrStatic = (await n8n.staticData(WORKFLOW_IDS.abrTrigger)) as Record<string, Record<string, unknown>>;
		assert.equal(abrStatic?.[`node:${ABR_TRIGGER}`]?.lastId, Math.max(...addedAbr), 'ABR static data: checkpoint at the last event');
		const vtStatic = (await n8n.staticData(WORKFLOW_IDS.vtTrigger)) as Record<string, Record<string, unknown>>;
		const vtCheckpoint = JSON.stringify(vtStatic?.[`node:${VT_TRIGGER}`] ?? null);
		const newestVt = addedVt.map((e) => e.timestamp).sort().pop()!;
		assert.ok(vtCheckpoint.includes(newestVt), `VT static data: checkpoint at the newest event (${newestVt}): ${vtCheckpoint}`);
		// The daily report, fired by its schedule.
		const reports = await n8n.executions(EXAMPLE_IDS.dailyReport);
		assert.ok(reports.length >= 1, 'the daily report schedule fired');
		assert.deepEqual(reports.filter((e) => e.status !== 'success').map((e) => `${e.id} ${e.status} ${errorText(e.data)}`), [], 'no failed report');
		const blocked = (nodeItems(reports[0].data, 'Blocked summary')[0]?.blocked ?? []) as Array<Record<string, unknown>>;
		const detections = (nodeItems(reports[0].data, 'Detections summary')[0]?.detections ?? []) as Array<Record<string, unknown>>;
		assert.ok(blocked.every((event) => event.eventCode === 92), 'daily report: only blocked executions');
		for (const id of abrExpected) assert.ok(blocked.some((event) => event.id === id), `daily report lists blocked event ${id}`);
		assert.ok(detections.length > 0 && detections.length <= 100, 'daily report: 1 to 100 detections');
		assert.ok(detections.every((event) => event.action === 'DETECTED' && Number(event.levelNumber) >= 2), 'daily report: DETECTED, level >= 2');
		log(`daily report example: ${reports.length} scheduled runs, the first with ${blocked.length} blocked executions and ${detections.length} detections`);

		log(`static data: ABR ${JSON.stringify(abrStatic[`node:${ABR_TRIGGER}`])}; VT ${vtCheckpoint}`);
	} catch (error) {
		const tail = n8n.serverLog.slice(-3000);
		if (tail) console.error(`--- n8n ${version} server log (tail) ---\n${tail}`);
		throw error;
	} finally {
		await n8n.stop();
		await Promise.all([abr.stop(), vt.stop()]);
		if (!process.env.N8N_E2E_KEEP) fs.rmSync(userFolder, { recursive: true, force: true });
	}
}

async function main(): Promise<void> {
	const versions = process.env.N8N_E2E_VERSIONS?.split(',').filter(Boolean) ?? DEFAULT_VERSIONS;
	const packDir = tempDir('n8n-e2e-pack-');
	const tarball = await packPackage(packDir);
	log(`packed ${path.basename(tarball)}`);
	const results: string[] = [];
	for (const version of versions) {
		const started = Date.now();
		try {
			await runVersion(version, tarball);
			results.push(`PASS n8n ${version} in ${Math.round((Date.now() - started) / 1000)} s`);
		} catch (error) {
			console.error(error);
			results.push(`FAIL n8n ${version} after ${Math.round((Date.now() - started) / 1000)} s: ${(error as Error).message.split('\n')[0]}`);
		}
	}
	fs.rmSync(packDir, { recursive: true, force: true });
	const failures = results.filter((line) => line.startsWith('FAIL')).length;
	console.log(`\n${results.join('\n')}`);
	// The plain closing line CI reads: one test per n8n release.
	console.log(`e2e: ${results.length - failures} passed, ${failures} failed`);
	process.exit(failures ? 1 : 0);
}

void main();
