import { runAbrSoak, SOAK_API_KEYS } from './soak/abrSoak';

describe('short fixed-seed soak (npm run soak runs the long one)', () => {
	it('Admin By Request Trigger: no event lost or duplicated under faults, restarts and 30+ day outages', async () => {
		const stats = await runAbrSoak({ seed: 424242, polls: 300, faultRate: 0.15, restartRate: 0.04 });
		expect(stats.failedPolls).toBeGreaterThan(20);
		expect(stats.restarts).toBeGreaterThan(3);
		expect(stats.created).toBeGreaterThan(1000);
		expect(stats.lost).toBe(0);
		expect(stats.duplicated).toBe(0);
		expect(stats.emitted).toBe(stats.created);
		expect(stats.idleRequestsPerPoll).toBe(1);
		for (const key of SOAK_API_KEYS) {
			for (const text of stats.texts) {
				expect(text).not.toContain(key);
				expect(text).not.toContain(encodeURIComponent(key));
			}
		}
	}, 120_000);
});
