/** Counters a soak run reports, per trigger. */
export interface SoakStats {
	trigger: string;
	seed: number;
	polls: number;
	failedPolls: number;
	restarts: number;
	faults: Record<string, number>;
	created: number;
	emitted: number;
	lost: number;
	duplicated: number;
	idleRequestsPerPoll: number;
	catchUpRequestsPerPoll: number;
	staticDataBytes: number;
	/** Every output item, error message and description the run produced, for the key sweep. */
	texts: string[];
}

export function compareEmitted(created: readonly string[], emitted: readonly string[]): { lost: number; duplicated: number } {
	const seen = new Map<string, number>();
	for (const id of emitted) seen.set(id, (seen.get(id) ?? 0) + 1);
	let duplicated = 0;
	for (const count of seen.values()) if (count > 1) duplicated += count - 1;
	const wanted = new Set(created);
	const lost = [...wanted].filter((id) => !seen.has(id)).length;
	const unexpected = [...seen.keys()].filter((id) => !wanted.has(id)).length;
	return { lost: lost + unexpected, duplicated };
}

export function average(values: readonly number[]): number {
	return values.length === 0 ? 0 : Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 100) / 100;
}

export function formatStats(stats: SoakStats): string {
	const faults = Object.entries(stats.faults)
		.sort(([a], [b]) => a.localeCompare(b))
		.map(([kind, count]) => `${kind} ${count}`)
		.join(', ');
	return [
		`${stats.trigger} (seed ${stats.seed})`,
		`  polls ${stats.polls} (failed ${stats.failedPolls}, restarts ${stats.restarts})`,
		`  faults injected: ${faults || 'none'}`,
		`  events created ${stats.created}, emitted ${stats.emitted}, lost ${stats.lost}, duplicated ${stats.duplicated}`,
		`  requests per poll: idle ${stats.idleRequestsPerPoll}, catching up ${stats.catchUpRequestsPerPoll}`,
		`  static data: ${stats.staticDataBytes} bytes`,
	].join('\n');
}
