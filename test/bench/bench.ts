/**
 * `npm run bench`: each scenario through the package's node in n8n's real execution context, against
 * the simulators on loopback, next to its floor (the same requests with a bare undici request and
 * JSON.parse, keeping every event). Each run is a fresh process; the median of three is printed.
 *
 *   Admin By Request Get Many (Return All), 100,000 events (pages of 10,000, the API's maximum take)
 *   VirusTotal Monitor Get Many (Return All), 20,000 events in pages of 40 (BENCH_VT_PAGE)
 *   Admin By Request Trigger: a 10,000-event catch-up poll, and idle polls
 *
 * The simulators serve answers serialized in advance and are walked once before measuring, so the
 * runs measure the client, not the simulator.
 */
import { fork } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { request } from 'undici';

import { AdminByRequestSimulator } from '../simulator/adminByRequestSimulator';
import { VirusTotalMonitorSimulator } from '../simulator/virusTotalMonitorSimulator';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const ABR_EVENTS = Number(process.env.BENCH_ABR_EVENTS ?? 100_000);
const VT_EVENTS = Number(process.env.BENCH_VT_EVENTS ?? 20_000);
/**
 * VT API v3 collections page with `limit` (default 10, at most 40); the Monitor events page documents
 * no `limit`, so the node sends none and the server decides. 40 is the largest page VT serves on v3
 * listings: the fewest requests a 20,000-event read can take. BENCH_VT_PAGE=10 models the default.
 */
const VT_PAGE = Number(process.env.BENCH_VT_PAGE ?? 40);
const CATCH_UP_EVENTS = 10_000;
const ABR_KEY = 'bench-key';
const VT_KEY = 'vt-bench-key';

interface Phase {
	ms: number;
	events: number;
	requests: number;
	runs: number;
}

interface RunResult {
	phases: Record<string, Phase>;
	rssBeforeMb: number;
	peakRssMb: number;
}

/** One worker process; answers its request-count questions from the simulator it is measured against. */
async function runWorker(
	scenario: string,
	mode: string,
	baseUrl: string,
	key: string,
	requests: () => number,
	extra = '',
): Promise<RunResult> {
	const child = fork(path.join(__dirname, 'benchWorker.ts'), [scenario, mode, baseUrl, key, extra], {
		execArgv: ['--expose-gc', '-r', 'ts-node/register/transpile-only'],
		stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
	});
	child.on('message', () => child.send(requests()));
	let output = '';
	child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
	const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
	if (code !== 0) throw new Error(`${scenario} ${mode} exited with ${code}: ${output}`);
	return JSON.parse(output.trim().split('\n').pop() as string) as RunResult;
}

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)];
}

interface Row {
	ms: number;
	events: number;
	requests: number;
	peak: number;
	growth: number;
}

function row(results: RunResult[], name: string): Row {
	return {
		ms: median(results.map((r) => r.phases[name].ms)),
		events: results[0].phases[name].events,
		requests: median(results.map((r) => r.phases[name].requests)),
		peak: median(results.map((r) => r.peakRssMb)),
		growth: median(results.map((r) => r.peakRssMb - r.rssBeforeMb)),
	};
}

function print(title: string, floor: Row, node: Row, minimumRequests: number, memory: boolean): void {
	console.log(title);
	for (const [name, r] of [['floor (undici + JSON.parse)', floor], ['node in n8n-core', node]] as const) {
		const rate = r.events > 0 ? `${Math.round((r.events / r.ms) * 1000).toLocaleString('en-US').padStart(9)} events/s` : ''.padStart(18);
		const mem = memory ? `  peak RSS ${r.peak.toFixed(0)} MB (+${r.growth.toFixed(0)} MB during the run)` : '';
		console.log(
			`  ${name.padEnd(28)} ${r.ms.toFixed(r.ms < 10 ? 2 : 0).padStart(7)} ms  ${rate}  ${r.requests} requests${mem}`,
		);
	}
	const memoryRatio = memory ? `, memory growth ${(node.growth / Math.max(1, floor.growth)).toFixed(2)}x` : '';
	console.log(
		`  ratio node/floor: time ${(node.ms / floor.ms).toFixed(2)}x${memoryRatio}; requests ${node.requests} (minimum ${minimumRequests})`,
	);
}

/** Reads every page once, so the simulators have serialized their answers before the clock runs. */
async function warmUp(abrUrl: string, vtUrl: string, catchUpFrom: number, newestId: number): Promise<void> {
	const get = async (url: string, headers: Record<string, string>) =>
		JSON.parse(await (await request(url, { headers })).body.text()) as unknown;
	for (let startId: number | undefined; ; ) {
		const page = (await get(`${abrUrl}/events?take=10000${startId === undefined ? '' : `&startid=${startId}`}`, {
			apikey: ABR_KEY,
		})) as Array<{ id: number }>;
		if (page.length < 10_000) break;
		startId = page[page.length - 1].id + 1;
	}
	for (const startId of [catchUpFrom, newestId + 1]) {
		await get(`${abrUrl}/events?startid=${startId}&take=10000`, { apikey: ABR_KEY });
	}
	let next = '';
	do {
		const body = (await get(`${vtUrl}/monitor/events${next}`, { 'x-apikey': VT_KEY })) as {
			meta?: { cursor: string; job_id: string };
		};
		next = body.meta ? `?cursor=${encodeURIComponent(body.meta.cursor)}&job_id=${body.meta.job_id}` : '';
	} while (next);
}

async function main(): Promise<void> {
	const abr = new AdminByRequestSimulator({ apiKey: ABR_KEY, firstId: 1 });
	abr.addEvents(ABR_EVENTS);
	const abrUrl = await abr.start();
	const vt = new VirusTotalMonitorSimulator({ apiKey: VT_KEY, pageSize: VT_PAGE, prepareAnswers: true });
	for (let i = 0; i < VT_EVENTS; i++) vt.addEvent({ at: Date.now() - (VT_EVENTS - i) * 1000 });
	const vtUrl = await vt.start();
	const catchUpFrom = abr.events[abr.events.length - CATCH_UP_EVENTS].id;
	const newestId = abr.events[abr.events.length - 1].id;
	await warmUp(abrUrl, vtUrl, catchUpFrom, newestId);

	const abrCount = () => abr.requests.length;
	const vtCount = () => vt.requests.length;
	const scenarios = [
		{ name: 'abr-getmany', url: abrUrl, key: ABR_KEY, count: abrCount, extra: '' },
		{ name: 'vt-getmany', url: vtUrl, key: VT_KEY, count: vtCount, extra: '' },
		{ name: 'abr-trigger', url: abrUrl, key: ABR_KEY, count: abrCount, extra: String(catchUpFrom) },
	];
	const results: Record<string, RunResult[]> = {};
	for (let i = 0; i < RUNS; i++) {
		for (const s of scenarios) {
			for (const mode of ['floor', 'node']) {
				(results[`${s.name} ${mode}`] ??= []).push(await runWorker(s.name, mode, s.url, s.key, s.count, s.extra));
			}
		}
	}
	await Promise.all([abr.stop(), vt.stop()]);

	console.log(`median of ${RUNS} runs, each in a fresh process`);
	console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, node ${process.version}`);
	const pair = (scenario: string, phase: string) =>
		[row(results[`${scenario} floor`], phase), row(results[`${scenario} node`], phase)] as const;
	print(
		`Admin By Request Get Many (Return All), ${ABR_EVENTS.toLocaleString('en-US')} events`,
		...pair('abr-getmany', 'run'),
		Math.floor(ABR_EVENTS / 10_000) + 1,
		true,
	);
	print(
		`VirusTotal Monitor Get Many (Return All), ${VT_EVENTS.toLocaleString('en-US')} events, pages of ${VT_PAGE}`,
		...pair('vt-getmany', 'run'),
		Math.ceil(VT_EVENTS / VT_PAGE),
		true,
	);
	print(
		`Admin By Request Trigger, catch-up poll of ${CATCH_UP_EVENTS.toLocaleString('en-US')} events (Max Events Per Poll 10,000)`,
		...pair('abr-trigger', 'catchUp'),
		1,
		false,
	);
	const idle = pair('abr-trigger', 'idle');
	const idlePolls = results['abr-trigger node'][0].phases.idle.runs;
	print(`Admin By Request Trigger, idle poll (nothing new), per poll, mean of ${idlePolls} polls`, ...idle, 1, false);
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
