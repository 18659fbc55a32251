/**
 * `npm run bench`: Get Many with Return All through the node in n8n's real execution context,
 * against the simulator on loopback, next to the floor (the same pages with a bare undici request
 * and JSON.parse). Each run is a fresh process; the median of three is printed.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import os from 'node:os';
import path from 'node:path';

import { AdminByRequestSimulator } from '../simulator/adminByRequestSimulator';

const RUNS = 3;
const ABR_EVENTS = Number(process.env.BENCH_ABR_EVENTS ?? 100_000);
const KEY = 'bench-key';

interface RunResult {
	ms: number;
	events: number;
	rssBeforeMb: number;
	peakRssMb: number;
	requests: number;
}

async function runWorker(mode: string, baseUrl: string, sim: AdminByRequestSimulator): Promise<RunResult> {
	const before = sim.requests.length;
	// Asynchronous, so this process's simulator keeps serving the worker.
	const { stdout: output } = await promisify(execFile)(
		process.execPath,
		['--expose-gc', '-r', 'ts-node/register/transpile-only', path.join(__dirname, 'benchWorker.ts'), mode, baseUrl, KEY],
		{ encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
	);
	const line = output.trim().split('\n').pop() as string;
	return { ...(JSON.parse(line) as Omit<RunResult, 'requests'>), requests: sim.requests.length - before };
}

function median(results: RunResult[], key: keyof RunResult): number {
	const sorted = results.map((r) => r[key]).sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)];
}

async function main(): Promise<void> {
	const sim = new AdminByRequestSimulator({ apiKey: KEY, firstId: 1 });
	sim.addEvents(ABR_EVENTS);
	const baseUrl = await sim.start();
	const results: Record<string, RunResult[]> = { floor: [], node: [] };
	for (let i = 0; i < RUNS; i++) {
		for (const mode of ['floor', 'node']) results[mode].push(await runWorker(mode, baseUrl, sim));
	}
	await sim.stop();

	const row = (mode: string) => ({
		ms: median(results[mode], 'ms'),
		events: results[mode][0].events,
		requests: results[mode][0].requests,
		peak: median(results[mode], 'peakRssMb'),
		growth: median(results[mode], 'peakRssMb') - median(results[mode], 'rssBeforeMb'),
	});
	const floor = row('floor');
	const node = row('node');
	const minimumRequests = Math.floor(ABR_EVENTS / 10_000) + 1;
	console.log(`Admin By Request Get Many (Return All), ${ABR_EVENTS.toLocaleString('en-US')} events, median of ${RUNS}`);
	console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, node ${process.version}`);
	for (const [name, r] of [['floor (undici + JSON.parse)', floor], ['node in WorkflowExecute', node]] as const) {
		console.log(
			`  ${name.padEnd(28)} ${r.ms.toFixed(0).padStart(6)} ms  ${Math.round((r.events / r.ms) * 1000).toLocaleString('en-US').padStart(9)} events/s  ${r.requests} requests  peak RSS ${r.peak.toFixed(0)} MB (+${r.growth.toFixed(0)} MB during the run)`,
		);
	}
	console.log(`  ratio node/floor: time ${(node.ms / floor.ms).toFixed(2)}x, memory growth ${(node.growth / Math.max(1, floor.growth)).toFixed(2)}x; minimum requests ${minimumRequests}`);
}

void main();
