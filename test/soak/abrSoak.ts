/**
 * A long seeded run of the Admin By Request Trigger against the simulator, under n8n-core's
 * ActiveWorkflows: events created before, between and during polls; faults on a share of
 * requests; restarts that reload static data from the last save; jumps of more than 30 days.
 */
import type { Fault } from '../simulator/httpSimulator';
import { seededRandom } from '../simulator/random';
import { pollerFor, type TriggerEngine } from '../support/enginePoller';
import { startAbrFixture } from '../support/abrFixture';
import { SoakRecorder, type SoakStats } from './soakStats';

const DAY_MS = 86_400_000;

export interface SoakOptions {
	seed: number;
	polls: number;
	faultRate?: number;
	restartRate?: number;
	/** Which of n8n's trigger engines saves (and drops) the static data: see enginePoller.ts. */
	engine?: TriggerEngine;
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
	const engine = options.engine ?? 'classic';
	const poller = pollerFor(engine, fx.harness, {
		type: 'adminByRequestTrigger',
		parameters: { filters: { codes, minLevel: 1 }, options: { maxEventsPerPoll: 60, timeout: 1000 } } as never,
		credentials: fx.credentials,
	});

	const recorder = new SoakRecorder(
		(json) => String(json.id),
		() => fx.sim.requests.length,
	);
	const track = (events: Array<{ id: number; eventCode: number; eventLevel: number }>) => {
		for (const e of events) if (codes.includes(e.eventCode) && e.eventLevel >= 1) recorder.created.push(String(e.id));
	};
	try {
		fx.sim.addEvents(20);
		// "Start From: Now": what exists at activation is history, not new events.
		await recorder.poll(() => poller.activate());
		fx.sim.http.onRequest = () => {
			if (random() < 0.2) track(fx.sim.addEvents(1 + Math.floor(random() * 4)));
		};
		for (let poll = 0; poll < options.polls; poll++) {
			track(fx.sim.addEvents(random() < 0.3 ? Math.floor(random() * 80) : 0));
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
				recorder.fault(kind);
				fx.sim.http.injectFault(fault);
			}
			if (!poller.isActive) await recorder.poll(() => poller.activate());
			else if (random() < restartRate) {
				recorder.restarts++;
				await recorder.poll(() => poller.restart());
			} else await recorder.poll(() => poller.poll());
			fx.sim.http.clearFaults();
		}
		fx.sim.http.onRequest = undefined;
		if (!poller.isActive) await recorder.poll(() => poller.activate());
		await recorder.drainAndMeasureIdle(() => poller.poll());
		return recorder.stats(`Admin By Request Trigger (${engine} engine)`, options.seed, options.polls, poller.savedStaticData);
	} finally {
		await poller.deactivate();
		await fx.sim.stop();
	}
}
