import { HttpSimulator } from '../simulator/httpSimulator';
import { VirusTotalMonitorSimulator, type VtSimulatorOptions } from '../simulator/virusTotalMonitorSimulator';
import { createHarness, type Harness } from './n8nHarness';

export interface VtFixture {
	sim: VirusTotalMonitorSimulator;
	/** Another host, named in `links.next`: no request may ever reach it. */
	foreign: HttpSimulator;
	harness: Harness;
	stop: () => Promise<void>;
}

/** A running simulator and a harness whose VirusTotal Monitor credential points at it. */
export async function startVtFixture(apiKey: string, options: VtSimulatorOptions = {}): Promise<VtFixture> {
	const foreign = new HttpSimulator(() => ({ status: 200, body: { data: [] } }));
	await foreign.start();
	const sim = new VirusTotalMonitorSimulator({ apiKey, linksNextOrigin: foreign.baseUrl, ...options });
	await sim.start();
	const harness = await createHarness({ virusTotalMonitorApi: { apiKey, baseUrl: sim.baseUrl } });
	return {
		sim,
		foreign,
		harness,
		stop: async () => {
			await sim.stop();
			await foreign.stop();
		},
	};
}
