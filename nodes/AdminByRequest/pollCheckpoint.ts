import type { IDataObject } from 'n8n-workflow';

import { addDays } from './apiDate';
import { DEFAULT_WINDOW_DAYS, EARLIEST_START_DATE, START_DATE_MARGIN_DAYS } from './apiAssumptions';
import type { AbrEvent } from './event';

/**
 * What the trigger keeps in static data. `lastId` is the highest id already handled (emitted, or
 * filtered out on our side); `startDate` is a date no unhandled event can be older than, so a
 * poll after an outage longer than the API's 30-day default window still reaches every event.
 */
export interface AbrCheckpoint {
	lastId: number;
	startDate: string;
}

export interface EventFilter {
	codes: ReadonlySet<number>;
	minLevel: number;
}

export function readCheckpoint(staticData: IDataObject): AbrCheckpoint | undefined {
	const { lastId, startDate } = staticData;
	if (
		typeof lastId === 'number' &&
		Number.isSafeInteger(lastId) &&
		lastId >= 0 &&
		typeof startDate === 'string' &&
		/^\d{4}-\d{2}-\d{2}$/.test(startDate)
	) {
		return { lastId, startDate };
	}
	return undefined;
}

export function writeCheckpoint(staticData: IDataObject, checkpoint: AbrCheckpoint): void {
	if (staticData.lastId !== checkpoint.lastId) staticData.lastId = checkpoint.lastId;
	if (staticData.startDate !== checkpoint.startDate) staticData.startDate = checkpoint.startDate;
}

/** The first checkpoint, from the "Start From" option. */
export function initialCheckpoint(
	startFrom: 'now' | 'lookback' | 'startId',
	today: string,
	values: { newestId?: number; lookbackDays?: number; startId?: number },
): AbrCheckpoint {
	if (startFrom === 'lookback') {
		return { lastId: 0, startDate: addDays(today, -(values.lookbackDays ?? 0)) };
	}
	if (startFrom === 'startId') {
		return { lastId: (values.startId ?? 1) - 1, startDate: EARLIEST_START_DATE };
	}
	// "now": nothing that exists yet is new. With no event in the default window at all, every
	// event from today on is new.
	return values.newestId
		? { lastId: values.newestId, startDate: addDays(today, -START_DATE_MARGIN_DAYS) }
		: { lastId: 0, startDate: today };
}

/**
 * The `startdate` to send. Once ids bound the query, it is never narrower than the API's default
 * window, so events that reach the API late (a computer that was offline) are not cut off.
 */
export function queryStartDate(checkpoint: AbrCheckpoint, today: string): string {
	if (checkpoint.lastId === 0) return checkpoint.startDate;
	const defaultWindowStart = addDays(today, -DEFAULT_WINDOW_DAYS);
	return checkpoint.startDate < defaultWindowStart ? checkpoint.startDate : defaultWindowStart;
}

export function matchesFilter(event: AbrEvent, filter: EventFilter): boolean {
	if (filter.codes.size > 0 && !filter.codes.has(Number(event.eventCode))) return false;
	return Number(event.eventLevel ?? 0) >= filter.minLevel;
}

/**
 * Takes one page of events in id order: returns those to emit and the checkpoint after them.
 * Events at or below the checkpoint (a repeated answer) are skipped; filtered-out events still
 * move the checkpoint, so they are not fetched again.
 */
export function advance(
	checkpoint: AbrCheckpoint,
	page: readonly AbrEvent[],
	filter: EventFilter,
): { emit: AbrEvent[]; checkpoint: AbrCheckpoint } {
	const fresh = freshAbove(checkpoint.lastId, page);
	if (fresh.length === 0) return { emit: [], checkpoint };
	const last = fresh[fresh.length - 1];
	return {
		emit: fresh.filter((event) => matchesFilter(event, filter)),
		checkpoint: { lastId: last.id, startDate: resumeDateAfter(last, checkpoint.startDate) },
	};
}

/** The entries of a page above `lastId`, in id order, each id once (a repeated answer adds nothing). */
export function freshAbove<T extends { id: number }>(lastId: number, page: readonly T[]): T[] {
	return page
		.filter((entry) => entry.id > lastId)
		.sort((a, b) => a.id - b.id)
		.filter((entry, index, sorted) => index === 0 || sorted[index - 1].id !== entry.id);
}

/** A date safely before the event's own date, whatever zone and boundary the API applies. */
function resumeDateAfter(event: AbrEvent, previous: string): string {
	const dates = [event.eventTime, event.eventTimeUTC]
		.filter((value): value is string => typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value))
		.map((value) => value.slice(0, 10))
		.sort();
	if (dates.length === 0) return previous;
	return addDays(dates[0], -START_DATE_MARGIN_DAYS);
}
