/**
 * `npm run bench:n8n`: the peer a user would pick instead, inside a real n8n.
 *
 * A fresh n8n user folder (n8n BENCH_N8N_VERSION, default 2.41.3, the older line 2.8.4, installed into the cache on first
 * use), this package installed from its `npm pack` tarball, the Admin By Request simulator on
 * loopback with 100,000 events, and three workflows, each run with `n8n execute`:
 *
 *   peer  n8n's own HTTP Request node (the version n8n offers by default) with its Pagination option:
 *         GET /events?take=10000 with the `apikey` header, then `startid` = last id + 1 from
 *         `$response.body`, complete when a page is short (or empty)
 *   code  n8n's Code node (its default version, JavaScript, Run Once for All Items) paging as a user
 *         would write it: `this.helpers.httpRequest` GET /events with take and startid (1, then
 *         last id + 1) and the `apikey` header, `{ json: event }` per event, until a short page.
 *         In n8n 2.x the code runs in the task runner (a child process); there `this.helpers.httpRequest`
 *         is an RPC to the n8n process, which makes the request and sends the parsed page back over
 *         the runner's websocket, and the items go back the same way. `n8n execute` starts the
 *         runner without waiting for it, so the Code node's time also holds some of the runner's
 *         start (about 0.4 s here), which a long-running n8n has already paid
 *   ours  this package's Admin By Request node, Get Many with Return All
 *
 * Each node's own execution time is n8n's (runData[node][0].executionTime), so n8n's start-up,
 * the database and printing the result are not counted. Each must output 100,000 items with the
 * minimum of requests. The three workflows run interleaved, in an order that rotates each round,
 * BENCH_N8N_RUNS times (default 5) after one untimed warm-up round; the medians are printed with
 * the spread, and for peer/ours and code/ours the median and range of the per-round ratios. Env: BENCH_N8N_EVENTS (100000), BENCH_N8N_KEEP=1 keeps
 * the user folder, BENCH_N8N_NODE_FLAGS adds node flags to `n8n execute` (--cpu-prof, --trace-gc).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { AdminByRequestSimulator } from '../simulator/adminByRequestSimulator';
import { DEFAULT_N8N_VERSION, N8n, PACKAGE_NAME, ensureN8n, freePort, packPackage, tempDir } from '../e2e/n8n';

const VERSION = process.env.BENCH_N8N_VERSION || DEFAULT_N8N_VERSION;
const RUNS = Number(process.env.BENCH_N8N_RUNS ?? 5);
const EVENTS = Number(process.env.BENCH_N8N_EVENTS ?? 100_000);
const TAKE = 10_000;
const KEY = 'abr-bench-n8n-key';
const CREDENTIAL_ID = 'benchAbrCredenti';
/** Extra flags for the node process that runs `n8n execute`, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`. */
const NODE_FLAGS = (process.env.BENCH_N8N_NODE_FLAGS ?? '').split(' ').filter(Boolean);
const PEER = { workflowId: 'benchPeerHttpReq', node: 'HTTP Request' };
const CODE = { workflowId: 'benchCodeHelpers', node: 'Code' };
const OURS = { workflowId: 'benchOursAbrNode', node: 'Admin By Request' };
const CONTENDERS = { peer: PEER, code: CODE, ours: OURS };
type Contender = keyof typeof CONTENDERS;

function log(line: string): void {
	console.log(`[bench:n8n ${new Date().toISOString().slice(11, 19)}] ${line}`);
}

function manualThen(id: string, name: string, node: Record<string, unknown>) {
	const start = {
		id: '00000000-0000-4000-8000-000000000001',
		name: 'Start',
		type: 'n8n-nodes-base.manualTrigger',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
	return {
		id,
		name,
		active: false,
		nodes: [start, { id: '00000000-0000-4000-8000-000000000002', position: [220, 0], ...node }],
		connections: { Start: { main: [[{ node: node.name, type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
		pinData: {},
	};
}

/** n8n's HTTP Request node as n8n 2.x adds it (typeVersion 4.4), paging by `startid`. */
function peerWorkflow(abrUrl: string, typeVersion: number) {
	return manualThen(PEER.workflowId, 'bench: HTTP Request node with pagination', {
		name: PEER.node,
		type: 'n8n-nodes-base.httpRequest',
		typeVersion,
		parameters: {
			url: `${abrUrl}/events`,
			sendQuery: true,
			queryParameters: { parameters: [{ name: 'take', value: String(TAKE) }] },
			sendHeaders: true,
			headerParameters: { parameters: [{ name: 'apikey', value: KEY }] },
			options: {
				pagination: {
					pagination: {
						paginationMode: 'updateAParameterInEachRequest',
						parameters: {
							parameters: [
								{ type: 'qs', name: 'startid', value: '={{ $response.body[$response.body.length - 1].id + 1 }}' },
							],
						},
						paginationCompleteWhen: 'other',
						completeExpression: `={{ $response.body.length < ${TAKE} }}`,
					},
				},
			},
		},
	});
}

/** n8n's Code node, paging with `this.helpers.httpRequest` as a user would write it. */
function codeWorkflow(abrUrl: string, typeVersion: number) {
	const jsCode = [
		'const items = [];',
		'let startid = 1;',
		'for (;;) {',
		'\tconst page = await this.helpers.httpRequest({',
		"\t\tmethod: 'GET',",
		`\t\turl: '${abrUrl}/events',`,
		`\t\tqs: { take: ${TAKE}, startid },`,
		`\t\theaders: { apikey: '${KEY}' },`,
		'\t\tjson: true,',
		'\t});',
		'\tfor (const event of page) items.push({ json: event });',
		`\tif (page.length < ${TAKE}) break;`,
		'\tstartid = page[page.length - 1].id + 1;',
		'}',
		'return items;',
	].join('\n');
	return manualThen(CODE.workflowId, 'bench: Code node paging with this.helpers.httpRequest', {
		name: CODE.node,
		type: 'n8n-nodes-base.code',
		typeVersion,
		parameters: { mode: 'runOnceForAllItems', language: 'javaScript', jsCode },
	});
}

function oursWorkflow() {
	return manualThen(OURS.workflowId, 'bench: Admin By Request Get Many', {
		name: OURS.node,
		type: `${PACKAGE_NAME}.adminByRequest`,
		typeVersion: 1,
		parameters: { resource: 'event', operation: 'getAll', returnAll: true, filters: {}, options: {} },
		credentials: { adminByRequestApi: { id: CREDENTIAL_ID, name: 'Admin By Request (bench)' } },
	});
}

/** The version of a built-in node (HttpRequest, Code) a new node gets in this n8n (its `defaultVersion`). */
function defaultNodeVersion(bin: string, node: string): number {
	const file = path.join(path.dirname(bin), '..', '..', 'n8n-nodes-base', 'dist', 'nodes', node, `${node}.node.js`);
	const match = /defaultVersion:\s*([\d.]+)/.exec(fs.readFileSync(file, 'utf8'));
	if (!match) throw new Error(`no defaultVersion in ${file}`);
	return Number(match[1]);
}

interface NodeRun {
	ms: number;
	items: number;
	requests: number;
	wallMs: number;
}

/**
 * `n8n execute --id` with its output streamed to a file (100,000 items printed as JSON are more
 * than a pipe buffer should hold), then the node's run read from the printed result.
 */
async function execute(n8n: N8n, workflowId: string, node: string, sim: AdminByRequestSimulator): Promise<NodeRun> {
	const outFile = path.join(n8n.userFolder, `execute-${workflowId}-${Date.now()}.out`);
	const out = fs.openSync(outFile, 'w');
	const requestsBefore = sim.requests.length;
	const started = Date.now();
	const code = await new Promise<number | null>((resolve, reject) => {
		const child = spawn(n8n.node, [...NODE_FLAGS, n8n.bin, 'execute', `--id=${workflowId}`, '--rawOutput'], {
			env: n8n.env,
			cwd: n8n.userFolder,
			stdio: ['ignore', out, out],
		});
		child.on('error', reject);
		child.on('exit', resolve);
	});
	fs.closeSync(out);
	const wallMs = Date.now() - started;
	const text = fs.readFileSync(outFile, 'utf8');
	const result = printedResult(text);
	if (result !== undefined && !process.env.BENCH_N8N_KEEP) fs.rmSync(outFile);
	const run = (result as { data?: { resultData?: { runData?: Record<string, Array<Record<string, unknown>>> } } } | undefined)
		?.data?.resultData?.runData?.[node]?.[0] as
		| { executionTime: number; data?: { main?: unknown[][] }; error?: { message?: string } }
		| undefined;
	if (code !== 0 || !run || run.error) {
		throw new Error(`n8n execute ${workflowId} failed (exit ${code}, output in ${outFile}): ${run?.error?.message ?? text.slice(-3000)}`);
	}
	return {
		ms: run.executionTime,
		items: run.data?.main?.[0]?.length ?? 0,
		requests: sim.requests.length - requestsBefore,
		wallMs,
	};
}

/** The pretty-printed JSON document among text log lines: from its first `{` line to its last `}` line. */
function printedResult(text: string): unknown {
	const lines = text.split('\n');
	const first = lines.findIndex((line) => line === '{');
	let last = -1;
	for (let i = lines.length - 1; i > first; i--) {
		if (lines[i] === '}') {
			last = i;
			break;
		}
	}
	if (first === -1 || last === -1) return undefined;
	try {
		return JSON.parse(lines.slice(first, last + 1).join('\n'));
	} catch {
		return undefined;
	}
}

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)];
}

async function main(): Promise<void> {
	const host = await ensureN8n(VERSION);
	const bin = host.bin;
	const httpRequestVersion = defaultNodeVersion(bin, 'HttpRequest');
	const codeVersion = defaultNodeVersion(bin, 'Code');
	const userFolder = tempDir('n8n-bench-');
	const n8n = new N8n(host, userFolder, await freePort(), await freePort(), {
		// Text logs, so the result is printed as plain JSON; no execution is saved to the database.
		N8N_LOG_FORMAT: 'text',
		N8N_LOG_LEVEL: 'info',
		EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'none',
		EXECUTIONS_DATA_SAVE_MANUAL_EXECUTIONS: 'false',
	});
	const sim = new AdminByRequestSimulator({ apiKey: KEY, firstId: 1 });
	sim.addEvents(EVENTS);
	const abrUrl = await sim.start();
	log(`n8n ${VERSION} (HTTP Request node v${httpRequestVersion}, Code node v${codeVersion}), user folder ${userFolder}`);
	log(`Admin By Request simulator at ${abrUrl} with ${EVENTS.toLocaleString('en-US')} events`);

	try {
		const tarball = await packPackage(path.join(userFolder, 'pack'));
		await n8n.installPackage(tarball);
		await n8n.importCredentials([
			{ id: CREDENTIAL_ID, name: 'Admin By Request (bench)', type: 'adminByRequestApi', data: { apiKey: KEY, dataCenter: 'custom', baseUrl: abrUrl } },
		]);
		await n8n.importWorkflows([peerWorkflow(abrUrl, httpRequestVersion), codeWorkflow(abrUrl, codeVersion), oursWorkflow()]);
		log('package installed from its tarball, credential and the three workflows imported');

		const minimumRequests = Math.floor(EVENTS / TAKE) + 1;
		const results: Record<Contender, NodeRun[]> = { peer: [], code: [], ours: [] };
		const contenders = Object.keys(CONTENDERS) as Contender[];
		for (let round = 0; round <= RUNS; round++) {
			// Rotate the order, so none always runs on a machine another has just warmed.
			const order = contenders.map((_, i) => contenders[(i + round) % contenders.length]);
			for (const which of order) {
				const target = CONTENDERS[which];
				const run = await execute(n8n, target.workflowId, target.node, sim);
				if (run.items !== EVENTS) throw new Error(`${target.node}: ${run.items} items, expected ${EVENTS}`);
				if (run.requests !== minimumRequests) {
					throw new Error(`${target.node}: ${run.requests} requests, expected ${minimumRequests}`);
				}
				const label = round === 0 ? 'warm-up (not counted)' : `run ${round}`;
				log(`${label.padEnd(22)} ${target.node.padEnd(17)} ${String(run.ms).padStart(6)} ms  ${run.items} items  ${run.requests} requests  (n8n execute took ${(run.wallMs / 1000).toFixed(1)} s)`);
				if (round > 0) results[which].push(run);
			}
		}

		const peer = median(results.peer.map((r) => r.ms));
		const code = median(results.code.map((r) => r.ms));
		const ours = median(results.ours.map((r) => r.ms));
		const spread = (runs: NodeRun[]) => `${Math.min(...runs.map((r) => r.ms))}–${Math.max(...runs.map((r) => r.ms))} ms`;
		const rate = (ms: number) => `${Math.round((EVENTS / ms) * 1000).toLocaleString('en-US')} events/s`;
		console.log('');
		console.log(`Admin By Request, ${EVENTS.toLocaleString('en-US')} events in pages of ${TAKE.toLocaleString('en-US')}, inside n8n ${VERSION} (\`n8n execute\`), median of ${RUNS} runs`);
		console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, node ${process.version}, ${os.platform()} ${os.release()}`);
		const line = (name: string, ms: number, runs: NodeRun[]) =>
			console.log(`  ${name.padEnd(47)} ${String(ms).padStart(6)} ms  ${rate(ms).padStart(16)}  (runs ${spread(runs)})  ${minimumRequests} requests`);
		line(`n8n HTTP Request node v${httpRequestVersion} with Pagination`, peer, results.peer);
		line(`n8n Code node v${codeVersion}, this.helpers.httpRequest loop`, code, results.code);
		line('Admin By Request node, Get Many (Return All)', ours, results.ours);
		const ratio = (name: Contender, ms: number) => {
			const ratios = results[name].map((run, i) => run.ms / results.ours[i].ms);
			console.log(
				`  ratio ${name}/ours: ${(ms / ours).toFixed(2)}x (medians); per round ${median(ratios).toFixed(2)}x, range ${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}x`,
			);
		};
		ratio('peer', peer);
		ratio('code', code);
		console.log(`  (each node's own execution time in n8n; all output ${EVENTS.toLocaleString('en-US')} items; load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')})`);
	} finally {
		await sim.stop();
		if (!process.env.BENCH_N8N_KEEP) fs.rmSync(userFolder, { recursive: true, force: true });
	}
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
