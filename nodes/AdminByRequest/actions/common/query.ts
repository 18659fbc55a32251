import type { IDataObject } from 'n8n-workflow';

import { InvalidParameterError } from '../../../shared/InvalidParameterError';
import { toInteger, toNonEmptyText } from '../../../shared/validate';
import { toApiDate } from '../../apiDate';
import { MAX_TAKE } from '../../apiAssumptions';

/** One of the API's lists: events, the audit log, the requests. */
export interface ListKind {
	/** The collection's path segment: `events`, `auditlog`, `requests`. */
	collection: string;
	/** What it holds, in messages: "events", "audit log entries", "requests". */
	noun: string;
	/** The documented maximum of `take` and `last` for this list. */
	maxTake: number;
}

export interface ListQuery {
	/** `/<collection>`, `/computers/{name}/<collection>` or `/users/{user}/<collection>`. */
	path: string;
	/** Filters sent with every page (not `take`, `startid` or `last`, which paging sets). */
	qs: IDataObject;
	/** First id to return; paging continues from the last id + 1. */
	startId?: number;
	/** `last`: the newest N entries, newest first, in one request. */
	newestCount?: number;
	/** How many entries to return at most; undefined means all. */
	limit?: number;
}

/** Which of the shared filters a list offers besides Start ID and Newest First. */
export interface ListFilters {
	/** Days, Start Date and End Date. */
	dates: boolean;
	/** Computer Name and User (the per-computer and per-user paths). */
	scope: boolean;
}

/**
 * Validates the Get Many parameters every list shares and turns them into the request the API
 * understands. Throws InvalidParameterError, naming the field, before anything is sent; the
 * caller adds the filters of its own list to `qs`.
 */
export function buildListQuery(
	kind: ListKind,
	offers: ListFilters,
	filters: IDataObject,
	returnAll: boolean,
	limitParameter: unknown,
): ListQuery {
	const limit = returnAll ? undefined : toInteger(limitParameter, 'Limit', 1, kind.maxTake);
	const qs: IDataObject = offers.dates ? dateWindow(filters) : {};

	const startId = present(filters.startId)
		? toInteger(filters.startId, 'Start ID', 1, Number.MAX_SAFE_INTEGER)
		: undefined;

	let newestCount: number | undefined;
	if (filters.newestFirst === true) {
		if (returnAll) {
			throw new InvalidParameterError(
				'Newest First',
				`returns at most ${kind.maxTake.toLocaleString('en-US')} ${kind.noun}: turn off Return All and set Limit`,
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

	const path = offers.scope ? scopedPath(kind, filters) : `/${kind.collection}`;
	return { path, qs, startId, newestCount, limit };
}

/** Days, Start Date and End Date as `days`, `startdate` and `enddate`. */
function dateWindow(filters: IDataObject): IDataObject {
	const qs: IDataObject = {};
	const startDate = present(filters.startDate) ? toApiDate(filters.startDate, 'Start Date') : undefined;
	const endDate = present(filters.endDate) ? toApiDate(filters.endDate, 'End Date') : undefined;
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
	return qs;
}

/** `/<collection>`, or the per-computer or per-user path when one of those filters is set. */
function scopedPath(kind: ListKind, filters: IDataObject): string {
	const computerName = present(filters.computerName)
		? toNonEmptyText(filters.computerName, 'Computer Name')
		: undefined;
	const user = present(filters.user) ? toNonEmptyText(filters.user, 'User') : undefined;
	if (computerName && user) {
		throw new InvalidParameterError(
			'User',
			`cannot be combined with Computer Name: the API lists ${kind.noun} per computer or per user`,
		);
	}
	if (computerName) return `/computers/${encodeURIComponent(computerName)}/${kind.collection}`;
	if (user) return `/users/${encodeURIComponent(user)}/${kind.collection}`;
	return `/${kind.collection}`;
}

/**
 * One of a fixed set of API values (Status, Type), matched without regard to case so that an
 * expression's "pending" works, and sent in the API's own spelling.
 */
export function toChoice(value: unknown, field: string, choices: readonly string[]): string {
	const text = String(value ?? '').trim();
	const match = choices.find((choice) => choice.toLowerCase() === text.toLowerCase());
	if (!match) {
		throw new InvalidParameterError(field, `must be one of ${choices.join(', ')}; got ${JSON.stringify(value)}`);
	}
	return match;
}

/** The values of the API's `status` filter (of the audit log and of requests), as documented. */
export const STATUS_FILTER_VALUES = ['Approved', 'Denied', 'Pending', 'Quarantined'];

/** Filters > Status and Options > Include Scan Details, which the audit log and requests share. */
export function withStatusAndScanDetails(query: ListQuery, filters: IDataObject, options: IDataObject): ListQuery {
	if (present(filters.status)) query.qs.status = toChoice(filters.status, 'Status', STATUS_FILTER_VALUES);
	Object.assign(query.qs, scanDetailsQuery(options));
	return query;
}

/** Options > Include Scan Details as the API's `wantscandetails=1`. */
export function scanDetailsQuery(options: IDataObject): IDataObject {
	return options.includeScanDetails === true ? { wantscandetails: 1 } : {};
}

export function present(value: unknown): boolean {
	return value !== undefined && value !== null && String(value).trim() !== '';
}

/** The `take` for the next page: as large as allowed, never more than what is still wanted. */
export function nextPageSize(remaining: number | undefined, maxTake = MAX_TAKE): number {
	return remaining === undefined ? maxTake : Math.min(maxTake, remaining);
}

/** An entry's id from a parameter: digits only, so nothing else can reach the path. */
export function parseEntryId(value: unknown, field: string, example: string): number {
	const text = String(value ?? '').trim();
	if (!/^\d+$/.test(text) || !Number.isSafeInteger(Number(text))) {
		throw new InvalidParameterError(field, `must be a whole number such as ${example}; got "${text}"`);
	}
	return Number(text);
}
