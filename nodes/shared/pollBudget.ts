import type { IPollFunctions } from 'n8n-workflow';

/** `getPollBudgetMs` came with n8n 2.41; older versions have no budget, so a poll runs to its caps. */
type WithPollBudget = IPollFunctions & { getPollBudgetMs?: () => number };

/**
 * Tells a poll when to stop fetching so that it finishes inside the time n8n gives it (under the
 * 2.41 scheduler a poll past its timeout is abandoned, and nothing it did counts). It stops before
 * a request that, at the pace of the slowest one so far, could end past the budget.
 */
export class PollBudget {
	private readonly startedAt = Date.now();
	private slowestMs = 0;
	private readonly budgetMs: number | undefined;

	constructor(ctx: IPollFunctions) {
		const read = (ctx as WithPollBudget).getPollBudgetMs;
		const budget = typeof read === 'function' ? read.call(ctx) : undefined;
		this.budgetMs = typeof budget === 'number' && Number.isFinite(budget) && budget > 0 ? budget : undefined;
	}

	/** Times one request, so the next decision knows how long requests take. */
	async measure<T>(request: () => Promise<T>): Promise<T> {
		const started = Date.now();
		try {
			return await request();
		} finally {
			this.slowestMs = Math.max(this.slowestMs, Date.now() - started);
		}
	}

	/** Whether another request fits. The first request of a poll always does. */
	allowsAnother(): boolean {
		if (this.budgetMs === undefined) return true;
		return Date.now() - this.startedAt + 2 * this.slowestMs < this.budgetMs;
	}
}
