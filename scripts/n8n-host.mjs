// A real n8n, installed on first use into a cache folder outside node_modules (n8n is large and must
// never be a dependency of this package), reused afterwards.
//
//   node scripts/n8n-host.mjs [version]      installs (if needed) and prints the n8n binary path
//
// Cache: $N8N_HOST_CACHE, else ~/.cache/n8n-nodes-vtmonitor-adminbyrequest/n8n-<version>/.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { clearInterval, setInterval } from 'node:timers';
import { fileURLToPath } from 'node:url';

/** Newest n8n that runs on Node 20 (2.10 and later need Node 22+). */
export const DEFAULT_N8N_VERSION = '2.8.4';
/** Newest 1.x. */
export const N8N_1X_VERSION = '1.123.81';

export function cacheRoot() {
	return process.env.N8N_HOST_CACHE || path.join(os.homedir(), '.cache', 'n8n-nodes-vtmonitor-adminbyrequest');
}

export function hostFolder(version) {
	return path.join(cacheRoot(), `n8n-${version}`);
}

export function n8nBin(version) {
	return path.join(hostFolder(version), 'node_modules', 'n8n', 'bin', 'n8n');
}

/** Runs a command, resolves on exit 0, rejects otherwise with the output's tail. */
export function run(command, args, options = {}) {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
		let output = '';
		child.stdout.on('data', (chunk) => (output += chunk));
		child.stderr.on('data', (chunk) => (output += chunk));
		child.on('error', reject);
		child.on('close', (code) => {
			if (code === 0) resolve(output);
			else reject(new Error(`${command} ${args.join(' ')} exited ${code}\n${output.slice(-4000)}`));
		});
	});
}

/**
 * n8n-nodes-base depends on xlsx from a CDN tarball; the registry's 0.18.5 installs anywhere.
 * Late 1.123.x pull isolated-vm ^6 (through @n8n/expression-runtime), which needs Node 22+ and fails
 * to compile on Node 20; 5.0.4 builds on Node 20 (the 1.x expression engine does not need it).
 */
export function overridesFor(version) {
	const overrides = { xlsx: '0.18.5' };
	if (version.startsWith('1.')) overrides['isolated-vm'] = '5.0.4';
	return overrides;
}

/** Installs n8n@version into its cache folder unless a complete install is already there. */
export async function ensureN8n(version = DEFAULT_N8N_VERSION, log = (line) => console.error(line)) {
	const folder = hostFolder(version);
	const marker = path.join(folder, '.installed');
	if (fs.existsSync(marker) && fs.existsSync(n8nBin(version))) return n8nBin(version);

	fs.rmSync(folder, { recursive: true, force: true });
	fs.mkdirSync(folder, { recursive: true });
	fs.writeFileSync(
		path.join(folder, 'package.json'),
		JSON.stringify(
			{
				name: `n8n-host-${version}`,
				private: true,
				dependencies: { n8n: version },
				overrides: overridesFor(version),
			},
			null,
			2,
		),
	);
	// A project .npmrc: this machine's global npm config has yes=false, which breaks npx in lifecycle scripts.
	fs.writeFileSync(path.join(folder, '.npmrc'), 'yes=true\nfund=false\naudit=false\nupdate-notifier=false\n');

	const started = Date.now();
	log(`Installing n8n ${version} into ${folder} (first use only: a few minutes, about 2 GB)...`);
	const ticker = setInterval(() => log(`  ...still installing n8n ${version} (${Math.round((Date.now() - started) / 1000)} s)`), 30_000);
	try {
		await run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: folder });
	} finally {
		clearInterval(ticker);
	}
	fs.writeFileSync(marker, `${new Date().toISOString()} ${Math.round((Date.now() - started) / 1000)} s\n`);
	log(`Installed n8n ${version} in ${Math.round((Date.now() - started) / 1000)} s.`);
	return n8nBin(version);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
	const version = process.argv[2] || DEFAULT_N8N_VERSION;
	ensureN8n(version)
		.then((bin) => console.log(bin))
		.catch((error) => {
			console.error(error.message);
			process.exit(1);
		});
}
