/**
 * The trigger's exactly-once decisions, free of n8n and HTTP so every case is unit-tested.
 *
 * Events have no id and second-resolution timestamps, so the checkpoint is a second T plus a
 * multiset of the identities already emitted at T; T only moves to the newest *emitted* second.
 * Everything else (a floor proven empty below, an upper bound narrowing a listing that did not
 * fit, a cursor to continue one) is a hint: losing it (n8n keeps static data only when a poll
 * emits) costs requests, never events.
 */
import { createHash } from 'crypto';
import type { IDataObject } from 'n8n-workflow';
import { formatFilterTimestamp, parseEventTimestamp } from './apiAssumptions';

/** Distinct identities kept for one second; beyond it a re-listing may repeat, never lose, events. */
export const MAX_SEEN_IDENTITIES = 10_000;

/** Later bounds kept; dropping one costs a re-narrowing later, never an event. */
export const MAX_LATER_BOUNDS = 200;

export type IdentityCounts = Record<string, number>;

export interface Continuation {
	cursor: string;
	jobId?: string;
	/** The filter the listing was started with: a cursor belongs to its query. */
	filter: string;
	/** Occurrences at T still to skip in the rest of this listing (already emitted earlier). */
	skip: IdentityCounts;
	/** Earlier pages of this listing came in ascending order. */
	ascending?: boolean;
}

export interface Checkpoint {
	/** Newest emitted second, `YYYY-MM-DDTHH:mm:ss` UTC; the listing lower bound, inclusive. */
	timestamp: string;
	/** Identities emitted at `timestamp`, with how many times (identical events form a multiset). */
	seen: IdentityCounts;
	/** Hint: every event below this second has been emitted (set after a narrowed listing completes). */
	from?: string;
	/** Hint: list only up to this second (inclusive) until that listing completes. */
	upperBound?: string;
	/**
	 * Hint: the larger bounds narrowed away from, nearest last. Once the window up to `upperBound`
	 * is done, the next window ends at the last of these: each window then holds about what one
	 * listing fetched, so a backlog in newest-first order drains in linear, not quadratic, polls.
	 */
	laterBounds?: string[];
	/** Hint: continue an ascending listing that hit the page cap. */
	continuation?: Continuation;
}

export interface TimedEvent {
	event: IDataObject;
	/** Epoch seconds. */
	at: number;
	identity: string;
}

export interface ListingPortion {
	/** Events of one listing fetched during this poll, in arrival order. */
	events: TimedEvent[];
	filter: string;
	/** Occurrences at T to skip in this portion (the checkpoint's `seen` for a fresh listing). */
	skip: IdentityCounts;
	/** Where the listing goes on, when the page cap stopped it before its end. */
	next?: { cursor: string; jobId?: string };
	/** Earlier portions of this listing (previous polls) came in ascending order. */
	knownAscending?: boolean;
}

export interface CheckpointStep {
	checkpoint: Checkpoint;
	/** Events to emit, oldest first. */
	emitted: TimedEvent[];
	/** Whether a fresh listing may follow within this poll's request budget. */
	keepListing: boolean;
}

export function eventIdentity(event: IDataObject): string {
	return createHash('sha256').update(canonicalJson(event)).digest('hex').slice(0, 16);
}

function canonicalJson(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
	if (value && typeof value === 'object') {
		const entries = Object.keys(value as object)
			.sort()
			.map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
		return `{${entries.join(',')}}`;
	}
	return JSON.stringify(value) ?? 'null';
}

/** Events with a readable timestamp, tagged; unreadable ones cannot be placed in time and are left out. */
export function timeEvents(events: IDataObject[]): TimedEvent[] {
	const timed: TimedEvent[] = [];
	for (const event of events) {
		const at = parseEventTimestamp(event.timestamp);
		if (at !== undefined) timed.push({ event, at, identity: eventIdentity(event) });
	}
	return timed;
}

export function toSeconds(timestamp: string): number {
	return Date.parse(`${timestamp}Z`) / 1000;
}

/** The lowest second a listing must cover. */
export function lowerBound(checkpoint: Checkpoint): number {
	const t = toSeconds(checkpoint.timestamp);
	return checkpoint.from === undefined ? t : Math.max(t, toSeconds(checkpoint.from));
}

/** What a fresh listing has to skip: the identities emitted at T, if the listing starts at T. */
export function freshSkip(checkpoint: Checkpoint): IdentityCounts {
	return lowerBound(checkpoint) === toSeconds(checkpoint.timestamp) ? { ...checkpoint.seen } : {};
}

/** Events of a portion not emitted yet: at or above the lower bound, minus recorded occurrences at T. */
export function selectNewEvents(
	checkpoint: Checkpoint,
	events: TimedEvent[],
	skip: IdentityCounts,
): { fresh: TimedEvent[]; skip: IdentityCounts } {
	const t = toSeconds(checkpoint.timestamp);
	const lower = lowerBound(checkpoint);
	const remaining = { ...skip };
	const fresh: TimedEvent[] = [];
	for (const item of events) {
		if (item.at < lower) continue;
		if (item.at === t && (remaining[item.identity] ?? 0) > 0) {
			remaining[item.identity]--;
			continue;
		}
		fresh.push(item);
	}
	return { fresh, skip: remaining };
}

export function sortOldestFirst(events: TimedEvent[]): TimedEvent[] {
	return [...events].sort((a, b) =>
		a.at !== b.at ? a.at - b.at : a.identity < b.identity ? -1 : a.identity > b.identity ? 1 : 0,
	);
}

/** Moves T to the newest emitted second and records what was emitted there. */
function afterEmitting(checkpoint: Checkpoint, emitted: TimedEvent[]): Checkpoint {
	if (emitted.length === 0) return checkpoint;
	const newest = Math.max(...emitted.map((e) => e.at));
	const t = toSeconds(checkpoint.timestamp);
	const seen: IdentityCounts = newest === t ? { ...checkpoint.seen } : {};
	for (const item of emitted) {
		if (item.at !== newest) continue;
		if (seen[item.identity] === undefined && Object.keys(seen).length >= MAX_SEEN_IDENTITIES) continue;
		seen[item.identity] = (seen[item.identity] ?? 0) + 1;
	}
	const next: Checkpoint = { ...checkpoint, timestamp: formatFilterTimestamp(newest), seen };
	// Emitted events are all at or above the floor, so the floor is now T itself.
	delete next.from;
	return next;
}

function isNonDecreasing(times: number[]): boolean {
	return times.every((at, i) => i === 0 || times[i - 1] <= at);
}

/**
 * Decides what a poll emits from one listing portion and where the checkpoint goes.
 * - Complete listing: emit every new event; a narrowed window then proves everything up to its
 *   upper bound emitted (floor = bound + 1 s).
 * - Page cap hit, ascending pages: unfetched events are >= the last one, so emit and continue the
 *   cursor next poll.
 * - Page cap hit otherwise: unfetched events may be older than fetched ones, so emit at most the
 *   new events at the lower bound and narrow the window's upper bound.
 */
export function nextCheckpoint(checkpoint: Checkpoint, portion: ListingPortion): CheckpointStep {
	const base: Checkpoint = { ...checkpoint };
	delete base.continuation;
	const lower = lowerBound(checkpoint);
	const { fresh, skip } = selectNewEvents(checkpoint, portion.events, portion.skip);

	if (!portion.next) {
		const emitted = sortOldestFirst(fresh);
		const next = afterEmitting(base, emitted);
		const narrowed = checkpoint.upperBound !== undefined;
		if (narrowed) {
			next.from = formatFilterTimestamp(toSeconds(checkpoint.upperBound as string) + 1);
			const later = [...(checkpoint.laterBounds ?? [])];
			const following = later.pop();
			if (following === undefined) delete next.upperBound;
			else next.upperBound = following;
			if (later.length > 0) next.laterBounds = later;
			else delete next.laterBounds;
		}
		return { checkpoint: next, emitted, keepListing: narrowed };
	}

	const times = portion.events.map((e) => e.at);
	if (times.length === 0) {
		return {
			checkpoint: { ...base, continuation: { ...portion.next, filter: portion.filter, skip } },
			emitted: [],
			keepListing: false,
		};
	}
	const smallest = Math.min(...times);
	// One second repeated proves no order, unless it is the lower bound or earlier pages did.
	const ascending =
		isNonDecreasing(times) &&
		(smallest === lower || new Set(times).size > 1 || portion.knownAscending === true);

	if (ascending) {
		const emitted = sortOldestFirst(fresh);
		const next = afterEmitting(base, emitted);
		// Once T moved up, nothing at the new T was emitted before this listing: nothing to skip.
		const rest = next.timestamp === checkpoint.timestamp ? skip : {};
		next.continuation = { ...portion.next, filter: portion.filter, skip: rest, ascending: true };
		return { checkpoint: next, emitted, keepListing: false };
	}

	if (smallest === lower) {
		// A burst at the lower bound: what is new there is safe to emit; then list that second alone.
		const emitted = sortOldestFirst(fresh.filter((e) => e.at === lower));
		return { checkpoint: narrowTo(afterEmitting(base, emitted), lower), emitted, keepListing: true };
	}

	const upper = checkpoint.upperBound === undefined ? undefined : toSeconds(checkpoint.upperBound);
	// A window's bound must be a second with a newer event known beyond it: once the window is
	// done the floor moves past the bound, which is only safe for a second that is over. So when
	// every fetched event shares the newest second, or sits at the bound already, go below it.
	const allAtSmallest = times.every((at) => at === smallest);
	const narrowedTo =
		upper === undefined ? (allAtSmallest ? smallest - 1 : smallest) : smallest < upper ? smallest : upper - 1;
	return { checkpoint: narrowTo(base, narrowedTo), emitted: [], keepListing: true };
}

/** Lists only up to `bound` next, remembering the bound it narrows from. */
function narrowTo(checkpoint: Checkpoint, bound: number): Checkpoint {
	const next: Checkpoint = { ...checkpoint, upperBound: formatFilterTimestamp(bound) };
	if (checkpoint.upperBound !== undefined && toSeconds(checkpoint.upperBound) > bound) {
		next.laterBounds = [...(checkpoint.laterBounds ?? []), checkpoint.upperBound].slice(-MAX_LATER_BOUNDS);
	}
	return next;
}
