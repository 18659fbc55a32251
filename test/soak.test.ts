import { installCapturingLogger } from './support/capturingLogger';
import { TRIGGER_ENGINES } from './support/enginePoller';
import { runAbrSoak } from './soak/abrSoak';
import { leaksOf, type SoakStats } from './soak/soakStats';
import { runVtSoak, VT_SOAK_KEY } from './soak/vtSoak';
import { ABR_KEY } from './support/abrFixture';

// The short, fixed-seed form of `npm run soak`, on each of n8n's trigger engines.
const logLines = installCapturingLogger();
const texts: string[] = [];

function expectExactlyOnce(stats: SoakStats) {
	texts.push(...stats.texts);
	expect(stats.failedPolls).toBeGreaterThan(5);
	expect({ lost: stats.lost, duplicated: stats.duplicated }).toEqual({ lost: 0, duplicated: 0 });
	expect(stats.emitted).toBe(stats.created);
}

describe.each(TRIGGER_ENGINES)('short fixed-seed soak, %s engine', (engine) => {
	it('Admin By Request Trigger: nothing lost or repeated under faults, restarts and 30+ day outages', async () => {
		const stats = await runAbrSoak({ seed: 424242, polls: 200, faultRate: 0.15, restartRate: 0.04, engine });
		expect(stats.created).toBeGreaterThan(600);
		expect(stats.restarts).toBeGreaterThan(2);
		expect(Object.keys(stats.faults).length).toBeGreaterThanOrEqual(8);
		expectExactlyOnce(stats);
		expect(stats.idleRequestsPerPoll).toBe(1);
	}, 120_000);

	it.each(['asc', 'desc', 'none'] as const)(
		'VirusTotal Monitor Trigger, %s order: nothing lost or repeated under bursts, page caps, faults, expired cursors and restarts',
		async (order) => {
			const stats = await runVtSoak({ seed: 11, polls: 150, faultRate: 0.15, restartRate: 0.04, order, engine });
			expect(stats.created).toBeGreaterThan(300);
			expectExactlyOnce(stats);
			// The newest second is listed inclusively: after a burst there larger than a page, an idle
			// poll lists that whole second again until a newer event comes.
			expect(stats.idleRequestsPerPoll).toBeGreaterThanOrEqual(1);
			expect(stats.idleRequestsPerPoll).toBeLessThanOrEqual(6);
		},
		180_000,
	);
});

describe('shuffled listings, small pages, many seeds, on the engine that keeps nothing a null poll wrote', () => {
	it.each(Array.from({ length: 10 }, (_, i) => 1000 + i))('seed %i: nothing lost or repeated', async (seed) => {
		const stats = await runVtSoak({ seed, polls: 50, faultRate: 0.1, restartRate: 0.04, order: 'none', pageSize: 2, engine: 'scheduler' });
		texts.push(...stats.texts);
		expect({ lost: stats.lost, duplicated: stats.duplicated }).toEqual({ lost: 0, duplicated: 0 });
		expect(stats.emitted).toBe(stats.created);
	}, 120_000);
});

describe('the API key', () => {
	it('is in no output item, error, static data or n8n log line (plain or URL-encoded)', () => {
		expect(texts.length).toBeGreaterThan(1000);
		expect(leaksOf(texts, [ABR_KEY, VT_SOAK_KEY])).toEqual([]);
		expect(leaksOf(logLines, [ABR_KEY, VT_SOAK_KEY])).toEqual([]);
	});
});
