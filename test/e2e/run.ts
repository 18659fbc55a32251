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
import { AdminByRequestSimulator } from '../simulator/adminByRequestSimulator';
import { VirusTotalMonitorSimulator, type VtEvent } from '../simulator/virusTotalMonitorSimulator';
import { N8n, PACKAGE_NAME, ensureN8n, freePort, packPackage, sleep, tempDir, type ExecutionData } from './n8n';
import {
	ABR_NODE,
	ABR_TRIGGER,
	VT_NODE,
	VT_TRIGGER,
	WORKFLOW_IDS,
	credentials,
	getManyWorkflows,
	triggerWorkflows,
} from './workflows';

const DEFAULT_VERSIONS = ['2.8.4', '1.123.81'];
const POLL_WAIT_MS = 12_000;

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
		await n8n.importCredentials(credentials(abrUrl, abr.apiKey, vt.baseUrl, vt.apiKey));
		await n8n.importWorkflows([...getManyWorkflows('LAB-PC-07'), ...triggerWorkflows()]);
		log('package installed from tarball, credentials and workflows imported');

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

		// Both triggers under `n8n start`, polling every 10 s, across a stop and restart.
		await n8n.activate(major, WORKFLOW_IDS.abrTrigger);
		await n8n.activate(major, WORKFLOW_IDS.vtTrigger);
		await n8n.start();
		log('n8n started with both triggers active');

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

		await sleep(3_000); // the activation poll sets the "now" checkpoint
		const addedAbr: number[] = [];
		const addedVt: VtEvent[] = [];
		const addBatch = (abrCount: number, vtCount: number) => {
			for (let i = 0; i < abrCount; i++) addedAbr.push(abr.addEvent().id);
			for (let i = 0; i < vtCount; i++) addedVt.push(vt.addEvent());
		};
		addBatch(3, 3);
		await sleep(POLL_WAIT_MS);
		addBatch(5, 9); // more than one VT page
		await sleep(POLL_WAIT_MS);
		await n8n.stop();
		log(`stopped n8n after ${addedAbr.length} ABR / ${addedVt.length} VT events`);

		addBatch(4, 4); // while n8n is down: must arrive after the restart
		await n8n.start();
		log('restarted n8n');
		addBatch(2, 2);
		await sleep(POLL_WAIT_MS * 2);
		await n8n.stop();

		const abrExecutions = await n8n.executions(WORKFLOW_IDS.abrTrigger);
		const vtExecutions = await n8n.executions(WORKFLOW_IDS.vtTrigger);
		const failed = [...abrExecutions, ...vtExecutions].filter((e) => e.status !== 'success');
		assert.deepEqual(failed.map((e) => `${e.id} ${e.status} ${errorText(e.data)}`), [], 'no failed trigger executions');
		const abrSeen = abrExecutions.flatMap((e) => nodeItems(e.data, ABR_TRIGGER).map((i) => i.id as number));
		const vtSeen = vtExecutions.flatMap((e) => nodeItems(e.data, VT_TRIGGER).map(vtIdentity));
		log(`trigger executions: ABR ${abrExecutions.length} (${abrSeen.length} items), VT ${vtExecutions.length} (${vtSeen.length} items)`);
		assert.ok(abrExecutions.length >= 3 && vtExecutions.length >= 3, 'events arrived over several polls');
		exactlyOnce('ABR trigger', addedAbr.map(String), abrSeen.map(String));
		exactlyOnce('VT trigger', addedVt.map(vtIdentity), vtSeen);

		const abrStatic = (await n8n.staticData(WORKFLOW_IDS.abrTrigger)) as Record<string, Record<string, unknown>>;
		assert.equal(abrStatic?.[`node:${ABR_TRIGGER}`]?.lastId, Math.max(...addedAbr), 'ABR static data: checkpoint at the last event');
		const vtStatic = (await n8n.staticData(WORKFLOW_IDS.vtTrigger)) as Record<string, Record<string, unknown>>;
		const vtCheckpoint = JSON.stringify(vtStatic?.[`node:${VT_TRIGGER}`] ?? null);
		const newestVt = addedVt.map((e) => e.timestamp).sort().pop()!;
		assert.ok(vtCheckpoint.includes(newestVt), `VT static data: checkpoint at the newest event (${newestVt}): ${vtCheckpoint}`);
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
	let failed = false;
	for (const version of versions) {
		const started = Date.now();
		try {
			await runVersion(version, tarball);
			results.push(`PASS n8n ${version} in ${Math.round((Date.now() - started) / 1000)} s`);
		} catch (error) {
			failed = true;
			console.error(error);
			results.push(`FAIL n8n ${version} after ${Math.round((Date.now() - started) / 1000)} s: ${(error as Error).message.split('\n')[0]}`);
		}
	}
	fs.rmSync(packDir, { recursive: true, force: true });
	console.log(`\n${results.join('\n')}`);
	process.exit(failed ? 1 : 0);
}

void main();
