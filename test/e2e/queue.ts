/**
 * The queue-mode target of `npm run test:e2e` (`<version>:queue`, e.g. `2.41.3:queue`): n8n as
 * operators scale it. A main (`n8n start`) and a worker (`n8n worker`), each with its own user
 * folder and this package installed there from its `npm pack` tarball, sharing a PostgreSQL and a
 * Redis that this run starts on free loopback ports and stops again (Debian's `postgresql` and
 * `redis-server`; `.ci/run` installs them). Proven from PostgreSQL and both instances' logs:
 *
 * - a Get Many started by a production webhook on the main runs on the worker (the main enqueues
 *   it, the worker starts and finishes it) and returns every event;
 * - both triggers, polled by the main and run by the worker, emit every new event exactly once:
 *   events added while both run, while the main is stopped, after its restart, while the worker
 *   is stopped (the main polls and queues those executions in Redis; they wait as "new" in the
 *   database until a worker is back) and after the worker's restart.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { AdminByRequestSimulator } from '../simulator/adminByRequestSimulator';
import { VirusTotalMonitorSimulator } from '../simulator/virusTotalMonitorSimulator';
import { N8n, PACKAGE_NAME, ensureN8n, freePort, mustRun, sleep, tempDir, type ExecutionData } from './n8n';
import type { Report } from './run';
import { answered, triggerItems, vtIdentity, waitUntil } from './run';
import { ABR_NODE, ABR_TRIGGER, CREDENTIAL_IDS, VT_TRIGGER, WORKFLOW_IDS, credentials, triggerWorkflows } from './workflows';

const DATABASE = 'n8n';
const WEBHOOK_WORKFLOW_ID = 'e2eQueueGetMany';
const WEBHOOK_PATH = 'e2e-queue-get-many';
/** More than one page of Get Many (10,000 a page). */
const HISTORY_EVENTS = 10_500;
const DELIVERY_TIMEOUT_MS = 150_000;

function log(line: string): void {
	console.log(`[e2e queue ${new Date().toISOString().slice(11, 19)}] ${line}`);
}

const isRoot = () => process.getuid?.() === 0;

/** Debian's PostgreSQL binaries (the newest major installed), or PG_BIN_DIR. */
export function postgresBinDir(): string {
	if (process.env.PG_BIN_DIR) return process.env.PG_BIN_DIR;
	const root = '/usr/lib/postgresql';
	const majors = fs.existsSync(root)
		? fs.readdirSync(root).filter((major) => fs.existsSync(path.join(root, major, 'bin', 'initdb')))
		: [];
	majors.sort((a, b) => Number(b) - Number(a));
	if (!majors.length) throw new Error(`no PostgreSQL server under ${root}: apt-get install postgresql (or set PG_BIN_DIR)`);
	return path.join(root, majors[0], 'bin');
}

/**
 * A throwaway PostgreSQL cluster on a loopback port, trust authentication, durability off (a test
 * database). `initdb` refuses to run as root: as root, the cluster belongs to the `postgres` user
 * (Debian's package creates it) and its commands run through `runuser`.
 */
export class Postgres {
	readonly bin = postgresBinDir();
	readonly dataDir: string;

	constructor(
		readonly folder: string,
		readonly port: number,
	) {
		this.dataDir = path.join(folder, 'data');
	}

	private async asOwner(command: string, args: string[]): Promise<string> {
		const full = path.join(this.bin, command);
		return isRoot() ? await mustRun('runuser', ['-u', 'postgres', '--', full, ...args], { cwd: '/' }) : await mustRun(full, args);
	}

	async start(): Promise<void> {
		if (isRoot()) {
			const uid = Number((await mustRun('id', ['-u', 'postgres'])).trim());
			const gid = Number((await mustRun('id', ['-g', 'postgres'])).trim());
			fs.chownSync(this.folder, uid, gid);
		}
		await this.asOwner('initdb', ['-D', this.dataDir, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--no-sync']);
		const options = [
			`-p ${this.port}`,
			'-c listen_addresses=127.0.0.1',
			`-c unix_socket_directories=${this.folder}`,
			'-c fsync=off',
			'-c synchronous_commit=off',
			'-c full_page_writes=off',
		].join(' ');
		await this.asOwner('pg_ctl', ['-D', this.dataDir, '-l', path.join(this.folder, 'postgres.log'), '-w', '-t', '60', '-o', options, 'start']);
		await this.psql('postgres', `CREATE DATABASE ${DATABASE}`);
	}

	/** Fast shutdown (running transactions are rolled back); nothing to do if it never started. */
	async stop(): Promise<void> {
		if (!fs.existsSync(path.join(this.dataDir, 'postmaster.pid'))) return;
		await this.asOwner('pg_ctl', ['-D', this.dataDir, '-m', 'fast', '-w', '-t', '60', 'stop']);
	}

	private async psql(database: string, sql: string): Promise<string> {
		return await mustRun(path.join(this.bin, 'psql'), ['-X', '-q', '-At', '-v', 'ON_ERROR_STOP=1', '-h', '127.0.0.1', '-p', String(this.port), '-U', 'postgres', '-d', database, '-c', sql]);
	}

	/** Rows of a query on n8n's database, as JSON (values are literals: test-controlled ids only). */
	async query<T>(sql: string): Promise<T[]> {
		const out = await this.psql(DATABASE, `SELECT coalesce(json_agg(t), '[]'::json) FROM (${sql}) t`);
		return JSON.parse(out) as T[];
	}
}

/** A Redis on a loopback port, nothing persisted. */
export class Redis {
	private child?: ChildProcess;
	output = '';

	constructor(readonly port: number) {}

	async start(): Promise<void> {
		const bin = ['/usr/bin/redis-server', '/usr/local/bin/redis-server'].find((file) => fs.existsSync(file)) ?? 'redis-server';
		const child = spawn(bin, ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no'], {
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		this.child = child;
		child.stdout!.on('data', (chunk: Buffer) => (this.output = (this.output + chunk.toString()).slice(-20_000)));
		child.stderr!.on('data', (chunk: Buffer) => (this.output = (this.output + chunk.toString()).slice(-20_000)));
		child.on('error', (error) => (this.output += `\n${error.message} (apt-get install redis-server)`));
		const deadline = Date.now() + 30_000;
		while (!(await this.ping())) {
			if (child.exitCode !== null || Date.now() > deadline) throw new Error(`redis-server did not start\n${this.output}`);
			await sleep(200);
		}
	}

	private ping(): Promise<boolean> {
		return new Promise((resolve) => {
			const socket = net.connect(this.port, '127.0.0.1');
			socket.setTimeout(1_000);
			socket.on('connect', () => socket.write('PING\r\n'));
			socket.on('data', (data) => {
				resolve(data.toString().startsWith('+PONG'));
				socket.destroy();
			});
			socket.on('error', () => resolve(false));
			socket.on('timeout', () => {
				resolve(false);
				socket.destroy();
			});
		});
	}

	async stop(): Promise<void> {
		const child = this.child;
		this.child = undefined;
		if (!child || child.exitCode !== null) return;
		const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
		child.kill('SIGTERM');
		await exited;
	}
}

/**
 * What one instance's log says about executions: the main logs "Enqueued execution N (job J)",
 * a worker "Worker started execution N" and "Worker finished execution N". The whole log is kept
 * in a file beside the user folder.
 */
class InstanceLog {
	readonly enqueued = new Set<number>();
	readonly started = new Set<number>();
	readonly finished = new Set<number>();
	private buffer = '';
	private readonly file: fs.WriteStream;

	constructor(n8n: N8n, file: string) {
		this.file = fs.createWriteStream(file, { flags: 'a' });
		n8n.onLog = (chunk) => {
			this.file.write(chunk);
			this.buffer += chunk;
			const lines = this.buffer.split('\n');
			this.buffer = lines.pop() ?? '';
			for (const line of lines) this.read(line);
		};
	}

	private read(line: string): void {
		const patterns: Array<[RegExp, Set<number>]> = [
			[/Enqueued execution (\d+) /, this.enqueued],
			[/Worker started execution (\d+) /, this.started],
			[/Worker finished execution (\d+) /, this.finished],
		];
		for (const [pattern, set] of patterns) {
			const match = pattern.exec(line);
			if (match) set.add(Number(match[1]));
		}
	}

	close(): void {
		this.file.end();
	}
}

interface ExecutionRow {
	id: number;
	status: string;
	mode: string;
	data: ExecutionData;
}

async function executions(db: Postgres, n8n: N8n, workflowId: string): Promise<ExecutionRow[]> {
	const rows = await db.query<{ id: number; status: string; mode: string; data: string }>(
		`SELECT e.id, e.status, e.mode, d.data FROM execution_entity e JOIN execution_data d ON d."executionId" = e.id
		 WHERE e."workflowId" = '${workflowId}' ORDER BY e.id`,
	);
	return rows.map((row) => ({ ...row, id: Number(row.id), data: n8n.parseExecutionData(row.data) }));
}

/** A production webhook (GET) that runs Admin By Request Get Many (Return All) and answers with its items. */
function webhookGetManyWorkflow() {
	return {
		id: WEBHOOK_WORKFLOW_ID,
		name: 'e2e queue: Get Many by webhook',
		active: false,
		nodes: [
			{
				id: '00000000-0000-4000-9000-000000000001',
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: '00000000-0000-4000-9000-0000000000aa',
				parameters: { httpMethod: 'GET', path: WEBHOOK_PATH, responseMode: 'lastNode', responseData: 'allEntries', options: {} },
			},
			{
				id: '00000000-0000-4000-9000-000000000002',
				name: ABR_NODE,
				type: `${PACKAGE_NAME}.adminByRequest`,
				typeVersion: 1,
				position: [220, 0],
				parameters: { resource: 'event', operation: 'getAll', returnAll: true, filters: {}, options: {} },
				credentials: { adminByRequestApi: { id: CREDENTIAL_IDS.abr, name: CREDENTIAL_IDS.abr } },
			},
		],
		connections: { Webhook: { main: [[{ node: ABR_NODE, type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
		pinData: {},
	};
}

/**
 * What every instance of a queue-mode setup shares (besides N8N_ENCRYPTION_KEY, the same on each):
 * PostgreSQL (SQLite is not supported in queue mode), the queue mode, Redis. examples/queue-mode
 * sets the same (test/queueCompose.test.ts).
 */
export function sharedQueueEnv(
	postgres: { host: string; port: number; database: string; user: string; password: string },
	redis: { host: string; port: number },
): Record<string, string> {
	return {
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: postgres.host,
		DB_POSTGRESDB_PORT: String(postgres.port),
		DB_POSTGRESDB_DATABASE: postgres.database,
		DB_POSTGRESDB_USER: postgres.user,
		DB_POSTGRESDB_PASSWORD: postgres.password,
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: redis.host,
		QUEUE_BULL_REDIS_PORT: String(redis.port),
	};
}

/** A worker's own additions: its health check server (readiness at /healthz/readiness), on its own port. */
export function workerEnv(healthPort: number): Record<string, string> {
	return { QUEUE_HEALTH_CHECK_ACTIVE: 'true', QUEUE_HEALTH_CHECK_PORT: String(healthPort) };
}

/** Runs the queue-mode target of n8n `version`; each finding goes into `report`. */
export async function runQueueTarget(version: string, tarball: string, report: Report): Promise<void> {
	const host = await ensureN8n(version);
	const folder = tempDir(`n8n-e2e-${version}-queue-`);
	const pgFolder = tempDir('n8n-e2e-queue-pg-');
	const db = new Postgres(pgFolder, await freePort());
	const redis = new Redis(await freePort());
	// N8N_ENCRYPTION_KEY: N8n gives every instance the same one.
	const shared = sharedQueueEnv(
		{ host: '127.0.0.1', port: db.port, database: DATABASE, user: 'postgres', password: '' },
		{ host: '127.0.0.1', port: redis.port },
	);
	const main = new N8n(host, path.join(folder, 'main'), await freePort(), await freePort(), shared);
	const healthPort = await freePort();
	const worker = new N8n(host, path.join(folder, 'worker'), healthPort, await freePort(), {
		...shared,
		...workerEnv(healthPort),
		N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
	});
	fs.mkdirSync(main.userFolder, { recursive: true });
	fs.mkdirSync(worker.userFolder, { recursive: true });
	const mainLog = new InstanceLog(main, path.join(folder, 'main.log'));
	const workerLog = new InstanceLog(worker, path.join(folder, 'worker.log'));
	log(`folders ${folder} (main, worker, their logs), PostgreSQL ${db.bin} on ${db.port} in ${pgFolder}, Redis on ${redis.port}; main on ${main.port}, worker health on ${healthPort}`);

	const abr = new AdminByRequestSimulator({ apiKey: 'abr-queue-key', seed: 23 });
	const vt = new VirusTotalMonitorSimulator({ apiKey: 'vt-queue-key', seed: 29, pageSize: 7 });
	const spanMs = 10 * 24 * 3_600_000;
	for (let i = 0; i < HISTORY_EVENTS; i++) abr.addEvent({ at: Date.now() - spanMs + Math.floor((i * spanMs) / HISTORY_EVENTS) });
	for (let hoursAgo = 24; hoursAgo > 0; hoursAgo -= 1) vt.addEvent({ at: Date.now() - hoursAgo * 3_600_000 });
	const abrUrl = await abr.start();
	await vt.start();

	try {
		let started = Date.now();
		await Promise.all([db.start(), redis.start()]);
		log(`PostgreSQL and Redis up in ${Math.round((Date.now() - started) / 1000)} s`);
		await Promise.all([main.installPackage(tarball), worker.installPackage(tarball)]);
		for (const instance of [main, worker]) {
			report.check(
				`package installed in the ${instance === main ? 'main' : 'worker'}'s own user folder`,
				fs.existsSync(path.join(instance.dotN8n, 'nodes', 'node_modules', PACKAGE_NAME, 'package.json')),
			);
		}
		started = Date.now();
		await main.importCredentials(credentials(abrUrl, abr.apiKey, vt.baseUrl, vt.apiKey));
		await main.importWorkflows([...triggerWorkflows(), webhookGetManyWorkflow()]);
		for (const id of [WORKFLOW_IDS.abrTrigger, WORKFLOW_IDS.vtTrigger, WEBHOOK_WORKFLOW_ID]) await main.activate(2, id);
		log(`schema migrated, credentials and workflows imported into PostgreSQL and published in ${Math.round((Date.now() - started) / 1000)} s`);

		started = Date.now();
		await main.start();
		log(`main ready in ${Math.round((Date.now() - started) / 1000)} s`);
		started = Date.now();
		await worker.start('worker');
		log(`worker ready in ${Math.round((Date.now() - started) / 1000)} s`);
		report.check(
			'each trigger made its activation request',
			await waitUntil(() => answered(abr.http) >= 1 && answered(vt.http) >= 1, 120_000),
		);
		await sleep(2_000);

		// Get Many, started by the production webhook on the main, run by the worker.
		await getManyOnWorker(report, db, main, mainLog, workerLog, abr);

		// The triggers: batches of new events across a restart of the main and of the worker.
		const addedAbr: string[] = [];
		const addedVt: string[] = [];
		const batchOf = new Map<string, string>();
		const addBatch = (name: string, count: number) => {
			for (let i = 0; i < count; i++) {
				const a = String(abr.addEvent().id);
				const v = vtIdentity(vt.addEvent());
				addedAbr.push(a);
				addedVt.push(v);
				batchOf.set(a, name);
				batchOf.set(v, name);
			}
		};
		const delivered = async () => {
			const [abrRuns, vtRuns] = await Promise.all([executions(db, main, WORKFLOW_IDS.abrTrigger), executions(db, main, WORKFLOW_IDS.vtTrigger)]);
			return {
				abrRuns,
				vtRuns,
				abr: abrRuns.flatMap((e) => triggerItems(e.data, ABR_TRIGGER).map((item) => String(item.id))),
				vt: vtRuns.flatMap((e) => triggerItems(e.data, VT_TRIGGER).map(vtIdentity)),
			};
		};
		/** Waits until every event added so far is in a successful execution of its trigger. */
		const waitForDeliveries = async (what: string) => {
			const since = Date.now();
			let got = await delivered();
			const ok = await waitUntil(async () => {
				got = await delivered();
				const done = (runs: ExecutionRow[], items: (e: ExecutionRow) => string[], want: string[]) => {
					const ran = new Set(runs.filter((e) => e.status === 'success').flatMap(items));
					return want.every((id) => ran.has(id));
				};
				return (
					done(got.abrRuns, (e) => triggerItems(e.data, ABR_TRIGGER).map((item) => String(item.id)), addedAbr) &&
					done(got.vtRuns, (e) => triggerItems(e.data, VT_TRIGGER).map(vtIdentity), addedVt)
				);
			}, DELIVERY_TIMEOUT_MS);
			log(`${what}: ${ok ? `delivered in ${Math.round((Date.now() - since) / 1000)} s` : `NOT all delivered within ${DELIVERY_TIMEOUT_MS / 1000} s`}`);
			return ok;
		};

		addBatch('batch 1, main and worker running', 3);
		await waitForDeliveries('batch 1 (3 ABR, 3 VT events)');

		await main.stop();
		log('stopped the main');
		addBatch('batch 2, main stopped', 3);
		started = Date.now();
		await main.start();
		log(`restarted the main in ${Math.round((Date.now() - started) / 1000)} s`);
		addBatch('batch 3, after the main restarted', 2);
		await waitForDeliveries('batches 2 and 3 (across a restart of the main)');

		await worker.stop();
		log('stopped the worker');
		const before = await delivered();
		const known = new Set([...before.abrRuns, ...before.vtRuns].map((e) => e.id));
		addBatch('batch 4, worker stopped', 4);
		// The main polls and enqueues; with no worker the executions wait in Redis, "new" in the database.
		let queued: ExecutionRow[] = [];
		const sawQueued = await waitUntil(async () => {
			const now = await delivered();
			queued = [...now.abrRuns, ...now.vtRuns].filter((e) => !known.has(e.id));
			return now.abrRuns.some((e) => !known.has(e.id)) && now.vtRuns.some((e) => !known.has(e.id));
		}, 60_000);
		await sleep(12_000); // one more poll with the worker still down: it must not queue the events again
		const waiting = await delivered();
		queued = [...waiting.abrRuns, ...waiting.vtRuns].filter((e) => !known.has(e.id));
		report.check(
			'with the worker stopped, the main polled both triggers and queued their executions',
			sawQueued && queued.length >= 2 && queued.every((e) => e.status === 'new' && mainLog.enqueued.has(e.id)),
			queued.map((e) => `${e.id} ${e.status}${mainLog.enqueued.has(e.id) ? ' enqueued' : ' NOT in the main log'}`).join(', '),
		);
		started = Date.now();
		await worker.start('worker');
		log(`restarted the worker in ${Math.round((Date.now() - started) / 1000)} s; ${queued.length} executions were waiting in the queue`);
		addBatch('batch 5, after the worker restarted', 2);
		await waitForDeliveries('batches 4 and 5 (across a restart of the worker, queued while it was down)');
		const after = await delivered();
		const queuedNow = [...after.abrRuns, ...after.vtRuns].filter((e) => queued.some((q) => q.id === e.id));
		report.check(
			'the executions queued while no worker was up ran on the worker once it was back',
			queuedNow.length === queued.length && queuedNow.every((e) => e.status === 'success' && workerLog.finished.has(e.id)),
			queuedNow.map((e) => `${e.id} ${e.status}${workerLog.finished.has(e.id) ? ' (worker)' : ''}`).join(', '),
		);

		await sleep(12_000); // one more poll each, which must repeat nothing
		const got = await delivered();
		await Promise.all([main.stop(), worker.stop()]);

		report.exactlyOnce('queue mode, ABR trigger', addedAbr, got.abr, batchOf);
		report.exactlyOnce('queue mode, VT trigger', addedVt, got.vt, batchOf);
		const runs = [...got.abrRuns, ...got.vtRuns];
		const notSuccess = runs.filter((e) => e.status !== 'success').map((e) => `${e.id} ${e.status}`);
		report.check('every trigger execution succeeded', notSuccess.length === 0, notSuccess.join(', '));
		const notByWorker = runs.filter((e) => !(mainLog.enqueued.has(e.id) && workerLog.finished.has(e.id) && !mainLog.started.has(e.id)));
		report.check(
			`every trigger execution (${runs.length}) was enqueued by the main and run by the worker`,
			notByWorker.length === 0,
			notByWorker.map((e) => `${e.id}: main enqueued ${mainLog.enqueued.has(e.id)}, worker finished ${workerLog.finished.has(e.id)}`).join('; '),
		);
		// The checkpoint the main saved (the worker runs the executions, it must not set it back).
		const rows = await db.query<{ staticData: unknown }>(`SELECT "staticData" FROM workflow_entity WHERE id = '${WORKFLOW_IDS.abrTrigger}'`);
		const staticData = (typeof rows[0]?.staticData === 'string' ? JSON.parse(rows[0].staticData) : rows[0]?.staticData) as Record<string, { lastId?: number }> | null;
		const lastAbr = Math.max(...addedAbr.map(Number));
		report.check(`ABR checkpoint in PostgreSQL at the last event ${lastAbr}`, staticData?.[`node:${ABR_TRIGGER}`]?.lastId === lastAbr, JSON.stringify(staticData));
		log(`trigger executions: ABR ${got.abrRuns.length} (${got.abr.length} items), VT ${got.vtRuns.length} (${got.vt.length} items), all run by the worker`);
	} catch (error) {
		console.error(`--- main log (tail) ---\n${main.serverLog.slice(-3000)}\n--- worker log (tail) ---\n${worker.serverLog.slice(-3000)}\n--- redis ---\n${redis.output.slice(-1000)}`);
		throw error;
	} finally {
		await Promise.all([main.stop(), worker.stop()]);
		mainLog.close();
		workerLog.close();
		await Promise.all([abr.stop(), vt.stop()]);
		await Promise.allSettled([db.stop(), redis.stop()]).then((results) =>
			results.forEach((result) => result.status === 'rejected' && log(`stopping a service failed: ${String(result.reason)}`)),
		);
		if (!process.env.N8N_E2E_KEEP) {
			fs.rmSync(folder, { recursive: true, force: true });
			fs.rmSync(pgFolder, { recursive: true, force: true });
		}
	}
}

/** Get Many through the production webhook: answered 200 with every event, the execution enqueued by the main and run by the worker. */
async function getManyOnWorker(report: Report, db: Postgres, main: N8n, mainLog: InstanceLog, workerLog: InstanceLog, abr: AdminByRequestSimulator): Promise<void> {
	const url = `http://127.0.0.1:${main.port}/webhook/${WEBHOOK_PATH}`;
	const started = Date.now();
	let status = 0;
	let body: unknown;
	// Workflows activate some seconds after readiness: until then the webhook answers 404.
	await waitUntil(async () => {
		try {
			const response = await fetch(url);
			status = response.status;
			body = status === 200 ? await response.json() : await response.text();
		} catch (error) {
			body = (error as Error).message;
		}
		return status === 200;
	}, 120_000);
	const items = Array.isArray(body) ? (body as Array<{ id?: number }>) : [];
	const want = abr.events.map((event) => event.id);
	const ids = items.map((item) => item.id);
	report.check(
		`Get Many by production webhook: HTTP 200 with every event (${want.length})`,
		status === 200 && ids.length === want.length && want.every((id, i) => ids[i] === id),
		`HTTP ${status} after ${Math.round((Date.now() - started) / 1000)} s, ${ids.length} items${status === 200 ? '' : `: ${String(body).slice(0, 300)}`}`,
	);
	const runs = await executions(db, main, WEBHOOK_WORKFLOW_ID);
	const run = runs.at(-1);
	const saved = run ? triggerItems(run.data, ABR_NODE).length : 0;
	report.check(
		'Get Many execution in PostgreSQL: success, every event, enqueued by the main, run by the worker',
		!!run && run.status === 'success' && saved === want.length && mainLog.enqueued.has(run.id) && workerLog.started.has(run.id) && workerLog.finished.has(run.id),
		run
			? `execution ${run.id} ${run.status} (${run.mode}), ${saved} items; main enqueued ${mainLog.enqueued.has(run.id)}, worker started ${workerLog.started.has(run.id)} and finished ${workerLog.finished.has(run.id)}`
			: 'no execution',
	);
}
