import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';

import { PollBudget } from '../shared/pollBudget';
import { readStartAnchor, writeStartAnchor } from '../shared/startAnchor';
import { addDays, utcDate } from './apiDate';
import { freshAbove } from './pollCheckpoint';
import { PENDING_STATUS, REQUESTS_MAX_TAKE } from './apiAssumptions';
import { abrConnection, fetchEntries, type AbrEntry } from './transport';
import type { TriggerSettings } from './triggerSettings';

/**
 * What the New Pending Request trigger keeps in static data, under `pendingRequests`: the highest
 * request id handled. Request ids grow as requests are made, and a request is pending from the
 * moment it is made, so every pending request above it is new. With Start From "Lookback",
 * `notBefore` holds the first day whose requests count.
 */
export interface PendingCheckpoint {
	lastId: number;
	notBefore?: string;
}

const KEY = 'pendingRequests';

export function readPendingCheckpoint(data: IDataObject | undefined): PendingCheckpoint | undefined {
	const raw = data?.[KEY] as IDataObject | undefined;
	if (!raw || typeof raw !== 'object') return undefined;
	const { lastId, notBefore } = raw;
	if (typeof lastId !== 'number' || !Number.isSafeInteger(lastId) || lastId < 0) return undefined;
	if (notBefore !== undefined && (typeof notBefore !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(notBefore))) return undefined;
	return notBefore === undefined ? { lastId } : { lastId, notBefore };
}

function pendingCheckpointData(checkpoint: PendingCheckpoint): IDataObject {
	return { [KEY]: { ...checkpoint } };
}

function writePendingCheckpoint(data: IDataObject, checkpoint: PendingCheckpoint): void {
	if (JSON.stringify(data[KEY]) === JSON.stringify(checkpoint)) return;
	data[KEY] = { ...checkpoint };
}

/** Pending requests above the checkpoint, in id order, once each; the checkpoint after them. */
export function advancePending(
	checkpoint: PendingCheckpoint,
	page: readonly AbrEntry[],
): { emit: AbrEntry[]; checkpoint: PendingCheckpoint } {
	const fresh = freshAbove(checkpoint.lastId, page);
	if (fresh.length === 0) return { emit: [], checkpoint };
	const emit = fresh.filter(
		(request) =>
			String(request.status ?? '').toLowerCase() === PENDING_STATUS.toLowerCase() &&
			(checkpoint.notBefore === undefined || String(request.requestTime ?? '').slice(0, 10) >= checkpoint.notBefore),
	);
	return { emit, checkpoint: { ...checkpoint, lastId: fresh[fresh.length - 1].id } };
}

/** Trigger On "New Pending Request". */
export async function pollPendingRequests(
	ctx: IPollFunctions,
	settings: TriggerSettings,
): Promise<INodeExecutionData[][] | null> {
	const connection = await abrConnection(ctx);
	const list = async (qs: IDataObject) =>
		await fetchEntries(ctx, { path: '/requests', qs, timeoutMs: settings.timeoutMs, connection }, 'requests');

	if (ctx.getMode() === 'manual') {
		const newest = await list({ status: PENDING_STATUS, last: 1 });
		return newest.length === 0 ? null : [[{ json: newest[0] }]];
	}

	const staticData = ctx.getWorkflowStaticData('node');
	let checkpoint = readPendingCheckpoint(staticData) ?? readPendingCheckpoint(readStartAnchor(ctx));
	if (!checkpoint) {
		if (settings.startFrom === 'now') {
			// Nothing made before activation is new, pending or not.
			checkpoint = { lastId: (await list({ last: 1 }))[0]?.id ?? 0 };
		} else if (settings.startFrom === 'lookback') {
			checkpoint = { lastId: 0, notBefore: addDays(utcDate(Date.now()), -(settings.lookbackDays ?? 0)) };
		} else {
			checkpoint = { lastId: (settings.startId ?? 1) - 1 };
		}
		writeStartAnchor(ctx, pendingCheckpointData(checkpoint));
		if (settings.startFrom === 'now') {
			writePendingCheckpoint(staticData, checkpoint);
			return null;
		}
	}

	const { emit, checkpoint: next } = await readNewPending(ctx, settings, checkpoint, list);
	writePendingCheckpoint(staticData, next);
	return emit.length === 0 ? null : [emit.map((json) => ({ json }))];
}

/**
 * Pages of pending requests above the checkpoint until a short page, Max Events Per Poll, or
 * n8n's poll budget. Requests the lookback's day filter leaves out move the checkpoint too; a poll
 * that has emitted nothing yet reads on, as the New Event trigger does.
 */
async function readNewPending(
	ctx: IPollFunctions,
	settings: TriggerSettings,
	start: PendingCheckpoint,
	list: (qs: IDataObject) => Promise<AbrEntry[]>,
): Promise<{ emit: AbrEntry[]; checkpoint: PendingCheckpoint }> {
	const budget = new PollBudget(ctx);
	const emit: AbrEntry[] = [];
	let checkpoint = start;
	let read = 0;
	for (;;) {
		const left = settings.maxEventsPerPoll - read;
		const take = Math.min(REQUESTS_MAX_TAKE, left > 0 ? left : settings.maxEventsPerPoll);
		const page = await budget.measure(() => list({ status: PENDING_STATUS, startid: checkpoint.lastId + 1, take }));
		read += page.length;
		const step = advancePending(checkpoint, page);
		const progressed = step.checkpoint.lastId > checkpoint.lastId;
		emit.push(...step.emit);
		checkpoint = step.checkpoint;
		if (page.length < take || !progressed || !budget.allowsAnother()) break;
		if (read >= settings.maxEventsPerPoll && emit.length > 0) break;
	}
	return { emit, checkpoint };
}
