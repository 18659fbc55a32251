import { installCapturingLogger } from './support/capturingLogger';
import { runAbrSoak } from './soak/abrSoak';
import { leaksOf, type SoakStats } from './soak/soakStats';
import { runVtSoak, VT_SOAK_KEY } from './soak/vtSoak';
import { ABR_KEY } from './support/abrFixture';

// The short, fixed-seed form of `npm run soak`.
const logLines = installCapturingLogger();
const texts: string[] = [];

function expectExactlyOnce(stats: SoakStats) {
	texts.push(...stats.texts);
	expect(stats.failedPolls).toBeGreaterThan(10);
	expect(stats.restarts).toBeGreaterThan(2);
	expect({ lost: stats.lost, duplicated: stats.duplicated }).toEqual({ lost: 0, duplicated: 0 });
	expect(stats.emitted).toBe(stats.created);
}

describe('short fixed-seed soak', () => {
	it('Admin By Request Trigger: nothing lost or repeated under faults, restarts and 30+ day outages', async () => {
		const stats = await runAbrSoak({ seed: 424242, polls: 300, faultRate: 0.15, restartRate: 0.04 });
		expect(stats.created).toBeGreaterThan(1000);
		expect(Object.keys(stats.faults).length).toBeGreaterThanOrEqual(8);
		expectExactlyOnce(stats);
		expect(stats.idleRequestsPerPoll).toBe(1);
	}, 120_000);

	it.each(['asc', 'desc'] as const)(
		'VirusTotal Monitor Trigger, %s order: nothing lost or repeated under bursts, page caps, faults, expired cursors and restarts',
		async (order) => {
			const stats = await runVtSoak({ seed: 11, polls: 250, faultRate: 0.15, restartRate: 0.04, order });
			expect(stats.created).toBeGreaterThan(500);
			expectExactlyOnce(stats);
			// The newest second is listed inclusively: after a burst there larger than a page, an idle
			// poll pages through it (at most Max Pages per Poll, here up to 3) until a newer event comes.
			expect(stats.idleRequestsPerPoll).toBeGreaterThanOrEqual(1);
			expect(stats.idleRequestsPerPoll).toBeLessThanOrEqual(3);
		},
		180_000,
	);

	it('no API key (plain or URL-encoded) in any output item, error, static data or n8n log line', () => {
		expect(texts.length).toBeGreaterThan(1000);
		expect(leaksOf(texts, [ABR_KEY, VT_SOAK_KEY])).toEqual([]);
		expect(leaksOf(logLines, [ABR_KEY, VT_SOAK_KEY])).toEqual([]);
	});
});
