import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { NOT_PENDING_ANSWERS, PENDING_STATUS } from '../../apiAssumptions';
import { abrConnection, abrSend, fetchEntry, type AbrConnection, type AbrEntry } from '../../transport';
import { getOneEntry } from '../common/list';
import { requestNotFound } from './requestId';

/** Approve (`PUT /requests/{id}`) or Deny (`DELETE /requests/{id}`). */
interface Decision {
	method: 'PUT' | 'DELETE';
	/** The outcome, and the verb in messages, when the decision was taken. */
	outcome: 'approved' | 'denied';
	/** Statuses that, read after a decision the API accepted, show that another decision won. */
	contradictedBy: string[];
	/** The hint for an HTTP 400 answer to the decision. */
	refusedHint: string;
}

const DECISIONS: Record<'approve' | 'deny', Decision> = {
	approve: {
		method: 'PUT',
		outcome: 'approved',
		contradictedBy: ['Denied', 'Quarantined'],
		refusedHint:
			'Check Approved By: it must be the e-mail address of a user of your Admin By Request portal. The request was not approved.',
	},
	deny: {
		method: 'DELETE',
		outcome: 'denied',
		contradictedBy: ['Approved', 'Quarantined'],
		refusedHint:
			'Check Denied By (the e-mail address of a user of your Admin By Request portal) and Reason. The request was not denied.',
	},
};

/**
 * Takes a decision on a request, and says what happened. The request is read first and the
 * decision sent only while it is pending, so a request already decided is never changed (a Deny
 * cannot undo an approval); it is read again afterwards, so the output shows its status as the
 * API now reports it. Whatever the API answers to a decision on a request that stopped being
 * pending in between (undocumented), the output says so rather than failing, once a fresh read
 * confirms it.
 */
export async function decide(
	ctx: IExecuteFunctions,
	itemIndex: number,
	id: number,
	operation: keyof typeof DECISIONS,
	/** The optional fields, under the API's names. */
	qs: IDataObject,
	timeoutMs: number,
): Promise<IDataObject> {
	const decision = DECISIONS[operation];
	const connection = await abrConnection(ctx);
	const path = `/requests/${id}`;
	const hints = requestNotFound(id);
	const before = await getOneEntry(ctx, itemIndex, 'request', id, path, timeoutMs, { hints, connection });
	const previousStatus = statusOf(before);
	const report = (
		outcome: string,
		request: AbrEntry | undefined,
		message: string,
	): IDataObject => ({
		requestId: id,
		operation,
		outcome,
		changed: outcome === decision.outcome,
		previousStatus,
		status: request ? statusOf(request) : null,
		message: `Request ${id} (${summary(before)}) ${message}`,
		request: request ?? before,
	});
	const notTaken = `was not ${decision.outcome}`;

	if (!isPending(previousStatus)) {
		return report(
			'notPending',
			before,
			`${notTaken}: it is no longer pending (status ${previousStatus}). Nothing was sent.`,
		);
	}

	let refused: NodeApiError | undefined;
	try {
		await abrSend(ctx, {
			method: decision.method,
			path,
			qs,
			timeoutMs,
			connection,
			hints: { ...hints, 400: decision.refusedHint },
		});
	} catch (error) {
		if (!(error instanceof NodeApiError)) throw new NodeOperationError(ctx.getNode(), error as Error);
		refused = error;
	}
	if (refused) {
		const httpCode = Number(refused.httpCode);
		const now = NOT_PENDING_ANSWERS.includes(httpCode)
			? await readQuietly(ctx, path, timeoutMs, connection)
			: undefined;
		if (!now || isPending(statusOf(now))) throw refused;
		return report(
			'notPending',
			now,
			`${notTaken}: it stopped being pending before the decision arrived (status ${statusOf(now)}; Admin By Request answered HTTP ${httpCode}).`,
		);
	}

	const after = await readQuietly(ctx, path, timeoutMs, connection);
	if (!after) {
		return report(
			decision.outcome,
			undefined,
			`was ${decision.outcome}. Admin By Request accepted the decision; reading the request back afterwards failed, so its status is not known.`,
		);
	}
	const status = statusOf(after);
	if (decision.contradictedBy.some((other) => sameStatus(other, status))) {
		return report(
			'notPending',
			after,
			`${notTaken}: it was decided otherwise just before (status ${status}).`,
		);
	}
	return report(
		decision.outcome,
		after,
		isPending(status)
			? `was ${decision.outcome}. Admin By Request accepted the decision; the request still shows status ${status}.`
			: `was ${decision.outcome} (status ${status}).`,
	);
}

/** The request as it is now, or undefined if it cannot be read: the report then says so. */
async function readQuietly(
	ctx: IExecuteFunctions,
	path: string,
	timeoutMs: number,
	connection: AbrConnection,
): Promise<AbrEntry | undefined> {
	try {
		return await fetchEntry(ctx, { path, timeoutMs, connection });
	} catch {
		return undefined;
	}
}

function statusOf(request: AbrEntry): string {
	return typeof request.status === 'string' ? request.status : String(request.status ?? 'unknown');
}

function sameStatus(a: string, b: string): boolean {
	return a.toLowerCase() === b.toLowerCase();
}

function isPending(status: string): boolean {
	return sameStatus(status, PENDING_STATUS);
}

/** Who asks for what, where: "putty.exe for CONTOSO\jdoe on FTWIN11". */
function summary(request: AbrEntry): string {
	const application = record(request.application);
	const user = record(request.user);
	const computer = record(request.computer);
	const what = text(application.file) ?? text(application.name) ?? text(request.type) ?? 'elevation';
	const who = text(user.account) ?? text(user.fullName);
	const where = text(computer.name);
	return [what, who && `for ${who}`, where && `on ${where}`].filter(Boolean).join(' ');
}

function record(value: unknown): IDataObject {
	return value && typeof value === 'object' && !Array.isArray(value) ? (value as IDataObject) : {};
}

function text(value: unknown): string | undefined {
	return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}
