import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { abrConnection, fetchEntries, fetchEntry, type AbrCall, type AbrEntry } from '../../transport';
import { nextPageSize, type ListKind, type ListQuery } from './query';

/**
 * Get Many over any of the API's lists: the newest N in one request (`last`), or ascending pages
 * of `take` (up to the list's maximum) continued with `startid` = last id + 1 until a short page
 * or the limit.
 */
export async function getManyEntries(
	ctx: IExecuteFunctions,
	kind: ListKind,
	query: ListQuery,
	timeoutMs: number,
): Promise<AbrEntry[]> {
	const connection = await abrConnection(ctx);
	if (query.newestCount !== undefined) {
		const qs = { ...query.qs, last: query.newestCount };
		return await fetchEntries(ctx, { path: query.path, qs, timeoutMs, connection }, kind.noun);
	}

	const entries: AbrEntry[] = [];
	let startId = query.startId;
	for (;;) {
		const remaining = query.limit === undefined ? undefined : query.limit - entries.length;
		const take = nextPageSize(remaining, kind.maxTake);
		const qs: IDataObject = { ...query.qs, take };
		if (startId !== undefined) qs.startid = startId;
		const page = await fetchEntries(ctx, { path: query.path, qs, timeoutMs, connection }, kind.noun);
		// One pass per page: keep what moves forward (never loop on the same page) and note the
		// highest id; no intermediate arrays, no spread of 10,000 arguments.
		let fresh = 0;
		let highestId = -Infinity;
		for (const entry of page) {
			if (startId !== undefined && entry.id < startId) continue;
			entries.push(entry);
			fresh++;
			if (entry.id > highestId) highestId = entry.id;
		}
		if (page.length < take || fresh === 0) break;
		if (query.limit !== undefined && entries.length >= query.limit) break;
		startId = highestId + 1;
	}
	return entries;
}

/**
 * Get one entry by its path; an answer that holds none is an error naming the ID (`what`: "event",
 * "audit log entry", "request").
 */
export async function getOneEntry(
	ctx: IExecuteFunctions,
	itemIndex: number,
	what: string,
	id: number,
	path: string,
	timeoutMs: number,
	extra: Pick<AbrCall, 'qs' | 'hints' | 'connection'> = {},
): Promise<AbrEntry> {
	const entry = await fetchEntry(ctx, { path, timeoutMs, ...extra });
	if (!entry) {
		throw new NodeOperationError(ctx.getNode(), `No ${what} with ID ${id} was returned`, { itemIndex });
	}
	return entry;
}

/** Turns an operation's parameters into its query; throws InvalidParameterError for a bad one. */
export type QueryBuilder = (
	filters: IDataObject,
	options: IDataObject,
	returnAll: boolean,
	limitParameter: unknown,
) => ListQuery;

/** A Get Many operation: Return All, Limit, Filters and Options read per item, then paged. */
export function getManyOperation(
	kind: ListKind,
	build: QueryBuilder,
	toItem: (entry: AbrEntry) => IDataObject = (entry) => entry,
) {
	return async function execute(
		this: IExecuteFunctions,
		i: number,
		timeoutMs: number,
	): Promise<IDataObject[]> {
		const returnAll = this.getNodeParameter('returnAll', i) as boolean;
		const limit = returnAll ? undefined : this.getNodeParameter('limit', i);
		const filters = this.getNodeParameter('filters', i, {}) as IDataObject;
		const options = this.getNodeParameter('options', i, {}) as IDataObject;
		const entries = await getManyEntries(this, kind, build(filters, options, returnAll, limit), timeoutMs);
		return entries.map(toItem);
	};
}
