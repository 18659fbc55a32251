import type { IPollFunctions } from 'n8n-workflow';

const inFlight = new Set<string>();

/**
 * Runs one poll of a trigger unless another poll of the same trigger is still running in this
 * process, in which case this one does nothing. n8n starts polls on a schedule without waiting for
 * the last one: a poll slower than its interval (a backlog, a slow API, a loaded machine) would
 * otherwise run beside the next, both would start from the same checkpoint, and both would emit
 * the same events. The poll still running delivers them; a skipped poll writes nothing.
 */
export async function pollExclusively<T>(ctx: IPollFunctions, poll: () => Promise<T | null>): Promise<T | null> {
	const key = `${ctx.getWorkflow().id ?? ''}\u0000${ctx.getNode().id ?? ctx.getNode().name}`;
	if (inFlight.has(key)) return null;
	inFlight.add(key);
	try {
		return await poll();
	} finally {
		inFlight.delete(key);
	}
}
