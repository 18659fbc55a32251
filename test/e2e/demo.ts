/**
 * `npm start`: the demo. Both API simulators with a steady trickle of events, and a real n8n on
 * http://localhost:5678 with this package installed from its tarball as a community package,
 * credentials pointing at the simulators, and the example workflows imported and active.
 *
 * Env: N8N_DEMO_VERSION (default DEFAULT_N8N_VERSION, 2.41.3; 2.8.4 for the older line on Node 20), N8N_DEMO_PORT (5678), N8N_DEMO_EVERY (seconds between
 * events, 5), N8N_HOST_CACHE (where n8n is installed on first use).
 *
 * The startup itself is `Demo` / `startDemo()`, also used by `npm run screenshots` (on free ports,
 * in its own user folder, so it does not clash with a running `npm start`).
 */
import fs from 'node:fs';
import path from 'node:path';
import { AdminByRequestSimulator, type AbrEvent } from '../simulator/adminByRequestSimulator';
import { VirusTotalMonitorSimulator, type VtEvent } from '../simulator/virusTotalMonitorSimulator';
import { DEFAULT_N8N_VERSION, N8n, PACKAGE_NAME, ROOT, ensureN8n, freePort, packPackage } from './n8n';
import { exampleCredentials, exampleWorkflows } from './workflows';

export const DEMO_OWNER = { email: 'demo@example.com', firstName: 'Demo', lastName: 'User', password: 'Demo-n8n-2026' };

export interface DemoOptions {
	/** n8n release (default DEFAULT_N8N_VERSION). */
	version?: string;
	/** n8n's port (default 5678; 0 = a free one). */
	port?: number;
	/** Simulator ports (default 8801 and 8802; 0 = free ones). */
	abrPort?: number;
	vtPort?: number;
	/** n8n's listen address (default 127.0.0.1: the demo's password is printed in the README; '' = all interfaces). */
	listenAddress?: string;
	/** Seconds between new simulator events (default 5; 0 = none). */
	everySeconds?: number;
	/** n8n user folder, recreated on each start (default .cache/demo-n8n). */
	userFolder?: string;
	/** Progress lines (default console.log). */
	log?: (line: string) => void;
	/** Called for each event the trickle adds. */
	onEvent?: (abr: AbrEvent, vt: VtEvent) => void;
}

export interface DemoWorkflow {
	id: string;
	name: string;
}

/** The demo: simulators and a real n8n. `stop()` may be called at any time, also during `start()`. */
export class Demo {
	readonly version: string;
	readonly userFolder: string;
	readonly owner = DEMO_OWNER;
	readonly abr: AdminByRequestSimulator;
	readonly vt: VirusTotalMonitorSimulator;
	n8n?: N8n;
	/** e.g. http://localhost:5678 */
	n8nUrl = '';
	abrUrl = '';
	vtUrl = '';
	workflows: DemoWorkflow[] = [];
	private timer?: NodeJS.Timeout;
	private stopping?: Promise<void>;
	private readonly log: (line: string) => void;

	constructor(readonly options: DemoOptions = {}) {
		this.version = options.version ?? DEFAULT_N8N_VERSION;
		this.userFolder = options.userFolder ?? path.join(ROOT, '.cache', 'demo-n8n');
		this.log = options.log ?? ((line) => console.log(line));
		this.abr = new AdminByRequestSimulator({ apiKey: 'abr-demo-key', seed: Date.now() % 100_000 });
		for (let hoursAgo = 72; hoursAgo > 0; hoursAgo -= 2) {
			this.abr.addEvent({ at: Date.now() - hoursAgo * 3_600_000 });
			// Elevations too, for the audit log and the requests (all decided by now, as the simulator's schedule has it).
			this.abr.addElevation({ at: Date.now() - hoursAgo * 3_600_000 });
		}
		this.vt = new VirusTotalMonitorSimulator({ apiKey: 'vt-demo-key', seed: Date.now() % 100_000 });
		for (let hoursAgo = 72; hoursAgo > 0; hoursAgo -= 3) this.vt.addEvent({ at: Date.now() - hoursAgo * 3_600_000 });
	}

	get stopped(): boolean {
		return this.stopping !== undefined;
	}

	async start(): Promise<this> {
		const { options } = this;
		const bin = await ensureN8n(this.version);
		this.assertRunning();
		fs.rmSync(this.userFolder, { recursive: true, force: true });
		fs.mkdirSync(this.userFolder, { recursive: true });

		this.abrUrl = await this.abr.start(options.abrPort ?? 8801);
		this.vtUrl = await this.vt.start(options.vtPort ?? 8802);
		const port = options.port === 0 ? await freePort() : (options.port ?? 5678);
		this.n8nUrl = `http://localhost:${port}`;
		const n8n = new N8n(bin, this.userFolder, port, await freePort(), {
			N8N_LOG_FORMAT: 'text',
			N8N_LISTEN_ADDRESS: options.listenAddress ?? '127.0.0.1',
			// Schedules (the daily report's 08:00) in this machine's time zone, not n8n's default New York.
			GENERIC_TIMEZONE: Intl.DateTimeFormat().resolvedOptions().timeZone,
		});
		this.n8n = n8n;

		const tarball = await packPackage(path.join(this.userFolder, 'pack'));
		await n8n.installPackage(tarball);
		this.assertRunning();
		// The example workflows name these credential ids: the demo's copies point at the simulators.
		await n8n.importCredentials(exampleCredentials(this.abrUrl, this.abr.apiKey, this.vtUrl, this.vt.apiKey));
		const workflows = exampleWorkflows();
		this.workflows = workflows.map(({ id, name }) => ({ id, name }));
		await n8n.importWorkflows(workflows);
		const major = Number(this.version.split('.')[0]);
		for (const workflow of this.workflows) await n8n.activate(major, workflow.id);
		this.assertRunning();

		const logPath = path.join(this.userFolder, 'n8n.log');
		this.log(`Starting n8n ${this.version} (log: ${logPath})...`);
		await n8n.start();
		const logFile = fs.createWriteStream(logPath);
		logFile.write(n8n.serverLog);
		n8n.onLog = (chunk) => logFile.write(chunk);
		await n8n.setupOwner(this.owner).catch((error: Error) => this.log(`(${error.message}: create the owner account in the browser)`));

		const every = options.everySeconds ?? 5;
		if (every > 0) {
			this.timer = setInterval(() => {
				const a = this.abr.addEvent();
				const v = this.vt.addEvent();
				options.onEvent?.(a, v);
			}, every * 1000);
		}
		return this;
	}

	/** Stops n8n (graceful, as Ctrl-C would) and the simulators; idempotent. */
	async stop(): Promise<void> {
		this.stopping ??= (async () => {
			if (this.timer) clearInterval(this.timer);
			await this.n8n?.stop();
			await Promise.all([this.abr.stop(), this.vt.stop()]);
		})();
		await this.stopping;
	}

	private assertRunning(): void {
		if (this.stopped) throw new Error('demo stopped while starting');
	}
}

/** Starts the demo; on failure stops whatever had started and rethrows. */
export async function startDemo(options: DemoOptions = {}): Promise<Demo> {
	const demo = new Demo(options);
	try {
		return await demo.start();
	} catch (error) {
		await demo.stop();
		throw error;
	}
}

async function main(): Promise<void> {
	const everySeconds = Number(process.env.N8N_DEMO_EVERY ?? 5);
	const demo = new Demo({
		version: process.env.N8N_DEMO_VERSION || DEFAULT_N8N_VERSION,
		port: Number(process.env.N8N_DEMO_PORT ?? 5678),
		abrPort: Number(process.env.ABR_SIM_PORT ?? 8801),
		vtPort: Number(process.env.VT_SIM_PORT ?? 8802),
		everySeconds,
		onEvent: (a, v) => console.log(`+ ABR event ${a.id} code ${a.eventCode} level ${a.eventLevel} on ${a.computerName}; VT ${v.action} level ${v.level}`),
	});
	let exiting = false;
	const stop = async (code: number) => {
		if (exiting) return;
		exiting = true;
		console.log('\nStopping n8n and the simulators...');
		await demo.stop();
		console.log('Stopped.');
		process.exit(code);
	};
	// Ctrl-C, and `kill` of `npm start` itself: npm passes SIGTERM on to this process, which its
	// script starts with `exec` so that no shell stands in between and swallows it.
	process.on('SIGINT', () => void stop(0));
	process.on('SIGTERM', () => void stop(0));

	try {
		await demo.start();
	} catch (error) {
		if (exiting) return;
		console.error((error as Error).message);
		await stop(1);
		return;
	}
	console.log(`
n8n ${demo.version} is running with ${PACKAGE_NAME} installed as a community package.

  Open      ${demo.n8nUrl}
  Sign in   ${demo.owner.email} / ${demo.owner.password}

Active example workflows (open Executions to see them run):
${demo.workflows.map((w) => `  - ${w.name}`).join('\n')}
  The two triggers poll every minute; the daily report runs at 08:00 (${Intl.DateTimeFormat().resolvedOptions().timeZone}),
  or open it and click "Execute workflow" to run it now.

Simulators (a new event on each every ${everySeconds} s):
  Admin By Request    ${demo.abrUrl}  (credential "Admin By Request account", API key ${demo.abr.apiKey})
  VirusTotal Monitor  ${demo.vtUrl}  (credential "VirusTotal Monitor account", API key ${demo.vt.apiKey})

Ctrl-C stops everything, and so does \`kill\` of this process (${process.pid}) or of npm start.
`);
}

if (require.main === module) void main();
