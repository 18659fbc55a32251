import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { REQUESTS_MAX_TAKE } from '../../apiAssumptions';
import { getManyOperation } from '../common/list';
import {
	filtersCollection,
	idFilters,
	returnAllAndLimit,
	showOnlyFor,
	statusFilter,
} from '../common/properties';
import {
	buildListQuery,
	withStatusAndScanDetails,
	type ListKind,
	type ListQuery,
} from '../common/query';

/** The approval queue: pages of at most 1,000, not 10,000 as for events and the audit log. */
export const REQUESTS: ListKind = { collection: 'requests', noun: 'requests', maxTake: REQUESTS_MAX_TAKE };

const filter = idFilters('requests');

export const description: INodeProperties[] = showOnlyFor('request', ['getAll'], [
	...returnAllAndLimit(REQUESTS_MAX_TAKE),
	filtersCollection([filter.newestFirst, filter.startId, statusFilter('requests')]),
]);

/** Validates the requests' Get Many parameters into the request the API understands. */
export function buildRequestQuery(
	filters: IDataObject,
	options: IDataObject,
	returnAll: boolean,
	limitParameter: unknown,
): ListQuery {
	const query = buildListQuery(REQUESTS, { dates: false, scope: false }, filters, returnAll, limitParameter);
	return withStatusAndScanDetails(query, filters, options);
}

/** `GET /requests`, paged by `startid` with `take` of at most 1,000, or the newest N with `last`. */
export const execute = getManyOperation(REQUESTS, buildRequestQuery);
