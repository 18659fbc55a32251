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

/** Compares as multisets: an event created twice must be emitted twice. */
export function compareEmitted(created: readonly string[], emitted: readonly string[]): { lost: number; duplicated: number } {
	const balance = new Map<string, number>();
	for (const key of created) balance.set(key, (balance.get(key) ?? 0) + 1);
	for (const key of emitted) balance.set(key, (balance.get(key) ?? 0) - 1);
	let lost = 0;
	let duplicated = 0;
	for (const count of balance.values()) {
		if (count > 0) lost += count;
		else duplicated -= count;
	}
	return { lost, duplicated };
}

/** Every API key the tests and soaks use, in the forms a leak could take. */
export const SWEPT_KEYS = [
	'abr-secret-key-7f3a9c2e51',
	'vt-soak-key+/=0cc175b9c0f1b6a8',
	'vt-trigger-test-key-0cc175b9c0f1b6a831c399e269772661',
];

/** The texts that contain a key, as is or URL-encoded. */
export function leaksOf(texts: readonly string[], keys: readonly string[] = SWEPT_KEYS): string[] {
	const forms = keys.flatMap((key) => [key, encodeURIComponent(key)]);
	return texts.filter((text) => forms.some((form) => text.includes(form)));
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

interface PollOutcomeLike {
	emitted: Array<{ json: Record<string, unknown> }>;
	error?: { message: string; description?: string | null };
}

/** Bookkeeping shared by the soaks: what was created, what each poll emitted or failed with. */
export class SoakRecorder {
	readonly created: string[] = [];
	readonly emitted: string[] = [];
	readonly texts: string[] = [];
	readonly faults: Record<string, number> = {};
	private readonly idleRequests: number[] = [];
	private readonly catchUpRequests: number[] = [];
	private failedPolls = 0;
	restarts = 0;

	constructor(
		private readonly keyOf: (json: Record<string, unknown>) => string,
		private readonly requestCount: () => number,
	) {}

	fault(kind: string): void {
		this.faults[kind] = (this.faults[kind] ?? 0) + 1;
	}

	/** Runs one poll (or activation) and records its outcome and the requests it made. */
	async poll(run: () => Promise<PollOutcomeLike>): Promise<PollOutcomeLike> {
		const before = this.requestCount();
		const outcome = await run();
		if (outcome.error) {
			this.failedPolls++;
			this.texts.push(outcome.error.message, String(outcome.error.description ?? ''));
		}
		for (const item of outcome.emitted) {
			this.emitted.push(this.keyOf(item.json));
			this.texts.push(JSON.stringify(item));
		}
		if (!outcome.error && outcome.emitted.length > 0) this.catchUpRequests.push(this.requestCount() - before);
		return outcome;
	}

	/**
	 * Polls until nothing is left (three quiet polls in a row, with the trigger's own work done as
	 * `settled` tells), then measures a few idle polls.
	 */
	async drainAndMeasureIdle(poll: () => Promise<PollOutcomeLike>, settled: () => boolean = () => true): Promise<void> {
		for (let drain = 0, quiet = 0; drain < 20_000 && quiet < 3; drain++) {
			const outcome = await this.poll(poll);
			const idle = outcome.emitted.length === 0 && !outcome.error;
			quiet = idle && settled() ? quiet + 1 : 0;
		}
		for (let idle = 0; idle < 5; idle++) {
			const before = this.requestCount();
			await this.poll(poll);
			this.idleRequests.push(this.requestCount() - before);
		}
	}

	stats(trigger: string, seed: number, polls: number, savedStaticData: unknown): SoakStats {
		const { lost, duplicated } = compareEmitted(this.created, this.emitted);
		this.texts.push(JSON.stringify(savedStaticData));
		return {
			trigger,
			seed,
			polls,
			failedPolls: this.failedPolls,
			restarts: this.restarts,
			faults: this.faults,
			created: this.created.length,
			emitted: this.emitted.length,
			lost,
			duplicated,
			idleRequestsPerPoll: average(this.idleRequests),
			catchUpRequestsPerPoll: average(this.catchUpRequests),
			staticDataBytes: JSON.stringify(savedStaticData).length,
			texts: this.texts,
		};
	}
}
