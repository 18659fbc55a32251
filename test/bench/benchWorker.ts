/**
 * One measured run in a fresh process, so peak memory belongs to that run alone.
 *   floor: the same pages fetched with a bare undici request and JSON.parse
 *   node:  the Admin By Request node's Get Many (Return All) inside n8n-core's WorkflowExecute
 * Prints one JSON line: { ms, events, rssBeforeMb, peakRssMb }.
 */
import 'reflect-metadata';
import { request } from 'undici';

import { createHarness, runNode } from '../support/n8nHarness';

const [mode, baseUrl, apiKey] = process.argv.slice(2);
const MB = 1024 * 1024;

async function floor(): Promise<number> {
	const events: Array<{ id: number }> = [];
	let startId: number | undefined;
	for (;;) {
		const query = new URLSearchParams({ take: '10000' });
		if (startId !== undefined) query.set('startid', String(startId));
		const response = await request(`${baseUrl}/events?${query}`, { headers: { apikey: apiKey } });
		const page = JSON.parse(await response.body.text()) as Array<{ id: number }>;
		events.push(...page);
		if (page.length < 10000) break;
		startId = page[page.length - 1].id + 1;
	}
	return events.length;
}

async function node(): Promise<number> {
	const harness = await createHarness({ abr: { apiKey, dataCenter: 'custom', baseUrl } });
	const run = () =>
		runNode(harness, {
			type: 'adminByRequest',
			parameters: { resource: 'event', operation: 'getAll', returnAll: true } as never,
			credentials: { adminByRequestApi: { id: 'abr', name: 'bench' } },
		});
	return await measure(run);
}

let rssBefore = 0;
async function measure(run: () => Promise<{ items: unknown[]; error?: Error }>): Promise<number> {
	global.gc?.();
	rssBefore = process.memoryUsage().rss;
	const result = await run();
	if (result.error) throw result.error;
	return result.items.length;
}

async function main(): Promise<void> {
	if (mode === 'node') {
		// Load n8n-core and the package before the clock starts, as a running n8n has them.
		await createHarness({});
	}
	const started = performance.now();
	let events: number;
	if (mode === 'floor') {
		rssBefore = process.memoryUsage().rss;
		events = await floor();
	} else events = await node();
	const ms = performance.now() - started;
	const peakRssMb = process.resourceUsage().maxRSS / 1024;
	console.log(JSON.stringify({ ms, events, rssBeforeMb: rssBefore / MB, peakRssMb }));
	process.exit(0);
}

void main();
