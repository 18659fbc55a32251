/**
 * `npm run simulator`: the API simulators as standalone servers, for trying the nodes in a real
 * n8n by hand. Seeds recent history and adds a new event, and a new elevation (an audit log entry,
 * often a request that a portal admin decides some minutes later), every few seconds.
 *
 *   npm run simulator -- [--abr-port 8801] [--vt-port 8802] [--every 5]
 */
import { AdminByRequestSimulator } from './adminByRequestSimulator';
import { VirusTotalMonitorSimulator } from './virusTotalMonitorSimulator';

function option(name: string, fallback: number): number {
	const index = process.argv.indexOf(`--${name}`);
	const value = index === -1 ? undefined : Number(process.argv[index + 1]);
	return value !== undefined && Number.isFinite(value) ? value : fallback;
}

async function main(): Promise<void> {
	const everySeconds = option('every', 5);
	const abr = new AdminByRequestSimulator({
		apiKey: process.env.ABR_SIM_API_KEY ?? 'abr-demo-key',
		seed: Date.now() % 100_000,
	});
	for (let hoursAgo = 72; hoursAgo > 0; hoursAgo -= 2) {
		abr.addEvent({ at: Date.now() - hoursAgo * 3_600_000 });
		abr.addElevation({ at: Date.now() - hoursAgo * 3_600_000 });
	}
	const abrUrl = await abr.start(option('abr-port', 8801));

	const vt = new VirusTotalMonitorSimulator({
		apiKey: process.env.VT_SIM_API_KEY ?? 'vt-demo-key',
		order: 'desc',
		seed: Date.now() % 100_000,
	});
	for (let hoursAgo = 72; hoursAgo > 0; hoursAgo -= 3) vt.addEvent({ at: Date.now() - hoursAgo * 3_600_000 });
	const vtUrl = await vt.start(option('vt-port', 8802));

	console.log('Admin By Request simulator');
	console.log(`  credential: Data Center "Custom Base URL", Base URL ${abrUrl}, API Key ${abr.apiKey}`);
	console.log('VirusTotal Monitor simulator');
	console.log(`  credential: Base URL ${vtUrl}, API Key ${vt.apiKey}`);
	console.log(`A new event on each, and an ABR elevation, every ${everySeconds} s. Ctrl-C stops.`);

	const timer = setInterval(() => {
		const event = abr.addEvent();
		console.log(`+ ABR event ${event.id} code ${event.eventCode} level ${event.eventLevel} on ${event.computerName}`);
		const elevation = abr.addElevation();
		console.log(`+ ABR audit log entry ${elevation.id} (${elevation.kind}, ${elevation.status}) on ${elevation.computer.name}`);
		const vtEvent = vt.addEvent();
		console.log(`+ VT event ${vtEvent.action} level ${vtEvent.level} at ${vtEvent.timestamp}`);
	}, everySeconds * 1000);

	const stop = async () => {
		clearInterval(timer);
		await Promise.all([abr.stop(), vt.stop()]);
		process.exit(0);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

void main();
