/**
 * scripts/n8n-host.mjs installs n8n into a shared cache, first emptying the version's folder: two
 * processes (npm start beside npm run test:e2e, two CI jobs on one machine) must take turns, and a
 * lock left by a killed process must not block the next install forever.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '../e2e/n8n';

const HOST = path.join(ROOT, 'scripts', 'n8n-host.mjs');

/** A process that holds the lock for `holdMs`, writing when it enters and leaves. */
function lockedWriter(cache: string, journal: string, holdMs: number): Promise<number | null> {
	const script = `
		import fs from 'node:fs';
		const { withCacheLock } = await import(${JSON.stringify(HOST)});
		await withCacheLock('n8n-test', () => {}, async () => {
			fs.appendFileSync(${JSON.stringify(journal)}, 'enter ' + process.pid + '\\n');
			await new Promise((resolve) => setTimeout(resolve, ${holdMs}));
			fs.appendFileSync(${JSON.stringify(journal)}, 'leave ' + process.pid + '\\n');
		});`;
	const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
		env: { ...process.env, N8N_HOST_CACHE: cache },
		stdio: 'inherit',
	});
	return new Promise((resolve) => child.on('exit', resolve));
}

let cache: string;
beforeEach(() => {
	cache = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-host-lock-'));
});
afterEach(() => fs.rmSync(cache, { recursive: true, force: true }));

it('processes installing the same n8n take turns', async () => {
	const journal = path.join(cache, 'journal');
	const codes = await Promise.all([1, 2, 3].map(() => lockedWriter(cache, journal, 400)));
	expect(codes).toEqual([0, 0, 0]);
	const lines = fs.readFileSync(journal, 'utf8').trim().split('\n');
	expect(lines).toHaveLength(6);
	for (let i = 0; i < lines.length; i += 2) {
		expect(lines[i]).toMatch(/^enter (\d+)$/);
		expect(lines[i + 1]).toBe(lines[i].replace('enter', 'leave'));
	}
	expect(fs.existsSync(path.join(cache, 'n8n-test.lock'))).toBe(false);
}, 30_000);

it('a lock whose holder has ended is taken over at once', async () => {
	const ended = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' });
	const lock = path.join(cache, 'n8n-test.lock');
	fs.mkdirSync(lock);
	fs.writeFileSync(path.join(lock, 'pid'), ended.stdout.trim());
	const journal = path.join(cache, 'journal');
	const started = Date.now();
	expect(await lockedWriter(cache, journal, 10)).toBe(0);
	expect(Date.now() - started).toBeLessThan(5_000);
	expect(fs.readFileSync(journal, 'utf8')).toMatch(/^enter \d+\nleave \d+\n$/);
});
