/**
 * Seeded runs of the Admin By Request Trigger's Audit Log Change and New Pending Request choices
 * against the simulator, on any of n8n's trigger engines: elevations made and decided before,
 * between and during polls; faults on a share of requests; restarts.
 *
 * New Pending Request: every request made pending after activation must come exactly once
 * (requests decided after they came, and elevations that need no approval, move around it).
 * Audit Log Change: the feed shows an entry as it is at each poll, so which in-between statuses
 * a poll sees depends on timing. What must hold: no identity (id and status) twice, the last item
 * of every entry that changed after activation carries its final status, and every entry made
 * after activation comes as `new` exactly once. `created` counts those final identities.
 */
import type { Elevation, ElevationStatus } from '../simulator/abrElevations';
import type { Fault } from '../simulator/httpSimulator';
import { seededRandom } from '../simulator/random';
import { pollerFor, type TriggerEngine } from '../support/enginePoller';
import { startAbrFixture } from '../support/abrFixture';
import { FAULTS, type SoakOptions } from './abrSoak';
import { SoakRecorder, type SoakStats } from './soakStats';

export type ElevationTriggerOn = 'auditLogChange' | 'pendingRequest';

const NEXT: Partial<Record<ElevationStatus, ElevationStatus[]>> = {
	Pending: ['Approved', 'Denied'],
	Approved: ['Started'],
	Started: ['Finished'],
};

export async function runAbrElevationSoak(
	options: SoakOptions & { triggerOn: ElevationTriggerOn },
): Promise<SoakStats & { newItems: number }> {
	const random = seededRandom(options.seed);
	const engine: TriggerEngine = options.engine ?? 'classic';
	const fx = await startAbrFixture({ seed: options.seed });
	const poller = pollerFor(engine, fx.harness, {
		type: 'adminByRequestTrigger',
		parameters: { triggerOn: options.triggerOn, options: { maxEventsPerPoll: 25, timeout: 1000 } } as never,
		credentials: fx.credentials,
	});
	const auditing = options.triggerOn === 'auditLogChange';
	const recorder = new SoakRecorder(
		(json) => (auditing ? `${String(json.id)}:${String(json.status)}:${String(json.changeType)}` : String(json.id)),
		() => fx.sim.requests.length,
	);
	const watched: Elevation[] = [];
	const emittedPending = new Set<number>();
	const changed = new Set<number>();
	const made = (elevation: Elevation) => {
		watched.push(elevation);
		if (!auditing && elevation.status === 'Pending') recorder.created.push(String(elevation.id));
	};
	const change = () => {
		const candidates = watched.filter((e) => NEXT[e.status] && (auditing || emittedPending.has(e.id) || e.status !== 'Pending'));
		if (candidates.length === 0) return;
		const elevation = candidates[Math.floor(random() * candidates.length)];
		const next = NEXT[elevation.status]!;
		fx.sim.elevations.setStatus(elevation, next[Math.floor(random() * next.length)]);
		changed.add(elevation.id);
	};
	const makeSome = (count: number) => {
		for (let i = 0; i < count; i++) {
			if (random() < 0.5) made(fx.sim.addPendingRequest());
			else made(fx.sim.addElevation({ approvalRequired: false, status: 'Started', schedule: [] }));
		}
	};
	const poll = async (run: () => Promise<{ emitted: Array<{ json: Record<string, unknown> }>; error?: Error }>) => {
		const outcome = await recorder.poll(run as never);
		for (const item of outcome.emitted) emittedPending.add(Number(item.json.id));
	};
	try {
		const history = fx.sim.addElevations(15, { approvalRequired: true, status: 'Pending', schedule: [] });
		await poll(() => poller.activate());
		// History that changes after activation is watched too: its changes are news, it is not.
		if (auditing) watched.push(...history.slice(0, 5));
		fx.sim.http.onRequest = () => {
			if (random() < 0.2) makeSome(1 + Math.floor(random() * 3));
			if (random() < 0.3) change();
		};
		for (let i = 0; i < options.polls; i++) {
			makeSome(random() < 0.4 ? Math.floor(random() * 20) : 0);
			for (let c = Math.floor(random() * 8); c > 0; c--) change();
			if (random() < (options.faultRate ?? 0.1)) {
				const [kind, fault] = FAULTS[Math.floor(random() * FAULTS.length)] as [string, Fault];
				recorder.fault(kind);
				fx.sim.http.injectFault(fault);
			}
			if (!poller.isActive) await poll(() => poller.activate());
			else if (random() < (options.restartRate ?? 0.03)) {
				recorder.restarts++;
				await poll(() => poller.restart());
			} else await poll(() => poller.poll());
			fx.sim.http.clearFaults();
		}
		fx.sim.http.onRequest = undefined;
		if (!poller.isActive) await poll(() => poller.activate());
		await recorder.drainAndMeasureIdle(() => poller.poll());
		const stats = recorder.stats(
			`Admin By Request Trigger, ${options.triggerOn} (${engine} engine)`,
			options.seed,
			options.polls,
			poller.savedStaticData,
		);
		if (!auditing) return { ...stats, newItems: stats.emitted };
		return { ...stats, ...auditOutcome(recorder.emitted, watched, new Set(history.map((e) => e.id)), changed) };
	} finally {
		await poller.deactivate();
		await fx.sim.stop();
	}
}

/** The checks of an Audit Log Change run over `id:status:changeType` keys (see the top). */
function auditOutcome(
	emitted: readonly string[],
	watched: readonly Elevation[],
	history: ReadonlySet<number>,
	changed: ReadonlySet<number>,
): Pick<SoakStats, 'created' | 'emitted' | 'lost' | 'duplicated'> & { newItems: number } {
	const identities = emitted.map((key) => key.split(':').slice(0, 2).join(':'));
	const last = new Map<number, string>();
	const news = new Map<number, number>();
	for (const key of emitted) {
		const [id, status, changeType] = key.split(':');
		last.set(Number(id), status);
		if (changeType === 'new') news.set(Number(id), (news.get(Number(id)) ?? 0) + 1);
	}
	const expected = watched.filter((e) => !history.has(e.id) || changed.has(e.id));
	const lost =
		expected.filter((e) => last.get(e.id) !== e.status).length +
		watched.filter((e) => !history.has(e.id) && news.get(e.id) !== 1).length;
	const duplicated = identities.length - new Set(identities).size + [...news.keys()].filter((id) => history.has(id)).length;
	return { created: expected.length, emitted: new Set(identities).size, lost, duplicated, newItems: [...news.values()].length };
}
