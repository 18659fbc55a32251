import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { toInteger } from '../../../shared/validate';
import { MAX_TAKE } from '../../apiAssumptions';
import { toOutputItem, type AbrEvent } from '../../event';
import { EVENT_CODE_OPTIONS } from '../../eventCodes';
import { getManyOperation } from '../common/list';
import { filtersCollection, returnAllAndLimit, sharedListFilters, showOnlyFor } from '../common/properties';
import { buildListQuery, present, type ListKind, type ListQuery } from '../common/query';

export const EVENTS: ListKind = { collection: 'events', noun: 'events', maxTake: MAX_TAKE };

const filter = sharedListFilters('events', 'events');

export const description: INodeProperties[] = showOnlyFor('event', ['getAll'], [
	...returnAllAndLimit(MAX_TAKE),
	filtersCollection([
		filter.computerName,
		filter.days,
		filter.endDate,
		{
			displayName: 'Event Code Name or ID',
			name: 'code',
			type: 'options',
			options: EVENT_CODE_OPTIONS,
			default: 92,
			description:
				'Only events of this type. Choose from the list, or specify a code number using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		},
		filter.newestFirst,
		filter.startDate,
		filter.startId,
		filter.user,
	]),
]);

/**
 * Validates the events' Get Many parameters (the shared ones and Event Code) into the request the
 * API understands. Throws InvalidParameterError, naming the field, before anything is sent.
 */
export function buildEventQuery(filters: IDataObject, returnAll: boolean, limitParameter: unknown): ListQuery {
	const query = buildListQuery(EVENTS, { dates: true, scope: true }, filters, returnAll, limitParameter);
	if (present(filters.code)) {
		query.qs.code = toInteger(filters.code, 'Event Code', 0, Number.MAX_SAFE_INTEGER);
	}
	return query;
}

/** `GET /events` (or per computer or user), paged by `startid`, or the newest N with `last`. */
export const execute = getManyOperation(EVENTS, (filters, _options, returnAll, limit) =>
	buildEventQuery(filters, returnAll, limit), (event) => toOutputItem(event as AbrEvent));
