import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { withFailure } from '../shared/pollFailure';
import { readStartAnchor, writeStartAnchor } from '../shared/startAnchor';
import { addDays, utcDate } from './apiDate';
import { EARLIEST_START_DATE } from './apiAssumptions';
import {
	applyDeltaAnswer,
	auditCheckpointData,
	exactTimeNow,
	readAuditCheckpoint,
	ticksOf,
	writeAuditCheckpoint,
	type AuditChange,
	type AuditCheckpoint,
} from './auditLogChanges';
import { isEvent } from './event';
import { abrConnection, abrSendWithText, fetchEntries, type AbrConnection, type AbrEntry } from './transport';
import type { TriggerSettings } from './triggerSettings';

const DELTA_PATH = '/auditlog/delta';

/**
 * Trigger On "Audit Log Change": every new audit log entry and every later change of one, exactly
 * once, read through the delta feed. The checkpoint is the feed's last `timeNow`, kept exact.
 */
export async function pollAuditLog(
	ctx: IPollFunctions,
	settings: TriggerSettings,
): Promise<INodeExecutionData[][] | null> {
	const connection = await abrConnection(ctx);
	if (ctx.getMode() === 'manual') return await sample(ctx, settings, connection);

	const staticData = ctx.getWorkflowStaticData('node');
	let checkpoint = readAuditCheckpoint(staticData) ?? readAuditCheckpoint(readStartAnchor(ctx));
	if (!checkpoint) {
		checkpoint = await startingCheckpoint(ctx, settings, connection);
		writeStartAnchor(ctx, auditCheckpointData(checkpoint));
		if (settings.startFrom === 'now') {
			writeAuditCheckpoint(staticData, checkpoint);
			return null;
		}
	}

	const answer = await readDelta(ctx, settings, connection, checkpoint.deltaTime);
	const { emit, checkpoint: next } = applyDeltaAnswer(checkpoint, answer.entries, answer.timeNow);
	writeAuditCheckpoint(staticData, next);
	return emit.length === 0 ? null : [emit.map((json) => ({ json }))];
}

/**
 * "Now": the newest entry's id (so later ones are new), the feed's timeNow, and what the feed
 * answers at that timeNow: those entries changed before activation and are the boundary, so an
 * inclusive feed's repeat of them is not taken for a change. "Lookback": the feed from the tick of
 * the lookback's first day, and as baseline the newest entry requested before that day.
 */
async function startingCheckpoint(
	ctx: IPollFunctions,
	settings: TriggerSettings,
	connection: AbrConnection,
): Promise<AuditCheckpoint> {
	if (settings.startFrom === 'lookback') {
		const start = addDays(utcDate(Date.now()), -(settings.lookbackDays ?? 0));
		const before = await fetchEntries(
			ctx,
			{
				path: '/auditlog',
				qs: { last: 1, startdate: EARLIEST_START_DATE, enddate: addDays(start, -1) },
				timeoutMs: settings.timeoutMs,
				connection,
			},
			'audit log entries',
		);
		return { deltaTime: ticksOf(Date.parse(`${start}T00:00:00Z`)), baselineId: before[0]?.id ?? 0, statuses: [] };
	}
	const newest = await fetchEntries(
		ctx,
		{ path: '/auditlog', qs: { last: 1 }, timeoutMs: settings.timeoutMs, connection },
		'audit log entries',
	);
	const now = await readDelta(ctx, settings, connection, undefined);
	const atNow = await readDelta(ctx, settings, connection, now.timeNow);
	const empty: AuditCheckpoint = { deltaTime: now.timeNow, baselineId: newest[0]?.id ?? 0, statuses: [] };
	return applyDeltaAnswer(empty, atNow.entries, atNow.timeNow).checkpoint;
}

/** One call of the delta feed: its entries and its exact timeNow. */
async function readDelta(
	ctx: IPollFunctions,
	settings: TriggerSettings,
	connection: AbrConnection,
	deltaTime: string | undefined,
): Promise<{ entries: AbrEntry[]; timeNow: string }> {
	const qs: IDataObject = deltaTime === undefined ? {} : { deltaTime };
	const { body, text } = await abrSendWithText(ctx, {
		path: DELTA_PATH,
		qs,
		timeoutMs: settings.timeoutMs,
		connection,
		hints: {
			400: 'The delta feed refused deltaTime. With Start From "Lookback" the trigger sends the tick of the lookback\'s first day, which this API may not accept: use Start From "Now".',
		},
	});
	const timeNow = exactTimeNow(body, text);
	const entries = (body as IDataObject | undefined)?.entries ?? [];
	if (timeNow === undefined || !Array.isArray(entries) || !entries.every(isEvent)) {
		throw withFailure(
			new NodeApiError(
				ctx.getNode(),
				{ message: 'unexpected response' },
				{
					message: 'Admin By Request answered the audit log delta feed with something unexpected',
					description: `Expected {"entries": [...], "timeNow": <integer>} from ${DELTA_PATH}. Check the base URL in the credential.`,
				},
			),
			{ cause: 'configuration-invalid' },
		);
	}
	return { entries: entries as AbrEntry[], timeNow };
}

/** "Fetch Test Event": the newest audit log entry, shaped like an emitted item, static data untouched. */
async function sample(
	ctx: IPollFunctions,
	settings: TriggerSettings,
	connection: AbrConnection,
): Promise<INodeExecutionData[][] | null> {
	const newest = await fetchEntries(
		ctx,
		{ path: '/auditlog', qs: { last: 1 }, timeoutMs: settings.timeoutMs, connection },
		'audit log entries',
	);
	if (newest.length === 0) return null;
	const json: AuditChange = { ...newest[0], changeType: 'new', previousStatus: null };
	return [[{ json }]];
}
