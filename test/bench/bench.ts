/**
 * `npm run bench`: each scenario through the package's node in n8n's real execution context, against
 * the simulators on loopback, next to its floor (the same requests with a bare undici request and
 * JSON.parse, keeping every event). For Get Many also the n8n-core minimum: a probe node that only
 * calls httpRequestWithAuthentication + JSON.parse per page (what any node pays inside n8n-core).
 * Each run is a fresh process, floor, core and node interleaved; the median of BENCH_RUNS (5) runs
 * is printed with the range of the per-run ratios, wall time and CPU time of the worker, and the
 * simulators' own CPU time during the measured phase (they run in this process).
 *
 *   Admin By Request Get Many (Return All), 100,000 events (pages of 10,000, the API's maximum take)
 *   VirusTotal Monitor Get Many (Return All), 20,000 events in pages of 40 (BENCH_VT_PAGE)
 *   Admin By Request Trigger: a 10,000-event catch-up poll, and idle polls
 *   Admin By Request Audit Log and Request Get Many (Return All), 20,000 entries (BENCH_ABR_ENTRIES):
 *   pages of 10,000 and of 1,000 (each list's maximum take)
 *   Admin By Request Trigger On "Audit Log Change" (1,000 entries through the delta feed) and
 *   "New Pending Request" (1,000 requests): a catch-up poll, and idle polls
 *
 * The simulators serve answers serialized and encoded in advance, and a first, uncounted round of
 * every side prepares them all, so the runs measure the client, not the simulator.
 */
import { fork } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';

import { AdminByRequestSimulator } from '../simulator/adminByRequestSimulator';
import { VirusTotalMonitorSimulator } from '../simulator/virusTotalMonitorSimulator';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const ABR_EVENTS = Number(process.env.BENCH_ABR_EVENTS ?? 100_000);
const VT_EVENTS = Number(process.env.BENCH_VT_EVENTS ?? 20_000);
/**
 * VT API v3 collections page with `limit` (default 10, at most 40); the Monitor events page documents
 * no `limit`, so the node sends none and the server decides. 40 is the largest page VT serves on v3
 * listings: the fewest requests a 20,000-event read can take. BENCH_VT_PAGE=10 models the default.
 */
const VT_PAGE = Number(process.env.BENCH_VT_PAGE ?? 40);
const CATCH_UP_EVENTS = 10_000;
/** Elevations: audit log entries, each a pending request too. */
const ABR_ENTRIES = Number(process.env.BENCH_ABR_ENTRIES ?? 20_000);
const CATCH_UP_CHANGES = 1_000;
const ABR_KEY = 'bench-key';
const VT_KEY = 'vt-bench-key';

interface Phase {
	ms: number;
	cpuMs: number;
	events: number;
	requests: number;
	runs: number;
	/** CPU time of this process (the simulators) while the phase ran, per run. */
	serverCpuMs: number;
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
	// The worker asks for the request count at the start and at the end of every phase: the CPU
	// this process used in between is the simulators' (and this bit of IPC).
	const marks: number[] = [];
	child.on('message', () => {
		const { user, system } = process.cpuUsage();
		marks.push((user + system) / 1000);
		child.send(requests());
	});
	let output = '';
	child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
	const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
	if (code !== 0) throw new Error(`${scenario} ${mode} exited with ${code}: ${output}`);
	const result = JSON.parse(output.trim().split('\n').pop() as string) as RunResult;
	Object.values(result.phases).forEach((phase, i) => {
		phase.serverCpuMs = (marks[2 * i + 1] - marks[2 * i]) / phase.runs;
	});
	return result;
}

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)];
}

interface Row {
	ms: number;
	cpuMs: number;
	serverCpuMs: number;
	events: number;
	requests: number;
	peak: number;
	growth: number;
}

function row(results: RunResult[], name: string): Row {
	return {
		ms: median(results.map((r) => r.phases[name].ms)),
		cpuMs: median(results.map((r) => r.phases[name].cpuMs)),
		serverCpuMs: median(results.map((r) => r.phases[name].serverCpuMs)),
		events: results[0].phases[name].events,
		requests: median(results.map((r) => r.phases[name].requests)),
		peak: median(results.map((r) => r.peakRssMb)),
		growth: median(results.map((r) => r.peakRssMb - r.rssBeforeMb)),
	};
}

/** Median and range of node/floor over runs taken side by side (run i of each). */
function pairedRatios(node: RunResult[], floor: RunResult[], name: string, key: 'ms' | 'cpuMs'): string {
	const ratios = node.map((r, i) => r.phases[name][key] / floor[i].phases[name][key]);
	return `${median(ratios).toFixed(2)}x (runs ${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}x)`;
}

function print(
	title: string,
	sides: Array<{ name: string; results: RunResult[] }>,
	phase: string,
	minimumRequests: number,
	memory: boolean,
): void {
	console.log(title);
	const floor = sides[0];
	for (const side of sides) {
		const r = row(side.results, phase);
		const time = r.ms.toFixed(r.ms < 10 ? 2 : 0).padStart(7);
		const cpu = r.cpuMs.toFixed(r.cpuMs < 10 ? 2 : 0).padStart(6);
		const rate = r.events > 0 ? `${Math.round((r.events / r.ms) * 1000).toLocaleString('en-US').padStart(9)} events/s` : ''.padStart(18);
		const mem = memory ? `  peak RSS ${r.peak.toFixed(0)} MB (+${r.growth.toFixed(0)} MB in the run)` : '';
		const server = `  simulator CPU ${r.serverCpuMs.toFixed(r.serverCpuMs < 10 ? 2 : 0)} ms`;
		console.log(`  ${side.name.padEnd(31)} ${time} ms (CPU ${cpu} ms)  ${rate}  ${r.requests} requests${mem}${server}`);
	}
	const f = row(floor.results, phase);
	for (const side of sides.slice(1)) {
		const r = row(side.results, phase);
		const memoryRatio = memory
			? `; memory: peak RSS ${(r.peak / f.peak).toFixed(2)}x, growth ${(r.growth / Math.max(1, f.growth)).toFixed(2)}x`
			: '';
		console.log(
			`  ${`${side.name.split(' ')[0]}/floor:`.padEnd(12)} time ${pairedRatios(side.results, floor.results, phase, 'ms')}, CPU ${pairedRatios(side.results, floor.results, phase, 'cpuMs')}${memoryRatio}; requests ${r.requests} (minimum ${minimumRequests})`,
		);
	}
}

async function main(): Promise<void> {
	const abr = new AdminByRequestSimulator({ apiKey: ABR_KEY, firstId: 1 });
	abr.addEvents(ABR_EVENTS);
	const abrUrl = await abr.start();
	const vt = new VirusTotalMonitorSimulator({ apiKey: VT_KEY, pageSize: VT_PAGE, prepareAnswers: true });
	for (let i = 0; i < VT_EVENTS; i++) vt.addEvent({ at: Date.now() - (VT_EVENTS - i) * 1000 });
	const vtUrl = await vt.start();
	const catchUpFrom = abr.events[abr.events.length - CATCH_UP_EVENTS].id;
	// Spread over the last days (the audit log lists 30 days by default), pending until decided.
	const since = Date.now() - 5 * 86_400_000;
	for (let i = 0; i < ABR_ENTRIES; i++) {
		abr.addElevation({ approvalRequired: true, status: 'Pending', schedule: [], at: since + i * 10_000 });
	}
	const { elevations } = abr.elevations;
	// The audit log trigger's catch-up: from just after the change of the entry before the last
	// 1,000 (ticks are odd, so +1 is no entry's), with that entry as the newest already known.
	const beforeChanges = elevations[elevations.length - CATCH_UP_CHANGES - 1];
	const auditCatchUp = `${beforeChanges.changeTick + 1n}:${beforeChanges.id}`;
	const pendingCatchUp = String(elevations[elevations.length - CATCH_UP_CHANGES].id);

	const abrCount = () => abr.requests.length;
	const vtCount = () => vt.requests.length;
	const scenarios = [
		{ name: 'abr-getmany', url: abrUrl, key: ABR_KEY, count: abrCount, extra: '', modes: ['floor', 'core', 'node'] },
		{ name: 'vt-getmany', url: vtUrl, key: VT_KEY, count: vtCount, extra: '', modes: ['floor', 'core', 'node'] },
		{ name: 'abr-trigger', url: abrUrl, key: ABR_KEY, count: abrCount, extra: String(catchUpFrom), modes: ['floor', 'node'] },
		{ name: 'abr-auditlog-getmany', url: abrUrl, key: ABR_KEY, count: abrCount, extra: '', modes: ['floor', 'node'] },
		{ name: 'abr-requests-getmany', url: abrUrl, key: ABR_KEY, count: abrCount, extra: '', modes: ['floor', 'node'] },
		{ name: 'abr-audit-trigger', url: abrUrl, key: ABR_KEY, count: abrCount, extra: auditCatchUp, modes: ['floor', 'node'] },
		{ name: 'abr-pending-trigger', url: abrUrl, key: ABR_KEY, count: abrCount, extra: pendingCatchUp, modes: ['floor', 'node'] },
	];
	const results: Record<string, RunResult[]> = {};
	// Round 0 is a warm-up, not counted: every side sends its own queries once, so the simulators
	// have all their answers prepared before any measured run.
	for (let i = 0; i <= RUNS; i++) {
		for (const s of scenarios) {
			// Rotate the order, so no side always runs first (or right after the same other side).
			const modes = s.modes.map((_, j) => s.modes[(i + j) % s.modes.length]);
			for (const mode of modes) {
				const result = await runWorker(s.name, mode, s.url, s.key, s.count, s.extra);
				if (i > 0) (results[`${s.name} ${mode}`] ??= []).push(result);
			}
		}
	}
	await Promise.all([abr.stop(), vt.stop()]);

	console.log(`median of ${RUNS} runs, each in a fresh process; floor, core and node interleaved`);
	console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, node ${process.version}, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
	const sides = (scenario: string, withCore: boolean) => [
		{ name: 'floor (undici + JSON.parse)', results: results[`${scenario} floor`] },
		...(withCore ? [{ name: 'core (n8n-core minimum)', results: results[`${scenario} core`] }] : []),
		{ name: 'node in n8n-core', results: results[`${scenario} node`] },
	];
	print(
		`Admin By Request Get Many (Return All), ${ABR_EVENTS.toLocaleString('en-US')} events`,
		sides('abr-getmany', true),
		'run',
		Math.floor(ABR_EVENTS / 10_000) + 1,
		true,
	);
	print(
		`VirusTotal Monitor Get Many (Return All), ${VT_EVENTS.toLocaleString('en-US')} events, pages of ${VT_PAGE}`,
		sides('vt-getmany', true),
		'run',
		Math.ceil(VT_EVENTS / VT_PAGE),
		true,
	);
	print(
		`Admin By Request Trigger, catch-up poll of ${CATCH_UP_EVENTS.toLocaleString('en-US')} events (Max Events Per Poll 10,000)`,
		sides('abr-trigger', false),
		'catchUp',
		1,
		false,
	);
	const idlePolls = results['abr-trigger node'][0].phases.idle.runs;
	print(
		`Admin By Request Trigger, idle poll (nothing new), per poll, mean of ${idlePolls} polls`,
		sides('abr-trigger', false),
		'idle',
		1,
		false,
	);
	const entries = ABR_ENTRIES.toLocaleString('en-US');
	print(`Admin By Request Audit Log Get Many (Return All), ${entries} entries`, sides('abr-auditlog-getmany', false), 'run', Math.floor(ABR_ENTRIES / 10_000) + 1, true);
	print(`Admin By Request Request Get Many (Return All), ${entries} requests, pages of 1,000`, sides('abr-requests-getmany', false), 'run', Math.floor(ABR_ENTRIES / 1_000) + 1, true);
	const changes = CATCH_UP_CHANGES.toLocaleString('en-US');
	print(`Admin By Request Trigger On Audit Log Change, catch-up poll of ${changes} entries`, sides('abr-audit-trigger', false), 'catchUp', 1, false);
	print(`Admin By Request Trigger On Audit Log Change, idle poll, per poll, mean of ${idlePolls} polls`, sides('abr-audit-trigger', false), 'idle', 1, false);
	print(`Admin By Request Trigger On New Pending Request, catch-up poll of ${changes} requests`, sides('abr-pending-trigger', false), 'catchUp', 2, false);
	print(`Admin By Request Trigger On New Pending Request, idle poll, per poll, mean of ${idlePolls} polls`, sides('abr-pending-trigger', false), 'idle', 1, false);
	console.log('core: a probe node calling only httpRequestWithAuthentication + JSON.parse per page (test/bench/probeNode.ts)');
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
