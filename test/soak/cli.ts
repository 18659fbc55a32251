/**
 * `npm run soak -- [--seed N] [--polls N]`: the long randomized run of each trigger, on each of
 * n8n's trigger engines (classic, scheduler, scheduler with durable cursors). The seed is
 * printed; pass it back to repeat a run exactly. Exits non-zero if any event was lost or
 * duplicated, or the API key showed up in any output.
 */
import 'reflect-metadata';

import { installCapturingLogger } from '../support/capturingLogger';
import { TRIGGER_ENGINES } from '../support/enginePoller';
import { runAbrSoak } from './abrSoak';
import { formatStats, leaksOf } from './soakStats';
import { runVtSoak } from './vtSoak';

function option(name: string): number | undefined {
	const index = process.argv.indexOf(`--${name}`);
	const value = index === -1 ? undefined : Number(process.argv[index + 1]);
	return value !== undefined && Number.isFinite(value) ? value : undefined;
}

async function main(): Promise<void> {
	const seed = option('seed') ?? Math.floor(Math.random() * 1_000_000);
	const polls = option('polls') ?? 3000;
	console.log(`soak: seed ${seed}, ${polls} polls per trigger (repeat with --seed ${seed})\n`);

	const logLines = installCapturingLogger();
	const results = [];
	for (const engine of TRIGGER_ENGINES) {
		results.push(await runAbrSoak({ seed, polls, engine }));
		for (const [offset, order] of (['asc', 'desc', 'none'] as const).entries()) {
			results.push(await runVtSoak({ seed: seed + offset, polls, order, engine }));
		}
	}
	let failed = false;
	for (const stats of results) {
		console.log(formatStats(stats));
		const leaks = leaksOf(stats.texts).length;
		console.log(`  API key found in outputs, errors and static data: ${leaks}\n`);
		if (stats.lost > 0 || stats.duplicated > 0 || leaks > 0) failed = true;
	}
	const logLeaks = leaksOf(logLines).length;
	console.log(`n8n log lines: ${logLines.length}, with the API key: ${logLeaks}`);
	if (logLeaks > 0) failed = true;
	console.log(failed ? 'FAILED' : 'OK: 0 lost, 0 duplicated, no key in any output');
	process.exit(failed ? 1 : 0);
}

void main();
