import { runNode } from './support/n8nHarness';
import { ABR_KEY, startAbrFixture, type AbrFixture } from './support/abrFixture';

let fx: AbrFixture;

beforeAll(async () => {
	fx = await startAbrFixture();
	fx.sim.addEvents(120);
});
afterAll(async () => fx.sim.stop());
beforeEach(() => {
	fx.sim.http.clearLog();
	fx.sim.http.clearFaults();
});

function getMany(parameters: Record<string, unknown>, extra: { continueOnFail?: boolean; inputItems?: number } = {}) {
	return runNode(fx.harness, {
		type: 'adminByRequest',
		parameters: { resource: 'event', operation: 'getAll', ...parameters } as never,
		credentials: fx.credentials,
		...extra,
	});
}

describe('Admin By Request node: Get Many', () => {
	it('returns the first page of events with derived fields and sends the key only as the apikey header', async () => {
		const { items, error } = await getMany({ limit: 10 });
		expect(error).toBeUndefined();
		expect(items).toHaveLength(10);
		expect(items.map((i) => i.json.id)).toEqual(fx.sim.events.slice(0, 10).map((e) => e.id));
		expect(items[0].json).toMatchObject({
			eventCodeName: expect.any(String),
			eventLevelName: expect.any(String),
			eventTimeUtcIso: expect.stringMatching(/Z$/),
		});
		expect(items[0].pairedItem).toEqual({ item: 0 });
		expect(fx.sim.requests).toHaveLength(1);
		expect(fx.sim.requests[0].headers.apikey).toBe(ABR_KEY);
		expect(fx.sim.requests[0].query.get('take')).toBe('10');
		expect(JSON.stringify(items)).not.toContain(ABR_KEY);
	});
});
