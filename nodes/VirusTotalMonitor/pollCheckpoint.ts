/**
 * The trigger's exactly-once decisions, free of n8n and HTTP so every case is unit-tested.
 *
 * Events have no id and second-resolution timestamps, and the listing's order is documented
 * nowhere, so nothing is emitted on a guess about order: the trigger lists a time window and emits
 * only what a *complete* listing of it proved, or, from an incomplete one, the events of the one
 * second every unsent event is at or after. The checkpoint is a second T plus the multiset of the
 * identities emitted at T; T only moves to the newest emitted second.
 *
 * When a window does not fit in the poll's requests, it is narrowed: halved, and never above the
 * oldest unsent event seen, so the oldest events are found in a number of listings that grows
 * with the logarithm of the window's length in seconds, whatever the order. Everything that guides
 * the search (a floor proven empty below, the window's bounds, the oldest unsent second seen, a
 * cursor into a one-second listing) is a hint: losing it (n8n keeps what a poll that emits nothing
 * wrote only on some engines) costs requests, never events.
 */
import { createHash } from 'crypto';
import type { IDataObject } from 'n8n-workflow';
import { formatFilterTimestamp, parseEventTimestamp } from './apiAssumptions';

/** Distinct identities kept for one second; beyond it a re-listing may repeat, never lose, events. */
export const MAX_SEEN_IDENTITIES = 10_000;

/** Later bounds kept; dropping one costs a re-narrowing later, never an event. */
export const MAX_LATER_BOUNDS = 64;

/**
 * Requests a poll that has nothing to emit yet may add to Max Pages per Poll to find the oldest
 * unsent events: halving a window of up to a year, in seconds, takes 25 listings.
 */
export const SEARCH_REQUESTS = 30;

export type IdentityCounts = Record<string, number>;

export interface Continuation {
	cursor: string;
	jobId?: string;
	/** The filter the listing was started with: a cursor belongs to its query. */
	filter: string;
	/** Occurrences at T still to skip in the rest of this listing (already emitted earlier). */
	skip: IdentityCounts;
}

export interface Checkpoint {
	/** Newest emitted second, `YYYY-MM-DDTHH:mm:ss` UTC; the listing lower bound, inclusive. */
	timestamp: string;
	/** Identities emitted at `timestamp`, with how many times (identical events form a multiset). */
	seen: IdentityCounts;
	/** Hint: every event below this second has been emitted. */
	from?: string;
	/** Hint: list only up to this second (inclusive) until that window is done. */
	upperBound?: string;
	/** Hint: the larger bounds narrowed away from, nearest last; below them all, the open end. */
	laterBounds?: string[];
	/** Hint: an event not emitted yet was seen at this second: a window up to it holds something to emit. */
	pendingAt?: string;
	/**
	 * Hint: continue the current window's listing: one whose events before the cursor were all
	 * emitted, or the single second at the lower bound.
	 */
	continuation?: Continuation;
}

export interface TimedEvent {
	event: IDataObject;
	/** Epoch seconds. */
	at: number;
	identity: string;
}

/** What one listing of the current window fetched during a poll. */
export interface ListingPortion {
	/** Events fetched, in arrival order. */
	events: TimedEvent[];
	filter: string;
	/** Occurrences at T to skip in this portion (the checkpoint's `seen` for a fresh listing). */
	skip: IdentityCounts;
	/** Where the listing goes on, when it stopped before its end. */
	next?: { cursor: string; jobId?: string };
	/** The current second, the end of an open window. */
	nowSeconds: number;
}

export interface CheckpointStep {
	checkpoint: Checkpoint;
	/** Events to emit, oldest first. */
	emitted: TimedEvent[];
	/** Whether the next window should be listed in this poll, if requests remain. */
	keepListing: boolean;
}

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/;

/** The checkpoint from static data (or the start anchor), if it is one this version can read. */
export function readCheckpoint(value: unknown): Checkpoint | undefined {
	if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
	const checkpoint = value as Partial<Checkpoint>;
	if (typeof checkpoint.timestamp !== 'string' || !TIMESTAMP.test(checkpoint.timestamp)) return undefined;
	if (!checkpoint.seen || typeof checkpoint.seen !== 'object') return undefined;
	return JSON.parse(JSON.stringify(checkpoint)) as Checkpoint;
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

/** The current window's upper bound, undefined when the window is open. */
export function upperBound(checkpoint: Checkpoint): number | undefined {
	return checkpoint.upperBound === undefined ? undefined : toSeconds(checkpoint.upperBound);
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
	if (next.pendingAt !== undefined && toSeconds(next.pendingAt) <= newest) delete next.pendingAt;
	return next;
}

/**
 * Decides what a poll emits from one listing of the current window and where the checkpoint goes.
 * - Complete listing: emit every new event. A bounded window then hands over to the next one up;
 *   if it held nothing new below the oldest unsent event known, everything up to its bound is
 *   proven emitted (floor = bound + 1).
 * - Incomplete, nothing new read yet: keep the cursor; what it skipped was all emitted before.
 * - Incomplete listing of the single second at the lower bound: every unsent event is at or after
 *   it, so its new events are emitted, and the cursor is kept to go on next time.
 * - Incomplete otherwise: unfetched events may be older than any fetched one, so nothing is
 *   emitted; the window is narrowed to at most half its length, and never above a new event seen,
 *   so a complete listing of a window holding it comes within a logarithmic number of listings,
 *   whatever the order.
 */
export function nextCheckpoint(checkpoint: Checkpoint, portion: ListingPortion): CheckpointStep {
	const base: Checkpoint = { ...checkpoint };
	delete base.continuation;
	const lower = lowerBound(checkpoint);
	const upper = upperBound(checkpoint);
	const { fresh, skip } = selectNewEvents(checkpoint, portion.events, portion.skip);

	if (!portion.next) {
		const emitted = sortOldestFirst(fresh);
		const next = afterEmitting(base, emitted);
		if (upper === undefined) {
			delete next.pendingAt;
			return { checkpoint: next, emitted, keepListing: false };
		}
		const pending = next.pendingAt === undefined ? undefined : toSeconds(next.pendingAt);
		if (emitted.length === 0 && pending !== undefined) {
			if (upper < pending) {
				// A bound below a known unsent event is a second that is over: nothing can still arrive
				// at it. Aim straight at that event rather than listing the larger window again.
				const floor = upper + 1;
				const later = checkpoint.laterBounds?.[checkpoint.laterBounds.length - 1];
				const end = later === undefined ? Math.max(portion.nowSeconds, pending) : toSeconds(later);
				next.from = formatFilterTimestamp(floor);
				const bound = Math.min(floor + Math.floor((end - floor) / 2), pending);
				return { checkpoint: bound === end ? widenToLaterBound(next) : { ...next, upperBound: formatFilterTimestamp(bound) }, emitted, keepListing: true };
			}
			// The event seen there is gone from the listing: narrow afresh next time.
			delete next.pendingAt;
		}
		return { checkpoint: widenToLaterBound(next), emitted, keepListing: true };
	}

	if (fresh.length === 0 || upper === lower) {
		const emitted = sortOldestFirst(fresh);
		const next = afterEmitting(base, emitted);
		// Once T moved up to this second, nothing at it was emitted before this listing.
		const rest = next.timestamp === checkpoint.timestamp ? skip : {};
		next.continuation = { ...portion.next, filter: portion.filter, skip: rest };
		return { checkpoint: next, emitted, keepListing: false };
	}

	const aim = aimAt(fresh.map((e) => e.at));
	const known = checkpoint.pendingAt === undefined ? undefined : toSeconds(checkpoint.pendingAt);
	const pendingAt = known !== undefined && known >= lower ? Math.min(known, aim) : aim;
	const end = upper ?? Math.max(portion.nowSeconds, ...portion.events.map((e) => e.at));
	const bound = Math.min(lower + Math.floor((end - lower) / 2), pendingAt);
	const next = narrowTo(base, bound, upper);
	next.pendingAt = formatFilterTimestamp(pendingAt);
	return { checkpoint: next, emitted: [], keepListing: true };
}

/**
 * The second of a new event to aim the next window at: high among those fetched (the 80th
 * percentile), so that when the listing was in fact oldest-first the next window holds about what
 * was fetched and completes, while halving keeps every other order logarithmic.
 */
function aimAt(times: number[]): number {
	const sorted = [...times].sort((a, b) => a - b);
	return sorted[Math.max(0, Math.ceil(sorted.length * 0.8) - 1)];
}

/** Whether a listing that stopped early has read something new, so it is worth narrowing. */
export function hasNewEvents(checkpoint: Checkpoint, events: TimedEvent[], skip: IdentityCounts): boolean {
	return selectNewEvents(checkpoint, events, skip).fresh.length > 0;
}

/** Lists only up to `bound` next, remembering the bound it narrows from (none for an open window). */
function narrowTo(checkpoint: Checkpoint, bound: number, from: number | undefined): Checkpoint {
	const next: Checkpoint = { ...checkpoint, upperBound: formatFilterTimestamp(bound) };
	if (from !== undefined) {
		next.laterBounds = [...(checkpoint.laterBounds ?? []), formatFilterTimestamp(from)].slice(-MAX_LATER_BOUNDS);
	}
	return next;
}

/** A finished bounded window hands over to the bound it was narrowed from, or to the open end. */
function widenToLaterBound(checkpoint: Checkpoint): Checkpoint {
	const next: Checkpoint = { ...checkpoint };
	const later = [...(checkpoint.laterBounds ?? [])];
	const following = later.pop();
	if (following === undefined) delete next.upperBound;
	else next.upperBound = following;
	if (later.length > 0) next.laterBounds = later;
	else delete next.laterBounds;
	return next;
}
