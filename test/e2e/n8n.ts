/**
 * A real n8n, run as its CLI: a user folder with this package installed from its `npm pack` tarball
 * (as the GUI installs a community node), credentials and workflows imported, `n8n start` and
 * `n8n execute` as child processes, and n8n's own SQLite database read back.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..');
/**
 * The n8n `npm start`, `npm run screenshots` and `npm run bench:n8n` run by default: the newest release
 * `npm run test:e2e` proves (scripts/n8n-host.mjs's DEFAULT_N8N_VERSION). The older line, on Node 20:
 * N8N_DEMO_VERSION=2.8.4 or BENCH_N8N_VERSION=2.8.4.
 */
export const DEFAULT_N8N_VERSION = '2.41.3';
export const PACKAGE_NAME: string = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).name;

/** Runs a command to completion; never throws: the caller decides what a failure means. */
export function run(
	command: string,
	args: string[],
	options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
	return new Promise((resolve) => {
		execFile(
			command,
			args,
			{ cwd: options.cwd, env: options.env, maxBuffer: 256 * 1024 * 1024, timeout: options.timeoutMs ?? 300_000 },
			(error, stdout, stderr) => {
				const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
				resolve({ code, stdout: String(stdout), stderr: String(stderr) });
			},
		);
	});
}

export async function mustRun(command: string, args: string[], options: Parameters<typeof run>[2] = {}): Promise<string> {
	const result = await run(command, args, options);
	if (result.code !== 0) {
		throw new Error(`${command} ${args.join(' ')} exited ${result.code}\n${(result.stdout + result.stderr).slice(-4000)}`);
	}
	return result.stdout;
}

export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as net.AddressInfo;
			server.close(() => resolve(port));
		});
	});
}

/** An installed n8n: its bin, the Node binary that runs it, and the environment its processes need. */
export interface N8nHost {
	bin: string;
	node: string;
	env: Record<string, string>;
}

/** Installs n8n@version into the cache (first use) through scripts/n8n-host.mjs. */
export async function ensureN8n(version: string): Promise<N8nHost> {
	return await new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [path.join(ROOT, 'scripts', 'n8n-host.mjs'), version, '--json'], {
			stdio: ['ignore', 'pipe', 'inherit'],
		});
		let out = '';
		child.stdout.on('data', (chunk) => (out += chunk));
		child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out.trim()) as N8nHost) : reject(new Error(`installing n8n ${version} failed`))));
	});
}

/**
 * Reads n8n's SQLite database in a child process on n8n's own Node, with the sqlite3 module n8n
 * ships (built for that Node: n8n 2.41's cannot load into this Node 20 process). One JSON line per
 * query each way; the database is opened read-only for each query. `closeReader()` ends it.
 */
const SQLITE_READER = `
const { createRequire } = require('node:module');
const path = require('node:path');
const readline = require('node:readline');
const [n8nDir, file] = process.argv.slice(1);
const hostRequire = createRequire(path.join(n8nDir, 'package.json'));
const sqlite3 = hostRequire(hostRequire.resolve('sqlite3', { paths: [n8nDir] }));
readline.createInterface({ input: process.stdin }).on('line', (line) => {
	const { id, sql, params } = JSON.parse(line);
	const db = new sqlite3.Database(file, sqlite3.OPEN_READONLY, (openError) => {
		if (openError) return reply(id, openError);
		db.configure('busyTimeout', 5000);
		db.all(sql, params, (error, rows) => db.close(() => reply(id, error, rows)));
	});
});
function reply(id, error, rows) {
	process.stdout.write(JSON.stringify(error ? { id, error: String(error.message || error) } : { id, rows }) + '\\n');
}
`;

class SqliteReader {
	private child?: ChildProcess;
	private nextId = 0;
	private readonly pending = new Map<number, { resolve: (rows: unknown[]) => void; reject: (error: Error) => void }>();
	private buffer = '';

	constructor(
		private readonly node: string,
		private readonly n8nDir: string,
		private readonly file: string,
	) {}

	query<T>(sql: string, params: unknown[]): Promise<T[]> {
		const child = this.ensure();
		const id = ++this.nextId;
		return new Promise<T[]>((resolve, reject) => {
			this.pending.set(id, { resolve: resolve as (rows: unknown[]) => void, reject });
			child.stdin!.write(`${JSON.stringify({ id, sql, params })}\n`);
		});
	}

	close(): void {
		this.child?.stdin?.end();
		this.child = undefined;
	}

	private ensure(): ChildProcess {
		if (this.child) return this.child;
		const child = spawn(this.node, ['-e', SQLITE_READER, this.n8nDir, this.file], { stdio: ['pipe', 'pipe', 'inherit'] });
		child.stdout!.on('data', (chunk: Buffer) => {
			this.buffer += chunk.toString();
			let newline: number;
			while ((newline = this.buffer.indexOf('\n')) !== -1) {
				const line = this.buffer.slice(0, newline);
				this.buffer = this.buffer.slice(newline + 1);
				const answer = JSON.parse(line) as { id: number; rows?: unknown[]; error?: string };
				const waiter = this.pending.get(answer.id);
				this.pending.delete(answer.id);
				if (answer.error !== undefined) waiter?.reject(new Error(answer.error));
				else waiter?.resolve(answer.rows ?? []);
			}
		});
		child.on('exit', () => {
			for (const waiter of this.pending.values()) waiter.reject(new Error('sqlite reader exited'));
			this.pending.clear();
			if (this.child === child) this.child = undefined;
		});
		this.child = child;
		return child;
	}
}

/** `npm pack` of the built package, into a temporary folder; returns the tarball's path. */
export async function packPackage(into: string): Promise<string> {
	fs.mkdirSync(into, { recursive: true });
	const out = await mustRun('npm', ['pack', '--silent', '--pack-destination', into], { cwd: ROOT });
	const name = out.trim().split('\n').pop()!.trim();
	return path.join(into, name);
}

export interface Credential {
	id: string;
	name: string;
	type: string;
	data: Record<string, unknown>;
}

export class N8n {
	readonly dotN8n: string;
	readonly env: NodeJS.ProcessEnv;
	private server?: ChildProcess;
	serverLog = '';
	/** Called with everything n8n start prints. */
	onLog?: (chunk: string) => void;
	private readonly hostRequire: NodeJS.Require;
	readonly bin: string;
	/** The Node binary that runs this n8n (n8n 2.41: Node 24 from the cache). */
	readonly node: string;
	private readonly reader: SqliteReader;

	constructor(
		host: string | N8nHost,
		readonly userFolder: string,
		readonly port: number,
		brokerPort: number,
		extraEnv: NodeJS.ProcessEnv = {},
	) {
		const { bin, node, env: hostEnv } = typeof host === 'string' ? { bin: host, node: process.execPath, env: {} } : host;
		this.bin = bin;
		this.node = node;
		this.dotN8n = path.join(userFolder, '.n8n');
		this.hostRequire = createRequire(path.join(path.dirname(bin), '..', 'package.json'));
		this.reader = new SqliteReader(node, this.hostN8nDir(), path.join(this.dotN8n, 'database.sqlite'));
		this.env = {
			PATH: process.env.PATH,
			HOME: process.env.HOME,
			...hostEnv,
			N8N_USER_FOLDER: userFolder,
			N8N_ENCRYPTION_KEY: 'e2e-encryption-key-not-secret',
			N8N_PORT: String(port),
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_RUNNERS_BROKER_PORT: String(brokerPort),
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
			N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
			N8N_SECURE_COOKIE: 'false',
			N8N_LOG_FORMAT: 'json',
			N8N_LOG_LEVEL: 'info',
			N8N_HIDE_USAGE_PAGE: 'true',
			EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all',
			EXECUTIONS_DATA_SAVE_ON_ERROR: 'all',
			EXECUTIONS_DATA_SAVE_MANUAL_EXECUTIONS: 'true',
			DB_SQLITE_POOL_SIZE: '1',
			...extraEnv,
		};
	}

	/** Installs the packed tarball where n8n keeps GUI-installed community packages. */
	async installPackage(tarball: string): Promise<void> {
		const nodesDir = path.join(this.dotN8n, 'nodes');
		fs.mkdirSync(nodesDir, { recursive: true });
		if (!fs.existsSync(path.join(nodesDir, 'package.json'))) {
			fs.writeFileSync(path.join(nodesDir, 'package.json'), JSON.stringify({ name: 'installed-nodes', private: true }));
		}
		await mustRun(
			'npm',
			['install', tarball, '--omit=peer', '--no-audit', '--no-fund', '--no-save', '--loglevel=error', '--yes'],
			{ cwd: nodesDir, env: { ...process.env, npm_config_yes: 'true' } },
		);
	}

	async cli(args: string[], timeoutMs = 300_000): Promise<{ code: number; stdout: string; stderr: string }> {
		return await run(this.node, [this.bin, ...args], { env: this.env, cwd: this.userFolder, timeoutMs });
	}

	async mustCli(args: string[]): Promise<string> {
		const result = await this.cli(args);
		if (result.code !== 0) {
			throw new Error(`n8n ${args.join(' ')} exited ${result.code}\n${(result.stdout + result.stderr).slice(-4000)}`);
		}
		return result.stdout;
	}

	private writeTemp(name: string, value: unknown): string {
		const file = path.join(this.userFolder, name);
		fs.writeFileSync(file, JSON.stringify(value, null, 2));
		return file;
	}

	async importCredentials(credentials: Credential[]): Promise<void> {
		await this.mustCli(['import:credentials', `--input=${this.writeTemp('credentials.import.json', credentials)}`]);
	}

	async importWorkflows(workflows: unknown[]): Promise<void> {
		await this.mustCli(['import:workflow', `--input=${this.writeTemp('workflows.import.json', workflows)}`]);
	}

	/** Activates a workflow the way each major does it from the CLI (n8n must not be running). */
	async activate(major: number, id: string): Promise<void> {
		if (major >= 2) await this.mustCli(['publish:workflow', `--id=${id}`]);
		else await this.mustCli(['update:workflow', `--id=${id}`, '--active=true']);
	}

	/** `n8n execute --rawOutput`: the run's result (parsed) or the failure's text. */
	async execute(id: string): Promise<{ ok: boolean; result?: unknown; output: string }> {
		const { code, stdout, stderr } = await this.cli(['execute', `--id=${id}`, '--rawOutput']);
		const output = `${stdout}${stderr}\n(n8n execute exited ${code}${extractJson(stdout) === undefined ? ', no JSON result found' : ''})`;
		const result = extractJson(stdout);
		return { ok: code === 0 && result !== undefined, result, output };
	}

	/**
	 * `n8n start` (or `n8n worker`, whose readiness is on its health check server: give it
	 * QUEUE_HEALTH_CHECK_ACTIVE=true and QUEUE_HEALTH_CHECK_PORT = this port), until ready.
	 */
	async start(command: 'start' | 'worker' = 'start'): Promise<void> {
		if (this.server) throw new Error('n8n already running');
		const child = spawn(this.node, [this.bin, command], { env: this.env, cwd: this.userFolder, stdio: ['ignore', 'pipe', 'pipe'] });
		this.server = child;
		const collect = (chunk: Buffer) => {
			this.serverLog = (this.serverLog + chunk.toString()).slice(-200_000);
			this.onLog?.(chunk.toString());
		};
		child.stdout!.on('data', collect);
		child.stderr!.on('data', collect);
		const deadline = Date.now() + 180_000;
		while (Date.now() < deadline) {
			if (child.exitCode !== null) throw new Error(`n8n ${command} exited ${child.exitCode}\n${this.serverLog.slice(-4000)}`);
			try {
				const response = await fetch(`http://127.0.0.1:${this.port}/healthz/readiness`);
				if (response.ok) return;
			} catch {
				// not listening yet
			}
			await sleep(500);
		}
		throw new Error(`n8n did not become ready in 180 s\n${this.serverLog.slice(-4000)}`);
	}

	/** SIGTERM, as Ctrl-C or a service manager would, and wait for n8n's graceful shutdown. */
	async stop(): Promise<void> {
		const child = this.server;
		if (!child) return;
		this.server = undefined;
		if (child.exitCode !== null) return;
		const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
		child.kill('SIGTERM');
		const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
		await exited;
		clearTimeout(timer);
	}

	/** SIGKILL, as a crash or an OOM kill would: no graceful shutdown, nothing flushed. */
	async kill(): Promise<void> {
		const child = this.server;
		if (!child) return;
		this.server = undefined;
		if (child.exitCode !== null || child.signalCode !== null) return;
		const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
		child.kill('SIGKILL');
		await exited;
	}

	get running(): boolean {
		return this.server !== undefined;
	}

	private cookie = '';

	/** Creates the owner account (a fresh n8n has none) and keeps its session cookie. */
	async setupOwner(owner = { email: 'e2e@example.com', firstName: 'End', lastName: 'ToEnd', password: 'E2e-password-1' }): Promise<void> {
		const response = await this.request('/rest/owner/setup', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(owner) });
		if (!response.ok) throw new Error(`owner setup: HTTP ${response.status} ${await response.text()}`);
		this.cookie = (response.headers.get('set-cookie') ?? '').split(';')[0];
	}

	/**
	 * Fetch with the session cookie, retrying while routes are still being registered after
	 * readiness (404), and while a busy n8n drops the connection or reports its database not
	 * ready (seen on a loaded 2-core machine: ECONNRESET, 503).
	 */
	async request(pathname: string, init: RequestInit = {}): Promise<Response> {
		const headers = { ...(init.headers as Record<string, string>), ...(this.cookie ? { cookie: this.cookie } : {}) };
		for (let attempt = 0; ; attempt++) {
			let response: Response;
			try {
				response = await fetch(`http://127.0.0.1:${this.port}${pathname}`, { ...init, headers });
			} catch (error) {
				if (attempt >= 20) throw error;
				await sleep(1_000);
				continue;
			}
			// 503 "Database is not ready!": an overloaded machine timed out n8n's database ping.
			if ((response.status !== 404 && response.status !== 503) || attempt >= 60) return response;
			await sleep(500);
		}
	}

	async get(pathname: string): Promise<unknown> {
		const response = await this.request(pathname);
		if (!response.ok) throw new Error(`GET ${pathname}: HTTP ${response.status}`);
		return await response.json();
	}

	/** Reads rows from n8n's SQLite database with the sqlite3 module n8n itself ships, on n8n's Node. */
	async query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
		return await this.reader.query<T>(sql, params);
	}

	/** Ends the database reader's process. */
	closeReader(): void {
		this.reader.close();
	}

	/** n8n stores run data with `flatted`; parse it with n8n's own copy. */
	parseExecutionData(text: string): ExecutionData {
		const flatted = this.hostRequire(this.hostRequire.resolve('flatted', { paths: [this.hostN8nDir()] }));
		return flatted.parse(text) as ExecutionData;
	}

	/** Every saved execution of a workflow, oldest first, with its run data. */
	async executions(workflowId: string): Promise<Array<{ id: number; status: string; mode: string; createdAt: string; data: ExecutionData }>> {
		const rows = await this.query<{ id: number; status: string; mode: string; createdAt: string; data: string }>(
			`SELECT e.id, e.status, e.mode, e.createdAt, d.data FROM execution_entity e JOIN execution_data d ON d.executionId = e.id
			 WHERE e.workflowId = ? ORDER BY e.id`,
			[workflowId],
		);
		return rows.map((row) => ({ ...row, data: this.parseExecutionData(row.data) }));
	}

	async staticData(workflowId: string): Promise<Record<string, unknown> | null> {
		const rows = await this.query<{ staticData: string | null }>('SELECT staticData FROM workflow_entity WHERE id = ?', [workflowId]);
		const text = rows[0]?.staticData;
		return text ? (JSON.parse(text) as Record<string, unknown>) : null;
	}

	private hostN8nDir(): string {
		return path.join(path.dirname(this.bin), '..');
	}
}

export interface ExecutionData {
	resultData: {
		error?: { message?: string; description?: string };
		runData: Record<string, Array<{ data?: { main?: Array<Array<{ json: Record<string, unknown> }> | null> }; error?: { message?: string; description?: string } }>>;
	};
}

/**
 * The JSON document `n8n execute --rawOutput` prints. With N8N_LOG_FORMAT=json it is the `message`
 * of one JSON log line; with text logs it is a pretty-printed block among the log lines.
 */
export function extractJson(stdout: string): unknown {
	const lines = stdout.split('\n');
	for (const line of lines) {
		try {
			const entry = JSON.parse(line);
			const message = entry?.message;
			if (typeof message === 'string' && /^\s*[[{]/.test(message)) return JSON.parse(message);
		} catch {
			// not a JSON log line carrying the output
		}
	}
	for (let start = 0; start < lines.length; start++) {
		if (!/^[[{]/.test(lines[start])) continue;
		for (let end = lines.length; end > start; end--) {
			try {
				return JSON.parse(lines.slice(start, end).join('\n'));
			} catch {
				// keep shrinking
			}
		}
	}
	return undefined;
}

export function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

export function tempDir(prefix: string): string {
	return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}
