/**
 * One measured run in a fresh process, so peak memory belongs to that run alone.
 *
 *   benchWorker.ts <scenario> <floor|core|node> <baseUrl> <apiKey> [extra]
 *
 *   abr-getmany  Admin By Request Get Many (Return All)      floor: undici + JSON.parse of the same pages
 *   vt-getmany   VirusTotal Monitor Get Many (Return All)    floor: undici + JSON.parse, cursor + job_id
 *   abr-trigger  Admin By Request Trigger: one catch-up poll from event id [extra], then idle polls
 *                floor: the same request(s) with undici + JSON.parse
 *   abr-auditlog-getmany   Audit Log Get Many (Return All)     floor: the same pages of /auditlog
 *   abr-requests-getmany   Request Get Many (Return All)       floor: the same pages of /requests
 *   abr-audit-trigger      Trigger On "Audit Log Change": one catch-up poll from [extra] =
 *                          <deltaTime>:<baselineId>, then idle polls; floor: the same delta calls
 *   abr-pending-trigger    Trigger On "New Pending Request": one catch-up poll from request id
 *                          [extra], then idle polls; floor: the same pages of pending requests
 *
 * core (Get Many scenarios only): the least any node must do inside n8n-core for the same pages,
 * a bare httpRequestWithAuthentication + JSON.parse per page (test/bench/probeNode.ts).
 *
 * Every side keeps every event it read. Loading n8n-core and the package, creating the harness
 * and activating the trigger happen before the clock starts, as a running n8n has done them.
 * Requests are counted by the bench's simulator: the worker asks for the count over IPC around
 * each phase. Prints one JSON line: { phases: { name: { ms, events, requests, runs } }, rssBeforeMb, peakRssMb }.
 */
import 'reflect-metadata';
import fs from 'node:fs';
import { Session } from 'node:inspector';
import { request } from 'undici';

import { ActivePoller, createHarness, runNode, TRIGGER_NAME, type Harness } from '../support/n8nHarness';
import { CoreMinimumNode, withProbeNodes } from './probeNode';

const [scenario, mode, baseUrl, apiKey, extra] = process.argv.slice(2);
const MB = 1024 * 1024;
const ABR_TAKE = 10_000;
/** The request queue's page maximum. */
const REQUESTS_TAKE = 1_000;
const IDLE_POLLS = Number(process.env.BENCH_IDLE_POLLS ?? 50);

interface Phase {
	ms: number;
	/** CPU time of this process (user + system), per run: less sensitive to a busy machine than ms. */
	cpuMs: number;
	events: number;
	requests: number;
	/** How many times the phase ran: ms and requests are per run. */
	runs: number;
}

/** The simulator's request count, from the bench process that serves it. */
async function requestCount(): Promise<number> {
	if (!process.send) return 0;
	return await new Promise<number>((resolve) => {
		process.once('message', (count) => resolve(count as number));
		process.send!('count');
	});
}

let rssBefore = 0;
function settle(): void {
	global.gc?.();
	rssBefore = process.memoryUsage().rss;
}

/** BENCH_CPU_PROFILE=<file>: a V8 CPU profile of the measured phases only (open it in Chrome DevTools). */
const PROFILE_FILE = process.env.BENCH_CPU_PROFILE;
const profiler = PROFILE_FILE ? new Session() : undefined;
profiler?.connect();
const inspect = (method: string, params: object = {}) =>
	new Promise<unknown>((resolve, reject) =>
		profiler!.post(method, params, (error, result) => (error ? reject(error) : resolve(result))),
	);

async function phase(runs: number, body: () => Promise<number>): Promise<Phase> {
	const before = await requestCount();
	if (profiler) {
		await inspect('Profiler.enable');
		await inspect('Profiler.setSamplingInterval', { interval: 100 });
		await inspect('Profiler.start');
	}
	const cpuBefore = process.cpuUsage();
	const started = performance.now();
	let events = 0;
	for (let i = 0; i < runs; i++) events += await body();
	const ms = (performance.now() - started) / runs;
	const cpu = process.cpuUsage(cpuBefore);
	const cpuMs = (cpu.user + cpu.system) / 1000 / runs;
	if (profiler) {
		const { profile } = (await inspect('Profiler.stop')) as { profile: unknown };
		fs.writeFileSync(`${PROFILE_FILE}${runs > 1 ? '.repeated' : ''}.cpuprofile`, JSON.stringify(profile));
	}
	const requests = ((await requestCount()) - before) / runs;
	return { ms, cpuMs, events: events / runs, requests, runs };
}

// ---------------------------------------------------------------------------------- floors

async function getJson(url: string, headers: Record<string, string>): Promise<unknown> {
	const response = await request(url, { headers });
	const text = await response.body.text();
	if (response.statusCode !== 200) throw new Error(`HTTP ${response.statusCode}: ${text.slice(0, 200)}`);
	return JSON.parse(text);
}

async function abrFloorPages(startId: number | undefined, events: unknown[]): Promise<number> {
	for (;;) {
		const query = new URLSearchParams({ take: String(ABR_TAKE) });
		if (startId !== undefined) query.set('startid', String(startId));
		const page = (await getJson(`${baseUrl}/events?${query}`, { apikey: apiKey })) as Array<{ id: number }>;
		for (const event of page) events.push(event);
		if (page.length < ABR_TAKE) return events.length;
		startId = page[page.length - 1].id + 1;
	}
}

async function vtFloorPages(events: unknown[]): Promise<number> {
	let next: { cursor: string; job_id?: string } | undefined;
	do {
		const query = new URLSearchParams();
		if (next) {
			query.set('cursor', next.cursor);
			if (next.job_id) query.set('job_id', next.job_id);
		}
		const body = (await getJson(`${baseUrl}/monitor/events?${query}`, { 'x-apikey': apiKey })) as {
			data: unknown[];
			meta?: { cursor: string; job_id?: string };
		};
		for (const event of body.data) events.push(event);
		next = body.meta;
	} while (next?.cursor);
	return events.length;
}

/** Ascending pages of any list (`path` with its own query), continued with startid = last id + 1. */
async function abrFloorList(
	path: string,
	fixed: Record<string, string>,
	take: number,
	startId: number | undefined,
	entries: unknown[],
): Promise<number> {
	let read = 0;
	for (;;) {
		const query = new URLSearchParams({ ...fixed, take: String(take) });
		if (startId !== undefined) query.set('startid', String(startId));
		const page = (await getJson(`${baseUrl}${path}?${query}`, { apikey: apiKey })) as Array<{ id: number }>;
		for (const entry of page) entries.push(entry);
		read += page.length;
		if (page.length < take) return read;
		startId = page[page.length - 1].id + 1;
	}
}

/** One call of the audit log's delta feed; returns the entries read and keeps timeNow's digits. */
async function abrFloorDelta(deltaTime: string, entries: unknown[]): Promise<{ read: number; timeNow: string }> {
	const response = await request(`${baseUrl}/auditlog/delta?deltaTime=${deltaTime}`, { headers: { apikey: apiKey } });
	const text = await response.body.text();
	if (response.statusCode !== 200) throw new Error(`HTTP ${response.statusCode}: ${text.slice(0, 200)}`);
	const body = JSON.parse(text) as { entries: unknown[] };
	for (const entry of body.entries) entries.push(entry);
	// The node keeps timeNow exact from the text; so does the floor, with the cheapest search.
	const timeNow = /"timeNow":(\d+)/.exec(text)?.[1];
	if (!timeNow) throw new Error('no timeNow in the delta answer');
	return { read: body.entries.length, timeNow };
}

/** One trigger poll's worth of work for the floor: one page from `startId`, all events kept. */
async function abrFloorPoll(startId: number, events: unknown[]): Promise<number> {
	const query = new URLSearchParams({ startid: String(startId), take: String(ABR_TAKE) });
	const page = (await getJson(`${baseUrl}/events?${query}`, { apikey: apiKey })) as unknown[];
	for (const event of page) events.push(event);
	return page.length;
}

// ---------------------------------------------------------------------------------- node side

async function getMany(harness: Harness, type: string, credential: string, resource = 'event'): Promise<number> {
	const result = await runNode(harness, {
		type,
		parameters: { resource, operation: 'getAll', returnAll: true } as never,
		credentials: { [credential]: { id: credential, name: 'bench' } },
	});
	if (result.error) throw result.error;
	return result.items.length;
}

/**
 * The Admin By Request Trigger's other choices: activated ("now"), then their checkpoint set back
 * (the audit log's delta time and baseline, or the request id) so the next poll catches up.
 */
async function triggerChoicePhases(harness: Harness, phases: Record<string, Phase>, kept: unknown[]): Promise<void> {
	const audit = scenario === 'abr-audit-trigger';
	const poller = new ActivePoller(harness, {
		type: 'adminByRequestTrigger',
		parameters: { triggerOn: audit ? 'auditLogChange' : 'pendingRequest', options: { startFrom: 'now' } } as never,
		credentials: { adminByRequestApi: { id: 'adminByRequestApi', name: 'bench' } },
	});
	const activation = await poller.activate();
	if (activation.error) throw activation.error;
	const live = poller.liveStaticData[`node:${TRIGGER_NAME}`] as {
		auditLog?: { deltaTime: string; baselineId: number; statuses: unknown[] };
		pendingRequests?: { lastId: number };
	};
	// Where activation put the checkpoint: the newest request, or the feed's timeNow.
	const newest = audit ? live.auditLog?.deltaTime : live.pendingRequests?.lastId;
	if (audit) {
		const [deltaTime, baselineId] = extra.split(':');
		live.auditLog = { deltaTime, baselineId: Number(baselineId), statuses: [] };
	} else {
		live.pendingRequests = { lastId: Number(extra) - 1 };
	}
	await catchUpThenIdle(poller, phases, kept, () => {
		// Caught up: back where activation was (nothing changed since).
		const reached = audit ? live.auditLog?.deltaTime : live.pendingRequests?.lastId;
		if (reached !== newest) throw new Error(`catch-up stopped at ${String(reached)}, newest is ${String(newest)}`);
	});
}

/** The timed part of a trigger scenario: one catch-up poll, checked, then IDLE_POLLS idle polls. */
async function catchUpThenIdle(
	poller: ActivePoller,
	phases: Record<string, Phase>,
	kept: unknown[],
	checkCaughtUp: () => void,
): Promise<void> {
	settle();
	phases.catchUp = await phase(1, async () => {
		const outcome = await poller.poll();
		if (outcome.error) throw outcome.error;
		for (const item of outcome.emitted) kept.push(item);
		return outcome.emitted.length;
	});
	checkCaughtUp();
	phases.idle = await phase(IDLE_POLLS, async () => {
		const outcome = await poller.poll();
		if (outcome.error) throw outcome.error;
		return outcome.emitted.length;
	});
	await poller.deactivate();
}

async function main(): Promise<void> {
	const phases: Record<string, Phase> = {};
	const kept: unknown[] = [];

	if (mode === 'floor') {
		if (scenario === 'abr-getmany') {
			settle();
			phases.run = await phase(1, async () => await abrFloorPages(undefined, kept));
		} else if (scenario === 'vt-getmany') {
			settle();
			phases.run = await phase(1, async () => await vtFloorPages(kept));
		} else if (scenario === 'abr-trigger') {
			const catchUpFrom = Number(extra);
			// What the trigger's activation did: find the newest event.
			const newest = (await getJson(`${baseUrl}/events?last=1`, { apikey: apiKey })) as Array<{ id: number }>;
			settle();
			phases.catchUp = await phase(1, async () => await abrFloorPoll(catchUpFrom, kept));
			phases.idle = await phase(IDLE_POLLS, async () => await abrFloorPoll(newest[0].id + 1, kept));
		} else if (scenario === 'abr-auditlog-getmany') {
			settle();
			phases.run = await phase(1, async () => await abrFloorList('/auditlog', {}, ABR_TAKE, undefined, kept));
		} else if (scenario === 'abr-requests-getmany') {
			settle();
			phases.run = await phase(1, async () => await abrFloorList('/requests', {}, REQUESTS_TAKE, undefined, kept));
		} else if (scenario === 'abr-audit-trigger') {
			const [deltaTime] = extra.split(':');
			settle();
			let timeNow = deltaTime;
			phases.catchUp = await phase(1, async () => {
				const answer = await abrFloorDelta(deltaTime, kept);
				timeNow = answer.timeNow;
				return answer.read;
			});
			phases.idle = await phase(IDLE_POLLS, async () => (await abrFloorDelta(timeNow, kept)).read);
		} else if (scenario === 'abr-pending-trigger') {
			const pending = { status: 'Pending' };
			const newest = (await getJson(`${baseUrl}/requests?last=1`, { apikey: apiKey })) as Array<{ id: number }>;
			settle();
			phases.catchUp = await phase(1, async () => await abrFloorList('/requests', pending, REQUESTS_TAKE, Number(extra), kept));
			phases.idle = await phase(IDLE_POLLS, async () => await abrFloorList('/requests', pending, REQUESTS_TAKE, newest[0].id + 1, kept));
		} else throw new Error(`unknown scenario ${scenario}`);
	} else if (mode === 'core') {
		const harness = withProbeNodes(
			await createHarness({
				adminByRequestApi: { apiKey, dataCenter: 'custom', baseUrl },
				virusTotalMonitorApi: { apiKey, baseUrl },
			}),
			{ coreMinimum: new CoreMinimumNode() },
		);
		const feed = scenario === 'abr-getmany' ? 'abr' : scenario === 'vt-getmany' ? 'vt' : undefined;
		if (!feed) throw new Error(`no core minimum for ${scenario}`);
		settle();
		phases.run = await phase(1, async () => {
			const result = await runNode(harness, {
				type: 'coreMinimum',
				parameters: { feed, baseUrl },
				credentials: {
					adminByRequestApi: { id: 'adminByRequestApi', name: 'bench' },
					virusTotalMonitorApi: { id: 'virusTotalMonitorApi', name: 'bench' },
				},
			});
			if (result.error) throw result.error;
			return result.items.length;
		});
	} else {
		// A running n8n has n8n-core and the package loaded and the credential stored.
		const harness = await createHarness({
			adminByRequestApi: { apiKey, dataCenter: 'custom', baseUrl },
			virusTotalMonitorApi: { apiKey, baseUrl },
		});
		if (scenario === 'abr-getmany') {
			settle();
			phases.run = await phase(1, async () => await getMany(harness, 'adminByRequest', 'adminByRequestApi'));
		} else if (scenario === 'vt-getmany') {
			settle();
			phases.run = await phase(1, async () => await getMany(harness, 'virusTotalMonitor', 'virusTotalMonitorApi'));
		} else if (scenario === 'abr-auditlog-getmany') {
			settle();
			phases.run = await phase(1, async () => await getMany(harness, 'adminByRequest', 'adminByRequestApi', 'auditLog'));
		} else if (scenario === 'abr-requests-getmany') {
			settle();
			phases.run = await phase(1, async () => await getMany(harness, 'adminByRequest', 'adminByRequestApi', 'request'));
		} else if (scenario === 'abr-audit-trigger' || scenario === 'abr-pending-trigger') {
			await triggerChoicePhases(harness, phases, kept);
		} else if (scenario === 'abr-trigger') {
			const catchUpFrom = Number(extra);
			const poller = new ActivePoller(harness, {
				type: 'adminByRequestTrigger',
				parameters: { options: { startFrom: 'now' } } as never,
				credentials: { adminByRequestApi: { id: 'adminByRequestApi', name: 'bench' } },
			});
			// Activation (untimed): n8n runs the first poll at once; "now" sets the checkpoint at the newest event.
			const activation = await poller.activate();
			if (activation.error) throw activation.error;
			const live = poller.liveStaticData[`node:${TRIGGER_NAME}`] as { lastId: number };
			const newestId = live.lastId;
			// Ten thousand events behind: the next scheduled poll catches up.
			live.lastId = catchUpFrom - 1;
			await catchUpThenIdle(poller, phases, kept, () => {
				if (live.lastId !== newestId) throw new Error(`catch-up stopped at ${live.lastId}, newest is ${newestId}`);
			});
		} else throw new Error(`unknown scenario ${scenario}`);
	}

	const peakRssMb = process.resourceUsage().maxRSS / 1024;
	console.log(JSON.stringify({ phases, kept: kept.length, rssBeforeMb: rssBefore / MB, peakRssMb }));
	process.exit(0);
}

void main();
