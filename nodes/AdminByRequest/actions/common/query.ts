import type { IDataObject } from 'n8n-workflow';

import { InvalidParameterError } from '../shared/InvalidParameterError';
import { toInteger, toNonEmptyText } from '../shared/validate';
import { toApiDate } from './apiDate';
import { MAX_TAKE } from './apiAssumptions';

export interface EventListQuery {
	/** `/events`, `/computers/{name}/events` or `/users/{user}/events`. */
	path: string;
	/** Filters sent with every page (not `take`, `startid` or `last`, which paging sets). */
	qs: IDataObject;
	/** First id to return; paging continues from the last id + 1. */
	startId?: number;
	/** `last`: the newest N entries, newest first, in one request. */
	newestCount?: number;
	/** How many events to return at most; undefined means all. */
	limit?: number;
}

/**
 * Validates the Get Many parameters and turns them into the request the API understands. Throws
 * InvalidParameterError, naming the field, before anything is sent.
 */
export function buildEventQuery(
	filters: IDataObject,
	returnAll: boolean,
	limitParameter: unknown,
): EventListQuery {
	const limit = returnAll ? undefined : toInteger(limitParameter, 'Limit', 1, MAX_TAKE);
	const qs: IDataObject = {};

	if (filters.code !== undefined && filters.code !== '') {
		qs.code = toInteger(filters.code, 'Event Code', 0, Number.MAX_SAFE_INTEGER);
	}
	const startDate =
		filters.startDate !== undefined && filters.startDate !== ''
			? toApiDate(filters.startDate, 'Start Date')
			: undefined;
	const endDate =
		filters.endDate !== undefined && filters.endDate !== ''
			? toApiDate(filters.endDate, 'End Date')
			: undefined;
	if (startDate && endDate && endDate < startDate) {
		throw new InvalidParameterError('End Date', `${endDate} is before Start Date ${startDate}`);
	}
	if (filters.days !== undefined && filters.days !== '') {
		if (startDate) {
			throw new InvalidParameterError(
				'Days',
				'the API ignores Days when Start Date is set: remove one of the two',
			);
		}
		qs.days = toInteger(filters.days, 'Days', 1, 36_500);
	}
	if (startDate) qs.startdate = startDate;
	if (endDate) qs.enddate = endDate;

	const startId =
		filters.startId !== undefined && filters.startId !== ''
			? toInteger(filters.startId, 'Start ID', 1, Number.MAX_SAFE_INTEGER)
			: undefined;

	let newestCount: number | undefined;
	if (filters.newestFirst === true) {
		if (returnAll) {
			throw new InvalidParameterError(
				'Newest First',
				`returns at most ${MAX_TAKE.toLocaleString('en-US')} events: turn off Return All and set Limit`,
			);
		}
		if (startId !== undefined) {
			throw new InvalidParameterError(
				'Newest First',
				'cannot be combined with Start ID (the API ignores one of them): remove one of the two',
			);
		}
		newestCount = limit;
	}

	const computerName = present(filters.computerName)
		? toNonEmptyText(filters.computerName, 'Computer Name')
		: undefined;
	const user = present(filters.user) ? toNonEmptyText(filters.user, 'User') : undefined;
	if (computerName && user) {
		throw new InvalidParameterError(
			'User',
			'cannot be combined with Computer Name: the API lists events per computer or per user',
		);
	}
	let path = '/events';
	if (computerName) path = `/computers/${encodeURIComponent(computerName)}/events`;
	if (user) path = `/users/${encodeURIComponent(user)}/events`;

	return { path, qs, startId, newestCount, limit };
}

function present(value: unknown): boolean {
	return value !== undefined && value !== null && String(value).trim() !== '';
}

/** The `take` for the next page: as large as allowed, never more than what is still wanted. */
export function nextPageSize(remaining: number | undefined): number {
	return remaining === undefined ? MAX_TAKE : Math.min(MAX_TAKE, remaining);
}

export function parseEventId(value: unknown): number {
	const text = String(value ?? '').trim();
	if (!/^\d+$/.test(text) || !Number.isSafeInteger(Number(text))) {
		throw new InvalidParameterError('Event ID', `must be a whole number such as 53820480; got "${text}"`);
	}
	return Number(text);
}
