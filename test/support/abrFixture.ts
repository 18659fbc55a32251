import { AdminByRequestSimulator } from '../simulator/adminByRequestSimulator';
import { createHarness, type Harness } from './n8nHarness';

export const ABR_KEY = 'abr-secret-key-7f3a9c2e51';

export interface AbrFixture {
	sim: AdminByRequestSimulator;
	harness: Harness;
	credentials: { adminByRequestApi: { id: string; name: string } };
}

/** A running simulator and a harness whose Admin By Request credential points at it. */
export async function startAbrFixture(
	options: ConstructorParameters<typeof AdminByRequestSimulator>[0] = {},
): Promise<AbrFixture> {
	const sim = new AdminByRequestSimulator({ apiKey: ABR_KEY, ...options });
	const baseUrl = await sim.start();
	const harness = await createHarness({
		abr: { apiKey: ABR_KEY, dataCenter: 'custom', baseUrl },
	});
	return { sim, harness, credentials: { adminByRequestApi: { id: 'abr', name: 'ABR test' } } };
}
