/**
 * A long seeded run of the Admin By Request Trigger against the simulator, under n8n-core's
 * ActiveWorkflows: events created before, between and during polls; faults on a share of
 * requests; restarts that reload static data from the last save; jumps of more than 30 days.
 */
import type { IDataObject } from 'n8n-workflow';

import type { Fault } from '../simulator/httpSimulator';
import { seededRandom } from '../simulator/random';
import { ActivePoller } from '../support/n8nHarness';
import { ABR_KEY, startAbrFixture } from '../support/abrFixture';
import { average, compareEmitted, type SoakStats } from './soakStats';

const DAY_MS = 86_400_000;

export interface SoakOptions {
	seed: number;
	polls: number;
	faultRate?: number;
	restartRate?: number;
}

const FAULTS: Array<[string, Fault]> = [
	['429 with retry hint', { kind: 'status', status: 429, body: { Message: 'Too many requests' }, headers: { 'retry-after': '30' } }],
	['429 without hint', { kind: 'status', status: 429, body: { Message: 'Too many requests' } }],
	['500', { kind: 'status', status: 500, body: { Message: 'An error has occurred.' } }],
	['502', { kind: 'status', status: 502, body: 'Bad Gateway' }],
	['503', { kind: 'status', status: 503, body: { Message: 'Service Unavailable' } }],
	['reset', { kind: 'reset' }],
	['truncated JSON', { kind: 'truncated' }],
	['non-JSON body', { kind: 'nonJson' }],
	['slow past timeout', { kind: 'slow', delayMs: 1300 }],
];

export async function runAbrSoak(options: SoakOptions): Promise<SoakStats> {
	const random = seededRandom(options.seed);
	const faultRate = options.faultRate ?? 0.1;
	const restartRate = options.restartRate ?? 0.03;
	const fx = await startAbrFixture({ seed: options.seed });
	const codes = [92, 93, 94, 72, 6];
	const poller = new ActivePoller(fx.harness, {
		type: 'adminByRequestTrigger',
		parameters: { filters: { codes, minLevel: 1 }, options: { maxEventsPerPoll: 60, timeout: 1000 } } as never,
		credentials: fx.credentials,
	});

	const created: string[] = [];
	const emitted: string[] = [];
	const texts: string[] = [];
	const faults: Record<string, number> = {};
	const idleRequests: number[] = [];
	const catchUpRequests: number[] = [];
	let failedPolls = 0;
	let restarts = 0;

	const track = (events: Array<{ id: number; eventCode: number; eventLevel: number }>) => {
		for (const e of events) if (codes.includes(e.eventCode) && e.eventLevel >= 1) created.push(String(e.id));
	};
	try {
		fx.sim.addEvents(20);
		const record = (outcome: Awaited<ReturnType<ActivePoller['poll']>>, requests: number, hadBacklog: boolean) => {
			if (outcome.error) {
				failedPolls++;
				texts.push(outcome.error.message, String(outcome.error.description ?? ''));
			}
			for (const item of outcome.emitted) {
				emitted.push(String(item.json.id));
				texts.push(JSON.stringify(item));
			}
			if (!outcome.error) (hadBacklog ? catchUpRequests : idleRequests).push(requests);
		};

		let backlog = false;
		// "Start From: Now": what exists at activation is history, not new events.
		record(await poller.activate(), 1, false);
		fx.sim.http.onRequest = () => {
			if (random() < 0.2) track(fx.sim.addEvents(1 + Math.floor(random() * 4)));
		};
		for (let poll = 0; poll < options.polls; poll++) {
			const burst = random() < 0.3 ? Math.floor(random() * 80) : 0;
			track(fx.sim.addEvents(burst));
			if (random() < 0.01) {
				// An outage longer than the API's 30-day default window, with events all through it.
				const days = 31 + Math.floor(random() * 20);
				for (let day = 0; day < days; day++) {
					fx.sim.clockSkewMs += DAY_MS;
					track(fx.sim.addEvents(Math.floor(random() * 3)));
				}
			}
			if (random() < faultRate) {
				const [kind, fault] = FAULTS[Math.floor(random() * FAULTS.length)];
				faults[kind] = (faults[kind] ?? 0) + 1;
				fx.sim.http.injectFault(fault);
			}
			const before = fx.sim.requests.length;
			const pendingBefore = backlog || burst > 0;
			let outcome;
			if (!poller.isActive) outcome = await poller.activate();
			else if (random() < restartRate) {
				restarts++;
				outcome = await poller.restart();
			} else outcome = await poller.poll();
			record(outcome, fx.sim.requests.length - before, pendingBefore);
			backlog = outcome.emitted.length > 0 || Boolean(outcome.error);
			fx.sim.http.clearFaults();
		}
		fx.sim.http.onRequest = undefined;
		if (!poller.isActive) await poller.activate();
		for (let drain = 0; drain < 500; drain++) {
			const before = fx.sim.requests.length;
			const outcome = await poller.poll();
			record(outcome, fx.sim.requests.length - before, outcome.emitted.length > 0);
			if (outcome.emitted.length === 0 && !outcome.error) break;
		}
		const { lost, duplicated } = compareEmitted(created, emitted);
		const savedBytes = JSON.stringify(poller.savedStaticData as IDataObject).length;
		texts.push(JSON.stringify(poller.savedStaticData));
		return {
			trigger: 'Admin By Request Trigger',
			seed: options.seed,
			polls: options.polls,
			failedPolls,
			restarts,
			faults,
			created: created.length,
			emitted: emitted.length,
			lost,
			duplicated,
			idleRequestsPerPoll: average(idleRequests),
			catchUpRequestsPerPoll: average(catchUpRequests),
			staticDataBytes: savedBytes,
			texts,
		};
	} finally {
		await poller.deactivate();
		await fx.sim.stop();
	}
}

export const SOAK_API_KEYS = [ABR_KEY];
