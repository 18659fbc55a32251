/**
 * `npm start`: the demo. Both API simulators with a steady trickle of events, and a real n8n on
 * http://localhost:5678 with this package installed from its tarball as a community package,
 * credentials pointing at the simulators, and the example workflows imported and active.
 *
 * Env: N8N_DEMO_VERSION (default 2.8.4), N8N_DEMO_PORT (5678), N8N_DEMO_EVERY (seconds between
 * events, 5), N8N_HOST_CACHE (where n8n is installed on first use).
 */
import fs from 'node:fs';
import path from 'node:path';
import { AdminByRequestSimulator } from '../simulator/adminByRequestSimulator';
import { VirusTotalMonitorSimulator } from '../simulator/virusTotalMonitorSimulator';
import { N8n, PACKAGE_NAME, ROOT, ensureN8n, freePort, packPackage } from './n8n';

const VERSION = process.env.N8N_DEMO_VERSION ?? '2.8.4';
const PORT = Number(process.env.N8N_DEMO_PORT ?? 5678);
const EVERY_SECONDS = Number(process.env.N8N_DEMO_EVERY ?? 5);
const OWNER = { email: 'demo@example.com', firstName: 'Demo', lastName: 'User', password: 'Demo-n8n-2026' };
const EXAMPLES = path.join(ROOT, 'examples');

async function main(): Promise<void> {
	const bin = await ensureN8n(VERSION);
	const userFolder = path.join(ROOT, '.cache', 'demo-n8n');
	fs.rmSync(userFolder, { recursive: true, force: true });
	fs.mkdirSync(userFolder, { recursive: true });

	const abr = new AdminByRequestSimulator({ apiKey: 'abr-demo-key', seed: Date.now() % 100_000 });
	for (let hoursAgo = 72; hoursAgo > 0; hoursAgo -= 2) abr.addEvent({ at: Date.now() - hoursAgo * 3_600_000 });
	const vt = new VirusTotalMonitorSimulator({ apiKey: 'vt-demo-key', seed: Date.now() % 100_000 });
	for (let hoursAgo = 72; hoursAgo > 0; hoursAgo -= 3) vt.addEvent({ at: Date.now() - hoursAgo * 3_600_000 });
	const abrUrl = await abr.start(Number(process.env.ABR_SIM_PORT ?? 8801));
	await vt.start(Number(process.env.VT_SIM_PORT ?? 8802));

	const n8n = new N8n(bin, userFolder, PORT, await freePort(), { N8N_LOG_FORMAT: 'text', N8N_LISTEN_ADDRESS: '' });
	let timer: NodeJS.Timeout | undefined;
	let stopping = false;
	const stop = async (code: number) => {
		if (stopping) return;
		stopping = true;
		if (timer) clearInterval(timer);
		console.log('\nStopping n8n and the simulators...');
		await n8n.stop();
		await Promise.all([abr.stop(), vt.stop()]);
		console.log('Stopped.');
		process.exit(code);
	};
	process.on('SIGINT', () => void stop(0));
	process.on('SIGTERM', () => void stop(0));

	try {
		const tarball = await packPackage(path.join(userFolder, 'pack'));
		await n8n.installPackage(tarball);
		// The example workflows name these credential ids: the demo's copies point at the simulators.
		await n8n.importCredentials([
			{ id: 'exAbrCredential', name: 'Admin By Request account', type: 'adminByRequestApi', data: { apiKey: abr.apiKey, dataCenter: 'custom', baseUrl: abrUrl } },
			{ id: 'exVtCredential', name: 'VirusTotal Monitor account', type: 'virusTotalMonitorApi', data: { apiKey: vt.apiKey, baseUrl: vt.baseUrl } },
		]);
		const workflows = fs
			.readdirSync(EXAMPLES)
			.filter((file) => file.endsWith('.json'))
			.map((file) => JSON.parse(fs.readFileSync(path.join(EXAMPLES, file), 'utf8')) as { id: string; name: string });
		await n8n.importWorkflows(workflows);
		const major = Number(VERSION.split('.')[0]);
		for (const workflow of workflows) await n8n.activate(major, workflow.id);

		console.log(`Starting n8n ${VERSION} (log: ${path.join(userFolder, 'n8n.log')})...`);
		await n8n.start();
		const logFile = fs.createWriteStream(path.join(userFolder, 'n8n.log'));
		logFile.write(n8n.serverLog);
		n8n.onLog = (chunk) => logFile.write(chunk);
		await n8n.setupOwner(OWNER).catch((error: Error) => console.log(`(${error.message}: create the owner account in the browser)`));

		timer = setInterval(() => {
			const a = abr.addEvent();
			const v = vt.addEvent();
			console.log(`+ ABR event ${a.id} code ${a.eventCode} level ${a.eventLevel} on ${a.computerName}; VT ${v.action} level ${v.level}`);
		}, EVERY_SECONDS * 1000);

		console.log(`
n8n ${VERSION} is running with ${PACKAGE_NAME} installed as a community package.

  Open      http://localhost:${PORT}
  Sign in   ${OWNER.email} / ${OWNER.password}

Active example workflows (the triggers poll every minute; open Executions to see them run):
${workflows.map((w) => `  - ${w.name}`).join('\n')}

Simulators (a new event on each every ${EVERY_SECONDS} s):
  Admin By Request    ${abrUrl}  (credential "Admin By Request account", API key ${abr.apiKey})
  VirusTotal Monitor  ${vt.baseUrl}  (credential "VirusTotal Monitor account", API key ${vt.apiKey})

Ctrl-C stops everything.
`);
	} catch (error) {
		console.error((error as Error).message);
		await stop(1);
	}
}

void main();
