/**
 * A long seeded run of the VirusTotal Monitor Trigger against the simulator, under n8n-core's
 * ActiveWorkflows: events (many sharing one second, some byte-identical) created before, between
 * and during polls, in either result order, with page caps, faults on a share of requests,
 * expired cursors, and restarts that reload static data from the last save.
 */
import type { Fault } from '../simulator/httpSimulator';
import { seededRandom } from '../simulator/random';
import { VirusTotalMonitorSimulator, type VtEvent, type VtOrder } from '../simulator/virusTotalMonitorSimulator';
import { pollerFor } from '../support/enginePoller';
import { createHarness } from '../support/n8nHarness';
import { SoakRecorder, type SoakStats } from './soakStats';
import type { SoakOptions } from './abrSoak';

export const VT_SOAK_KEY = 'vt-soak-key+/=0cc175b9c0f1b6a8';

const API_FIELDS = ['action', 'creator_id', 'details', 'level', 'monitor_key', 'owner_id', 'plaintext_description', 'source', 'subject', 'timestamp'];
const quota = { error: { code: 'QuotaExceededError', message: 'Quota exceeded' } };

const FAULTS: Array<[string, Fault | 'expire cursors']> = [
	['429 with retry hint', { kind: 'status', status: 429, body: quota, headers: { 'retry-after': '60' } }],
	['429 without hint', { kind: 'status', status: 429, body: quota }],
	['500', { kind: 'status', status: 500, body: { error: { code: 'InternalError', message: 'boom' } } }],
	['502', { kind: 'status', status: 502, body: 'Bad Gateway' }],
	['503', { kind: 'status', status: 503, body: { error: { code: 'TransientError', message: 'try later' } } }],
	['reset', { kind: 'reset' }],
	['truncated JSON', { kind: 'truncated' }],
	['non-JSON body', { kind: 'nonJson' }],
	['slow past timeout', { kind: 'slow', delayMs: 1300 }],
	['expired cursor', 'expire cursors'],
];

/** The API's own fields of an event, as canonical text (output items carry two extra fields). */
function apiText(source: Record<string, unknown>): string {
	return JSON.stringify(API_FIELDS.map((key) => [key, source[key] ?? null]));
}

export async function runVtSoak(options: SoakOptions & { order?: VtOrder; pageSize?: number }): Promise<SoakStats> {
	const random = seededRandom(options.seed);
	const faultRate = options.faultRate ?? 0.1;
	const restartRate = options.restartRate ?? 0.03;
	const engine = options.engine ?? 'classic';
	const orders: VtOrder[] = ['asc', 'desc', 'none'];
	const order = options.order ?? orders[Math.floor(random() * orders.length)];
	const pageSize = options.pageSize ?? 3 + Math.floor(random() * 6);
	const maxPages = 1 + Math.floor(random() * 3);
	const sim = new VirusTotalMonitorSimulator({ apiKey: VT_SOAK_KEY, order, pageSize, seed: options.seed });
	await sim.start();
	const harness = await createHarness({ virusTotalMonitorApi: { apiKey: VT_SOAK_KEY, baseUrl: sim.baseUrl } });
	const poller = pollerFor(engine, harness, {
		type: 'virusTotalMonitorTrigger',
		parameters: {
			filters: { level: 1, levelOperator: 'atLeast' },
			options: { startFrom: 'lookback', lookbackHours: 3, maxPagesPerPoll: maxPages, timeout: 1000 },
		} as never,
		credentials: { virusTotalMonitorApi: { id: 'vt', name: 'VT soak' } },
	});

	const recorder = new SoakRecorder(apiText, () => sim.requests.length);

	// Event time runs ahead of the wall clock from two hours ago, a few seconds per step.
	const base = Date.now() - 2 * 3_600_000;
	let second = 0;
	const track = (events: VtEvent[]) => {
		for (const event of events) if (Number(event.level) >= 1) recorder.created.push(apiText(event as never));
	};
	const add = () => {
		const roll = random();
		if (roll < 0.3) second += 1 + Math.floor(random() * 20);
		const at = base + second * 1000;
		if (roll < 0.08) track(sim.addBurst(pageSize * maxPages + 1 + Math.floor(random() * pageSize), at));
		else if (roll < 0.15) {
			const twin = sim.addEvent({ at, subject: 'twin' });
			track([twin, sim.addEvent({ ...twin, at })]);
		} else track([sim.addEvent({ at })]);
	};

	try {
		for (let i = 0; i < 30; i++) add();
		await recorder.poll(() => poller.activate());
		sim.http.onRequest = () => {
			if (random() < 0.15) add();
		};
		for (let poll = 0; poll < options.polls; poll++) {
			if (random() < 0.4) for (let i = 1 + Math.floor(random() * 5); i > 0; i--) add();
			if (random() < faultRate) {
				const [kind, fault] = FAULTS[Math.floor(random() * FAULTS.length)];
				recorder.fault(kind);
				if (fault === 'expire cursors') sim.expireCursors();
				else {
					let skip = Math.floor(random() * maxPages);
					sim.http.injectFault(fault, 1, () => skip-- <= 0);
				}
			}
			if (!poller.isActive) await recorder.poll(() => poller.activate());
			else if (random() < restartRate) {
				recorder.restarts++;
				await recorder.poll(() => poller.restart());
			} else await recorder.poll(() => poller.poll());
			sim.http.clearFaults();
		}
		sim.http.onRequest = undefined;
		if (!poller.isActive) await recorder.poll(() => poller.activate());
		await recorder.drainAndMeasureIdle(
			() => poller.poll(),
			() => {
				const { checkpoint } = poller.liveNodeData as { checkpoint?: { upperBound?: string; continuation?: unknown } };
				return checkpoint?.upperBound === undefined && checkpoint?.continuation === undefined;
			},
		);
		return recorder.stats(
			`VirusTotal Monitor Trigger (${engine} engine, ${order} order, page size ${pageSize}, ${maxPages} pages per poll)`,
			options.seed,
			options.polls,
			poller.savedStaticData,
		);
	} finally {
		await poller.deactivate();
		await sim.stop();
	}
}
