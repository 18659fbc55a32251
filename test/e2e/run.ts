/**
 * `npm run test:e2e`: this package inside real n8n releases, installed the way users install it.
 *
 * Targets (N8N_E2E_VERSIONS, comma-separated `version[:engine]`; default: DEFAULT_TARGETS): an n8n
 * version and the engine that runs its poll triggers (ENGINES: `classic`, n8n's in-memory crons;
 * `scheduler`, n8n 2.41's durable scheduler; `durable`, the scheduler with durable poll cursors).
 * For each: a fresh user folder, the `npm pack` tarball installed as a community package, the API
 * simulators, credentials pointing at them. The first target of each version also runs the node
 * and credential lists, both "Get Many" through `n8n execute`, a wrong key and a simulator fault as
 * failed executions, and the example workflows. Every target then runs the triggers under
 * `n8n start`, checked from n8n's own database: every event added while n8n runs or while it is
 * stopped is emitted exactly once across a restart; a burst of 30 VirusTotal events in one second
 * with Max Pages per Poll 2; the poll after a 429 with a Retry-After hint waits for the hint; and
 * on n8n 2.41, SIGKILL right after a poll emitted, then a restart. A `version:queue` target runs
 * n8n in queue mode instead (test/e2e/queue.ts: a main and a worker on PostgreSQL and Redis).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { AdminByRequestSimulator, type AbrEvent } from '../simulator/adminByRequestSimulator';
import type { HttpSimulator, LoggedRequest } from '../simulator/httpSimulator';
import { VirusTotalMonitorSimulator, type VtEvent } from '../simulator/virusTotalMonitorSimulator';
import { checkApprovalExample } from './approvalExample';
import { N8n, PACKAGE_NAME, ensureN8n, freePort, packPackage, sleep, tempDir, type ExecutionData } from './n8n';
import { runQueueTarget } from './queue';
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
	extraCredentials,
	extraTriggerWorkflows,
	getManyWorkflows,
	triggerWorkflows,
} from './workflows';

export type Engine = 'classic' | 'scheduler' | 'durable';

const SCHEDULER_ENV = {
	N8N_SCHEDULER_ENABLED: 'true',
	N8N_SCHEDULER_POLL_TRIGGERS_ENABLED: 'true',
	// The default on 2.41 (@n8n/config 2.39), set anyway: without it poll triggers stay on the classic path.
	N8N_USE_WORKFLOW_PUBLICATION_SERVICE: 'true',
};

/** The environment of each engine (n8n 2.41; older versions know only `classic`). */
export const ENGINES: Record<Engine, Record<string, string>> = {
	classic: {},
	scheduler: SCHEDULER_ENV,
	durable: { ...SCHEDULER_ENV, N8N_POLLER_DURABLE_CURSORS_ENABLED: 'true' },
};

export const DEFAULT_TARGETS = ['2.8.4', '1.123.81', '2.41.3:classic', '2.41.3:scheduler', '2.41.3:durable', '2.41.3:queue'];
/** A little more than the 10 s poll interval. */
const POLL_WAIT_MS = 12_000;
/** How long a batch of events may take to come through the polls (generous: CI machines can be slow). */
const DELIVERY_TIMEOUT_MS = 120_000;
/** Once a batch did not arrive in time, later waits are shorter: the report says what is missing. */
const DELIVERY_TIMEOUT_AFTER_MISS_MS = 45_000;
/** The Retry-After hint of the backoff check, in seconds. */
const RETRY_AFTER_S = 45;
const BURST_SIZE = 30;
const CRASH_ROUNDS = 2;

interface Target {
	version: string;
	engine: Engine;
	/** The first target of its version: Get Many, errors, node lists and the examples too. */
	full: boolean;
	label: string;
	/** Queue mode (test/e2e/queue.ts): a main and a worker on PostgreSQL and Redis. */
	queue?: boolean;
}

function log(line: string): void {
	console.log(`[e2e ${new Date().toISOString().slice(11, 19)}] ${line}`);
}

type Stack = Array<{ node?: { name?: string }; data?: { main?: Array<Array<{ json: Record<string, unknown> }> | null> } }>;

/** The items a run gave out of one node, from `n8n execute --rawOutput` or the database. */
function nodeItems(data: ExecutionData | undefined, node: string): Array<Record<string, unknown>> {
	const runs = data?.resultData?.runData?.[node] ?? [];
	return runs.flatMap((run) => (run.data?.main?.[0] ?? []).map((item) => item.json));
}

/**
 * The items a poll handed to an execution: the trigger's run data, or, for an execution that never
 * ran (n8n killed first), what waits on its execution stack.
 */
export function triggerItems(data: ExecutionData | undefined, node: string): Array<Record<string, unknown>> {
	const ran = nodeItems(data, node);
	if (ran.length > 0) return ran;
	const stack = ((data as unknown as { executionData?: { nodeExecutionStack?: Stack } })?.executionData?.nodeExecutionStack ?? []) as Stack;
	return stack.filter((entry) => entry.node?.name === node).flatMap((entry) => (entry.data?.main?.[0] ?? []).map((item) => item.json));
}

function errorText(data: ExecutionData): string {
	const error = data.resultData.error;
	return `${error?.message ?? ''} ${error?.description ?? ''}`;
}

export function vtIdentity(event: { subject?: unknown; timestamp?: unknown }): string {
	return `${String(event.timestamp)} ${String(event.subject)}`;
}

/** What the trigger workflows delivered so far, read from n8n's database. */
export async function deliveries(n8n: N8n) {
	const ids = [WORKFLOW_IDS.abrTrigger, WORKFLOW_IDS.vtTrigger, WORKFLOW_IDS.vtBurst, EXAMPLE_IDS.abrAlertTicket, EXAMPLE_IDS.vtDetectedMessage];
	const [abrRuns, vtRuns, burstRuns, ticketRuns, messageRuns] = await Promise.all(ids.map((id) => n8n.executions(id)));
	const tickets = ticketRuns.flatMap((e) => nodeItems(e.data, 'Ticket'));
	// For the report: which executions (id and creation time, UTC) carried each trigger event.
	const carriedBy = new Map<string, Carrier[]>();
	const carry = (runs: typeof abrRuns, node: string, identity: (item: Record<string, unknown>) => string) => {
		for (const run of runs) {
			for (const item of triggerItems(run.data, node)) {
				const key = identity(item);
				carriedBy.set(key, [...(carriedBy.get(key) ?? []), { label: `#${run.id} ${String(run.createdAt).slice(11, 19)}`, at: dbTime(run.createdAt) }]);
			}
		}
	};
	carry(abrRuns, ABR_TRIGGER, (item) => String(item.id));
	carry(vtRuns, VT_TRIGGER, vtIdentity);
	carry(burstRuns, VT_TRIGGER, vtIdentity);
	return {
		carriedBy,
		abrExecutions: abrRuns.length,
		vtExecutions: vtRuns.length,
		burstExecutions: burstRuns.length,
		statuses: [...abrRuns, ...vtRuns, ...burstRuns].map((e) => e.status),
		failed: [...abrRuns, ...vtRuns, ...burstRuns, ...ticketRuns, ...messageRuns]
			.filter((e) => e.status !== 'success')
			.map((e) => `${e.id} ${e.status} ${errorText(e.data)}`),
		abr: abrRuns.flatMap((e) => triggerItems(e.data, ABR_TRIGGER).map((item) => String(item.id))),
		vt: vtRuns.flatMap((e) => triggerItems(e.data, VT_TRIGGER).map(vtIdentity)),
		burst: burstRuns.flatMap((e) => triggerItems(e.data, VT_TRIGGER).map(vtIdentity)),
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

export async function waitUntil(done: () => boolean | Promise<boolean>, timeoutMs: number, everyMs = 1_000): Promise<boolean> {
	const deadline = Date.now() + timeoutMs;
	while (!(await done())) {
		if (Date.now() > deadline) return false;
		await sleep(everyMs);
	}
	return true;
}

/** Requests the simulator has finished answering. */
export function answered(http: HttpSimulator): number {
	return http.requests.filter((request) => request.status !== undefined).length;
}

/** Missing, repeated and unexpected events of one trigger; `order` names events by when they were added. */
function tally(expected: string[], seen: string[]) {
	const counts = new Map<string, number>();
	for (const id of seen) counts.set(id, (counts.get(id) ?? 0) + 1);
	return {
		missing: expected.filter((id) => !counts.has(id)),
		repeated: [...counts].filter(([, n]) => n > 1).map(([id, n]) => `${id} (${n}x)`),
		unexpected: [...counts.keys()].filter((id) => !expected.includes(id)),
	};
}

/** An execution that carried an event: `#id hh:mm:ss` and its creation time (ms). */
interface Carrier {
	label: string;
	at: number;
}

/** Polls of one trigger that n8n ran at the same time: from the first start to the last finish (ms). */
interface Overlap {
	from: number;
	to: number;
	label: string;
}

/** A UTC time as n8n's SQLite stores it (`2026-11-28 07:18:12.362`), in ms. */
function dbTime(text: string): number {
	return Date.parse(`${String(text).replace(' ', 'T')}Z`);
}

/** Collects the checks of one target, so one report lists every failure rather than the first. */
export class Report {
	readonly failures: string[] = [];
	readonly notes: string[] = [];

	constructor(readonly label: string) {}

	check(what: string, ok: boolean, detail = ''): boolean {
		const line = `${ok ? 'ok  ' : 'FAIL'} ${what}${detail ? `: ${detail}` : ''}`;
		log(`${this.label} ${line}`);
		if (!ok) this.failures.push(`${what}${detail ? `: ${detail}` : ''}`);
		return ok;
	}

	note(line: string): void {
		log(`${this.label} note ${line}`);
		this.notes.push(line);
	}

	/** Every event exactly once; `names` labels events (e.g. by batch) for the report. */
	/**
	 * Every event exactly once; `names` labels events (e.g. by batch), `carriedBy` names the
	 * executions of a repeated event. A repeat whose executions (all but one) came from polls n8n
	 * ran at the same time (`concurrent`) is n8n's scheduler at work, not this package: reported
	 * as a note, not failed.
	 */
	exactlyOnce(
		what: string,
		expected: string[],
		seen: string[],
		names: Map<string, string> = new Map(),
		carriedBy?: Map<string, Carrier[]>,
		concurrent: Overlap[] = [],
	): void {
		const { missing, repeated, unexpected } = tally(expected, seen);
		const bare = (id: string) => id.replace(/ \(\d+x\)$/, '');
		const name = (id: string) => {
			const batch = names.has(bare(id)) ? ` [${names.get(bare(id))}]` : '';
			const where = id !== bare(id) && carriedBy?.has(bare(id)) ? ` in ${carriedBy.get(bare(id))!.map((c) => c.label).join(', ')}` : '';
			return `${id}${batch}${where}`;
		};
		// Executions created while n8n ran several polls of this trigger at once (and a moment after).
		const inOverlap = (carrier: Carrier) => concurrent.some((o) => carrier.at >= o.from - 1_000 && carrier.at <= o.to + 1_000);
		const byConcurrency = repeated.filter((id) => (carriedBy?.get(bare(id)) ?? []).filter((c) => !inOverlap(c)).length <= 1);
		const otherRepeats = repeated.filter((id) => !byConcurrency.includes(id));
		const detail = [
			`${expected.length} events, ${seen.length} emitted`,
			missing.length ? `missing ${missing.length}: ${missing.map(name).join(', ')}` : '',
			otherRepeats.length ? `repeated ${otherRepeats.length}: ${otherRepeats.map(name).join(', ')}` : '',
			unexpected.length ? `unexpected ${unexpected.length}: ${unexpected.slice(0, 10).join(', ')}` : '',
		]
			.filter(Boolean)
			.join('; ');
		this.check(`${what}: every event exactly once`, missing.length + otherRepeats.length + unexpected.length === 0, detail);
		if (byConcurrency.length) {
			this.note(
				`${what}: ${byConcurrency.length} events repeated by polls n8n ran concurrently (${concurrent.map((o) => o.label).join(', ')}): ${byConcurrency.map(name).join(', ')}`,
			);
		}
	}
}

/** The node's checkpoint: the durable cursor (poller_state) when there is one, else the workflow's static data. */
async function checkpoint(n8n: N8n, workflowId: string, nodeName: string): Promise<{ source: string; value: unknown }> {
	const durable = await n8n.query<{ cursor: string }>('SELECT cursor FROM poller_state WHERE workflowId = ?', [workflowId]).catch(() => []);
	if (durable.length > 0 && durable[0].cursor && durable[0].cursor !== '{}') {
		return { source: 'poller_state', value: JSON.parse(durable[0].cursor) };
	}
	const staticData = (await n8n.staticData(workflowId)) as Record<string, unknown> | null;
	return { source: 'static data', value: staticData?.[`node:${nodeName}`] ?? null };
}

/** What the engine looks like in the database: scheduled poll jobs and durable cursors of our triggers. */
async function engineState(n8n: N8n): Promise<{ jobs: number; cursors: number }> {
	const ours = (rows: unknown[]) =>
		rows.filter((row) => Object.values(WORKFLOW_IDS).some((id) => JSON.stringify(row).includes(id))).length;
	const jobs = await n8n.query('SELECT * FROM scheduled_job').catch(() => []);
	const cursors = await n8n.query('SELECT * FROM poller_state').catch(() => []);
	return { jobs: ours(jobs), cursors: ours(cursors) };
}

/**
 * Polls of one trigger that n8n's scheduler ran at the same time (one scheduled job per Poll Times
 * item; overdue and retried tasks are claimed together), from its scheduled_task rows: each such
 * poll reads the same cursor, so each may emit the same events.
 */
interface TaskRow {
	id: number;
	startedAt: string;
	finishedAt: string | null;
}

export async function overlappingPolls(n8n: N8n, workflowId: string): Promise<Overlap[]> {
	const rows: TaskRow[] = await n8n
		.query<TaskRow>(
			`SELECT t.id, t.startedAt, t.finishedAt FROM scheduled_task t JOIN scheduled_job j ON j.id = t.jobId
			 WHERE j.ownerId = ? AND t.taskType = 'workflow:poll-trigger' AND t.startedAt IS NOT NULL ORDER BY t.startedAt`,
			[workflowId],
		)
		.catch((): TaskRow[] => []);
	const ms = dbTime;
	const groups: TaskRow[][] = [];
	let current: TaskRow[] = [];
	let end = 0;
	for (const row of rows) {
		const start = ms(row.startedAt);
		const finish = row.finishedAt ? ms(row.finishedAt) : start;
		if (current.length > 0 && start < end) {
			current.push(row);
			end = Math.max(end, finish);
		} else {
			if (current.length > 1) groups.push(current);
			current = [row];
			end = finish;
		}
	}
	if (current.length > 1) groups.push(current);
	return groups.map((group) => ({
		from: ms(group[0].startedAt),
		to: Math.max(...group.map((row) => ms(row.finishedAt ?? row.startedAt))),
		label: `${group.length} at once from ${group[0].startedAt.slice(11, 19)}`,
	}));
}

async function runTarget(target: Target, tarball: string, report: Report): Promise<void> {
	const { version, engine, full } = target;
	const major = Number(version.split('.')[0]);
	const host = await ensureN8n(version);
	const userFolder = tempDir(`n8n-e2e-${version}-${engine}-`);
	const n8n = new N8n(host, userFolder, await freePort(), await freePort(), ENGINES[engine]);
	log(`${target.label}: user folder ${userFolder}, port ${n8n.port}, node ${host.node}, engine env ${JSON.stringify(ENGINES[engine])}`);

	const abr = new AdminByRequestSimulator({ apiKey: 'abr-e2e-key', seed: 11 });
	const vt = new VirusTotalMonitorSimulator({ apiKey: 'vt-e2e-key', seed: 13, pageSize: 7 });
	const vtBurst = new VirusTotalMonitorSimulator({ apiKey: 'vt-burst-key', seed: 17, pageSize: 7 });
	const vtBackoff = new VirusTotalMonitorSimulator({ apiKey: 'vt-backoff-key', seed: 19, pageSize: 7 });
	// History before activation: Get Many finds it, the triggers (Start From: Now) must never emit it.
	for (let hoursAgo = 240; hoursAgo > 0; hoursAgo -= 3) abr.addEvent({ at: Date.now() - hoursAgo * 3_600_000 });
	for (let i = 0; i < 4; i++) abr.addEvent({ eventCode: 92, computerName: 'LAB-PC-07', at: Date.now() - (i + 1) * 3_600_000 });
	for (let hoursAgo = 48; hoursAgo > 0; hoursAgo -= 1) vt.addEvent({ at: Date.now() - hoursAgo * 3_600_000 });
	for (let i = 0; i < 3; i++) vt.addEvent({ action: 'DETECTED', level: '4', at: Date.now() - (i + 1) * 600_000 });
	for (let i = 0; i < 20; i++) vtBurst.addEvent({ at: Date.now() - (i + 1) * 60_000 });
	for (let i = 0; i < 5; i++) vtBackoff.addEvent({ at: Date.now() - (i + 1) * 60_000 });
	const abrUrl = await abr.start();
	await Promise.all([vt.start(), vtBurst.start(), vtBackoff.start()]);

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
			...extraCredentials(vtBurst.baseUrl, vtBurst.apiKey, vtBackoff.baseUrl, vtBackoff.apiKey),
		]);
		await n8n.importWorkflows([
			...getManyWorkflows('LAB-PC-07'),
			...triggerWorkflows(),
			...extraTriggerWorkflows(),
			...(full ? exampleWorkflows(EVERY_10_SECONDS) : []),
		]);
		log(`package installed from tarball, credentials, test workflows${full ? ' and the examples' : ''} imported`);

		let abrExpected: number[] = [];
		if (full) {
			// A failure here is reported and the triggers still run: their checks are independent.
			try {
				abrExpected = await getManyAndErrors(n8n, abr, vt);
			} catch (error) {
				report.check('Get Many and error executions', false, (error as Error).message.split('\n').slice(0, 2).join(' ').slice(0, 300));
				console.error((error as Error).message.slice(-2000));
			}
		}

		// The triggers (and on a full run the two trigger examples) under `n8n start`, polling every 10 s, across a stop and restart.
		const triggerWorkflowIds = [
			WORKFLOW_IDS.abrTrigger,
			WORKFLOW_IDS.vtTrigger,
			WORKFLOW_IDS.vtBurst,
			WORKFLOW_IDS.vtBackoff,
			...(full ? [EXAMPLE_IDS.abrAlertTicket, EXAMPLE_IDS.vtDetectedMessage] : []),
		];
		for (const id of triggerWorkflowIds) await n8n.activate(major, id);
		const answeredBeforeStart = { abr: answered(abr.http), vt: answered(vt.http) };
		const perSimulator = full ? 2 : 1;
		let started = Date.now();
		await n8n.start();
		log(`n8n started in ${Math.round((Date.now() - started) / 1000)} s with ${triggerWorkflowIds.length} trigger workflows active`);

		await n8n.setupOwner();
		if (full) await nodeLists(n8n);

		// Start From "Now": the activation poll of each trigger fixes its checkpoint from what the
		// simulator answered, so only events added after that answer are "new".
		const activated = await waitUntil(
			() =>
				answered(abr.http) >= answeredBeforeStart.abr + perSimulator &&
				answered(vt.http) >= answeredBeforeStart.vt + perSimulator &&
				answered(vtBurst.http) >= 1 &&
				answered(vtBackoff.http) >= 1,
			120_000,
		);
		report.check('every trigger made its activation request', activated);
		// n8n activates workflows one after another within milliseconds; a moment more makes sure a
		// cron poll of one trigger was not counted in place of another's activation.
		await sleep(2_000);
		const state = await engineState(n8n);
		const wantJobs = engine !== 'classic';
		report.check(
			`engine ${engine}: ${wantJobs ? 'scheduler jobs' : 'no scheduler jobs'} for the triggers${engine === 'durable' ? ', durable cursors' : ''}`,
			(state.jobs > 0) === wantJobs && (engine !== 'durable' || state.cursors > 0),
			`${state.jobs} scheduled_job rows, ${state.cursors} poller_state rows`,
		);

		const addedAbrEvents: AbrEvent[] = [];
		const addedVt: VtEvent[] = [];
		const addedBurst: VtEvent[] = [];
		/** Which batch each event came in, for the report. */
		const batchOf = new Map<string, string>();
		const addBatch = (name: string, abrCount: number, vtCount: number) => {
			// Each batch holds at least one event the examples' filters keep.
			const abrBatch = [abr.addEvent({ eventCode: 93 })];
			for (let i = 1; i < abrCount; i++) abrBatch.push(abr.addEvent());
			const vtBatch = [vt.addEvent({ action: 'DETECTED' })];
			for (let i = 1; i < vtCount; i++) vtBatch.push(vt.addEvent());
			for (const e of abrBatch) batchOf.set(String(e.id), name);
			for (const e of vtBatch) batchOf.set(vtIdentity(e), name);
			addedAbrEvents.push(...abrBatch);
			addedVt.push(...vtBatch);
		};
		const expected = () => ({
			abr: addedAbrEvents.map((e) => String(e.id)),
			vt: addedVt.map(vtIdentity),
			burst: addedBurst.map(vtIdentity),
			tickets: full ? addedAbrEvents.filter((e) => e.eventLevel >= 2 || [92, 93, 94].includes(e.eventCode)).map((e) => String(e.id)) : [],
			messages: full ? addedVt.filter((e) => e.action === 'DETECTED').map(vtIdentity) : [],
		});
		const keys = ['abr', 'vt', 'burst', 'tickets', 'messages'] as const;
		let missedBefore = false;
		// Waits (n8n's database is read while it runs) until every event added so far has been
		// delivered by each trigger workflow; the checks at the end judge what arrived.
		const waitForDeliveries = async (what: string) => {
			const want = expected();
			const since = Date.now();
			const timeout = missedBefore ? DELIVERY_TIMEOUT_AFTER_MISS_MS : DELIVERY_TIMEOUT_MS;
			let got = await deliveries(n8n);
			const arrived = await waitUntil(async () => {
				got = await deliveries(n8n);
				return keys.every((key) => want[key].every((id) => got[key].includes(id)));
			}, timeout);
			if (!arrived) missedBefore = true;
			const late = keys
				.map((key) => [key, want[key].filter((id) => !got[key].includes(id)).length] as const)
				.filter(([, n]) => n > 0)
				.map(([key, n]) => `${key} ${n}`);
			log(`${what}: ${arrived ? `delivered in ${Math.round((Date.now() - since) / 1000)} s` : `NOT all delivered within ${timeout / 1000} s (still missing: ${late.join(', ')})`}`);
		};

		// The backoff check runs beside the batches, on its own simulator.
		const backoff = backoffCheck(vtBackoff);

		addBatch('batch 1, running', 3, 3);
		await waitForDeliveries('batch 1 (3 ABR, 3 VT events)');
		addBatch('batch 2, running', 5, 9); // more than one VT page
		// 30 VT events in one second: with Max Pages per Poll 2 and 7 events a page, over 3 polls or more.
		const burstAt = Date.now();
		addedBurst.push(...vtBurst.addBurst(BURST_SIZE, burstAt));
		for (const e of addedBurst) batchOf.set(vtIdentity(e), 'burst');
		await waitForDeliveries(`batch 2 (5 ABR, 9 VT events) and a burst of ${BURST_SIZE} VT events in one second`);
		const backoffResult = await backoff;
		await n8n.stop();
		log('stopped n8n');

		addBatch('batch 3, stopped', 4, 4); // while n8n is down: must arrive after the restart
		const burstWhileDown = vtBurst.addBurst(10, Date.now());
		addedBurst.push(...burstWhileDown);
		for (const e of burstWhileDown) batchOf.set(vtIdentity(e), 'burst while stopped');
		// The daily-report example joins for the second run, its schedule at every 10 s.
		if (full) {
			await n8n.activate(major, EXAMPLE_IDS.dailyReport);
			await n8n.activate(major, EXAMPLE_IDS.abrRequestApproval);
		}
		started = Date.now();
		await n8n.start();
		log(`restarted n8n in ${Math.round((Date.now() - started) / 1000)} s, 4 ABR, 4 VT and 10 burst events added while it was down`);
		addBatch('batch 4, after restart', 2, 2);
		await waitForDeliveries('batches 3 and 4 (across the restart)');
		if (full) {
			await checkApprovalExample(n8n, abr, log);
			await waitUntil(async () => (await n8n.executions(EXAMPLE_IDS.dailyReport)).length > 0, DELIVERY_TIMEOUT_MS);
		}

		// SIGKILL right after a poll emitted (its execution is in the database), then a restart (n8n 2.41).
		// Not under durable cursors: there n8n 2.41.3 itself could not start again after the kill (its
		// startup recovery met the killed poll's execution, never started, and threw "Cannot read
		// properties of null (reading 'getTime')"; n8n start exited 1), which no node can change.
		const crashes: string[] = [];
		if (engine === 'durable') log('crash rounds skipped under durable cursors: n8n 2.41.3 does not start again after a SIGKILL there');
		if (version.startsWith('2.41.') && engine !== 'durable') {
			for (let round = 1; round <= CRASH_ROUNDS; round++) {
				const before = await deliveries(n8n);
				addBatch(`crash ${round}`, 3, 3);
				const saw = await waitUntil(
					async () => {
						const now = await deliveries(n8n);
						return now.abrExecutions > before.abrExecutions || now.vtExecutions > before.vtExecutions;
					},
					60_000,
					50,
				);
				await n8n.kill();
				const after = await deliveries(n8n);
				const which = [
					after.abrExecutions > before.abrExecutions ? 'ABR' : '',
					after.vtExecutions > before.vtExecutions ? 'VT' : '',
				].filter(Boolean);
				crashes.push(`round ${round}: killed ${saw ? `after ${which.join(' and ')} emitted` : 'without seeing an emitted poll in 60 s'}`);
				log(`crash ${round}: SIGKILL ${saw ? `right after the ${which.join(' and ')} trigger's execution appeared` : 'after 60 s without an emitted poll'}`);
				started = Date.now();
				await n8n.start();
				log(`restarted n8n in ${Math.round((Date.now() - started) / 1000)} s after the kill`);
				await waitForDeliveries(`crash ${round} batch (3 ABR, 3 VT events)`);
			}
		}

		await sleep(POLL_WAIT_MS); // at least one more poll, which must repeat nothing
		await n8n.stop();

		// The judgement, from n8n's database.
		const want = expected();
		const got = await deliveries(n8n);
		log(
			`trigger executions: ABR ${got.abrExecutions} (${got.abr.length} items), VT ${got.vtExecutions} (${got.vt.length} items), ` +
				`burst ${got.burstExecutions} (${got.burst.length} items); statuses ${JSON.stringify(countBy(got.statuses))}`,
		);
		const crashed = got.failed.filter((line) => / crashed /.test(line));
		const otherFailed = got.failed.filter((line) => !/ crashed /.test(line));
		report.check('no failed executions of the trigger workflows', otherFailed.length === 0, otherFailed.slice(0, 5).join(' | '));
		if (crashed.length) report.note(`${crashed.length} executions marked crashed by the kills: ${crashed.map((line) => line.split(' ')[0]).join(', ')}`);
		report.check('events arrived over several polls', got.abrExecutions >= 3 && got.vtExecutions >= 3, `ABR ${got.abrExecutions}, VT ${got.vtExecutions} executions`);

		// Polls of one trigger n8n's scheduler ran at the same time (classic: none).
		const overlaps = {
			abr: await overlappingPolls(n8n, WORKFLOW_IDS.abrTrigger),
			vt: await overlappingPolls(n8n, WORKFLOW_IDS.vtTrigger),
			burst: await overlappingPolls(n8n, WORKFLOW_IDS.vtBurst),
		};
		const crashTolerated = engine !== 'durable' && crashes.length > 0;
		const judge = (what: string, expectedIds: string[], seen: string[], concurrent: Overlap[]) => {
			if (!crashTolerated) return report.exactlyOnce(what, expectedIds, seen, batchOf, got.carriedBy, concurrent);
			// Classic and non-durable scheduler: n8n's docs say a crash may skip or repeat items; measured, not failed.
			const withoutCrash = (ids: string[]) => ids.filter((id) => !/^crash /.test(batchOf.get(id) ?? ''));
			report.exactlyOnce(`${what} (before the kills)`, withoutCrash(expectedIds), withoutCrash(seen), batchOf, got.carriedBy, concurrent);
			const crashIds = expectedIds.filter((id) => /^crash /.test(batchOf.get(id) ?? ''));
			const { missing, repeated } = tally(crashIds, seen.filter((id) => crashIds.includes(id)));
			report.note(`${what} after SIGKILL (${engine}, not failed): ${crashIds.length} events, ${missing.length} lost, ${repeated.length} repeated${missing.length + repeated.length ? `: ${[...missing.map((id) => `lost ${id}`), ...repeated.map((id) => `repeated ${id}`)].join(', ')}` : ''}`);
		};
		judge('ABR trigger', want.abr, got.abr, overlaps.abr);
		judge('VT trigger', want.vt, got.vt, overlaps.vt);
		const burstWhat = `VT trigger, Max Pages per Poll 2, burst of ${BURST_SIZE} in one second (+10 while stopped)`;
		report.exactlyOnce(burstWhat, want.burst, got.burst, batchOf, got.carriedBy, overlaps.burst);
		for (const line of crashes) report.note(`crash ${line}`);
		for (const [name, groups] of [
			['ABR trigger', overlaps.abr],
			['VT trigger', overlaps.vt],
			['VT burst trigger', overlaps.burst],
		] as const) {
			if (groups.length) report.note(`${name}: n8n ran polls of it concurrently (UTC): ${groups.map((o) => o.label).join(', ')}`);
		}

		// The 429 with Retry-After: the next poll of that trigger no earlier than the hint.
		if (backoffResult.gapMs === undefined) {
			report.check('backoff: a poll answered 429 and a later poll', false, backoffResult.detail);
		} else {
			const waited = backoffResult.gapMs >= RETRY_AFTER_S * 1000 - 1000;
			const detail = `next poll ${(backoffResult.gapMs / 1000).toFixed(1)} s after the 429 (Retry-After: ${RETRY_AFTER_S})`;
			// n8n 2.41 backs off only with durable cursors (its PollBackoffService is off otherwise).
			if (engine === 'durable') report.check('backoff: no poll before the Retry-After hint', waited, detail);
			else report.note(`backoff (${engine}, not checked): ${detail}`);
		}

		const inCrashRound = (id: string) => crashTolerated && /^crash /.test(batchOf.get(id) ?? '');
		if (full) checkExamples(report, got, want, addedAbrEvents.length, addedVt.length, inCrashRound);

		const abrPoint = await checkpoint(n8n, WORKFLOW_IDS.abrTrigger, ABR_TRIGGER);
		const lastAbr = Math.max(...addedAbrEvents.map((event) => event.id));
		report.check(`ABR checkpoint (${abrPoint.source}) at the last event ${lastAbr}`, (abrPoint.value as { lastId?: number } | null)?.lastId === lastAbr, JSON.stringify(abrPoint.value));
		const vtPoint = await checkpoint(n8n, WORKFLOW_IDS.vtTrigger, VT_TRIGGER);
		const newestVt = addedVt.map((e) => e.timestamp).sort().pop()!;
		report.check(`VT checkpoint (${vtPoint.source}) at the newest event ${newestVt}`, JSON.stringify(vtPoint.value ?? null).includes(newestVt), JSON.stringify(vtPoint.value).slice(0, 300));

		if (full) await checkDailyReport(report, n8n, abrExpected, crashes.length > 0);
	} catch (error) {
		const tail = n8n.serverLog.slice(-3000);
		if (tail) console.error(`--- n8n ${target.label} server log (tail) ---\n${tail}`);
		throw error;
	} finally {
		await n8n.stop();
		n8n.closeReader();
		await Promise.all([abr.stop(), vt.stop(), vtBurst.stop(), vtBackoff.stop()]);
		if (!process.env.N8N_E2E_KEEP) fs.rmSync(userFolder, { recursive: true, force: true });
	}
}

function countBy(values: string[]): Record<string, number> {
	const counts: Record<string, number> = {};
	for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
	return counts;
}

/**
 * Once the backoff trigger is polling on its schedule, its next request is answered 429 with a
 * Retry-After hint; returns how long after that answer its next poll came.
 */
async function backoffCheck(sim: VirusTotalMonitorSimulator): Promise<{ gapMs?: number; detail: string }> {
	// The activation poll and one scheduled poll: the trigger is past activation.
	if (!(await waitUntil(() => answered(sim.http) >= 2, 60_000))) return { detail: 'the backoff trigger never polled twice' };
	sim.http.injectFault(
		{
			kind: 'status',
			status: 429,
			headers: { 'retry-after': String(RETRY_AFTER_S) },
			body: { error: { code: 'QuotaExceededError', message: 'Quota exceeded: too many requests, retry later' } },
		},
		1,
	);
	let failed: LoggedRequest | undefined;
	if (!(await waitUntil(() => (failed = sim.http.requests.find((r) => r.status === 429)) !== undefined, 30_000))) {
		return { detail: 'no poll came to be answered 429' };
	}
	const failedAt = failed!.at;
	let next: LoggedRequest | undefined;
	const came = await waitUntil(() => (next = sim.http.requests.find((r) => r.at > failedAt)) !== undefined, (RETRY_AFTER_S + 40) * 1000);
	if (!came) return { detail: `no poll within ${RETRY_AFTER_S + 40} s after the 429` };
	const gapMs = next!.at - failedAt;
	log(`backoff: 429 with Retry-After ${RETRY_AFTER_S} s answered; the next poll came ${(gapMs / 1000).toFixed(1)} s later`);
	return { gapMs, detail: '' };
}

/** Both Get Many with filters through `n8n execute`, a wrong key and a simulator fault. Returns the blocked ABR events. */
async function getManyAndErrors(n8n: N8n, abr: AdminByRequestSimulator, vt: VirusTotalMonitorSimulator): Promise<number[]> {
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
	return abrExpected;
}

async function nodeLists(n8n: N8n): Promise<void> {
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
}

/** The examples: one ticket per alert-level or blocked/malware event, one message per detection. */
function checkExamples(
	report: Report,
	got: Awaited<ReturnType<typeof deliveries>>,
	want: { tickets: string[]; messages: string[] },
	abrCount: number,
	vtCount: number,
	inCrashRound: (id: string) => boolean,
): void {
	// An event of a SIGKILL round may sit in the execution the kill crashed: its ticket or message is
	// then never made. That is n8n's crash window (measured, not failed); every other event counts.
	const judge = (what: string, expected: string[], seen: string[]) => {
		const keep = (ids: string[]) => ids.filter((id) => !inCrashRound(id));
		report.exactlyOnce(what, keep(expected), keep(seen));
		const crashIds = expected.filter(inCrashRound);
		if (crashIds.length === 0) return;
		const { missing, repeated } = tally(crashIds, seen.filter((id) => crashIds.includes(id)));
		report.note(`${what}, events of the SIGKILL rounds (not failed): ${crashIds.length} events, ${missing.length} missing, ${repeated.length} repeated`);
	};
	judge('alert-to-ticket example', want.tickets, got.tickets);
	judge('DETECTED-to-message example', want.messages, got.messages);
	report.check('malware tickets are high priority', got.highPriorityTickets > 0);
	const badTitles = got.ticketTitles.filter((title) => !/^\[Admin By Request\] \S.* \([^()]+\)$/.test(title));
	report.check('ticket titles read "[Admin By Request] <event name> (<computer>)"', badTitles.length === 0, badTitles.slice(0, 3).join(' | '));
	log(`examples: ${got.tickets.length} tickets from ${abrCount} ABR events, ${got.messages.length} messages from ${vtCount} VT events`);
}

/** The daily report, fired by its schedule. */
async function checkDailyReport(report: Report, n8n: N8n, abrExpected: number[], killed: boolean): Promise<void> {
	const reports = await n8n.executions(EXAMPLE_IDS.dailyReport);
	if (!report.check('the daily report schedule fired', reports.length >= 1)) return;
	// A report running when n8n was killed ends "crashed": that is the kill, not the workflow.
	const crashed = reports.filter((e) => killed && e.status === 'crashed');
	if (crashed.length) report.note(`${crashed.length} daily report runs crashed by the kills`);
	const failed = reports.filter((e) => e.status !== 'success' && !crashed.includes(e)).map((e) => `${e.id} ${e.status} ${errorText(e.data)}`);
	report.check('no failed report', failed.length === 0, failed.join(' | '));
	const blocked = (nodeItems(reports[0].data, 'Blocked summary')[0]?.blocked ?? []) as Array<Record<string, unknown>>;
	const detections = (nodeItems(reports[0].data, 'Detections summary')[0]?.detections ?? []) as Array<Record<string, unknown>>;
	report.check('daily report: only blocked executions', blocked.every((event) => event.eventCode === 92));
	const unlisted = abrExpected.filter((id) => !blocked.some((event) => event.id === id));
	report.check('daily report lists every blocked event', unlisted.length === 0, unlisted.join(', '));
	report.check('daily report: 1 to 100 detections', detections.length > 0 && detections.length <= 100, String(detections.length));
	report.check(
		'daily report: DETECTED, level >= 2',
		detections.every((event) => event.action === 'DETECTED' && Number(event.levelNumber) >= 2),
	);
	log(`daily report example: ${reports.length} scheduled runs, the first with ${blocked.length} blocked executions and ${detections.length} detections`);
}

export function parseTargets(spec: string | undefined): Target[] {
	const entries = spec?.split(',').map((entry) => entry.trim()).filter(Boolean) ?? DEFAULT_TARGETS;
	const seenVersions = new Set<string>();
	return entries.map((entry) => {
		const [version, engineName = 'classic'] = entry.split(':');
		if (engineName === 'queue') return { version, engine: 'classic' as Engine, full: false, label: entry, queue: true };
		if (!(engineName in ENGINES)) throw new Error(`N8N_E2E_VERSIONS: unknown engine "${engineName}" in "${entry}" (${Object.keys(ENGINES).join(', ')})`);
		const engine = engineName as Engine;
		if (engine !== 'classic' && !version.startsWith('2.41.')) throw new Error(`N8N_E2E_VERSIONS: the ${engine} engine needs n8n 2.41 ("${entry}")`);
		const full = !seenVersions.has(version);
		seenVersions.add(version);
		return { version, engine, full, label: `${version}:${engine}` };
	});
}

async function main(): Promise<void> {
	const targets = parseTargets(process.env.N8N_E2E_VERSIONS);
	const packDir = tempDir('n8n-e2e-pack-');
	const tarball = await packPackage(packDir);
	log(`packed ${path.basename(tarball)}; targets ${targets.map((t) => `${t.label}${t.full ? ' (full)' : ''}`).join(', ')}`);
	const runStarted = Date.now();
	// Installs every version the targets need at once (first use only): downloads overlap.
	const versions = [...new Set(targets.map((target) => target.version))];
	const installs = await Promise.allSettled(versions.map(async (version) => await ensureN8n(version)));
	log(`n8n ${versions.join(', ')} ready in ${Math.round((Date.now() - runStarted) / 1000)} s${installs.some((r) => r.status === 'rejected') ? ' (some installs failed: those targets fail)' : ''}`);
	const results: string[] = [];
	const details: string[] = [];
	for (const target of targets) {
		const started = Date.now();
		const report = new Report(target.label);
		let crashed: Error | undefined;
		try {
			await (target.queue ? runQueueTarget(target.version, tarball, report) : runTarget(target, tarball, report));
		} catch (error) {
			console.error(error);
			crashed = error as Error;
		}
		const seconds = Math.round((Date.now() - started) / 1000);
		const problems = [...(crashed ? [`stopped: ${crashed.message.split('\n')[0]}`] : []), ...report.failures];
		results.push(`${problems.length ? 'FAIL' : 'PASS'} n8n ${target.label} in ${seconds} s${problems.length ? `: ${problems.length} failed check(s)` : ''}`);
		details.push(...problems.map((line) => `  FAIL ${target.label}: ${line}`), ...report.notes.map((line) => `  note ${target.label}: ${line}`));
	}
	fs.rmSync(packDir, { recursive: true, force: true });
	const failures = results.filter((line) => line.startsWith('FAIL')).length;
	console.log(`\n${results.join('\n')}\n${details.join('\n')}`);
	console.log(`(all targets in ${Math.round((Date.now() - runStarted) / 1000)} s)`);
	// The plain closing line CI reads: one test per n8n release and engine.
	console.log(`e2e: ${results.length - failures} passed, ${failures} failed`);
	process.exit(failures ? 1 : 0);
}

if (require.main === module) void main();
