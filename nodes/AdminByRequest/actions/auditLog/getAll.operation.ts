import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { MAX_TAKE } from '../../apiAssumptions';
import { getManyOperation } from '../common/list';
import {
	filtersCollection,
	returnAllAndLimit,
	sharedListFilters,
	showOnlyFor,
	statusFilter,
} from '../common/properties';
import {
	buildListQuery,
	present,
	toChoice,
	withStatusAndScanDetails,
	type ListKind,
	type ListQuery,
} from '../common/query';

export const AUDIT_LOG: ListKind = { collection: 'auditlog', noun: 'audit log entries', maxTake: MAX_TAKE };

/** The API's `type` values: `app` is Run As Admin, `session` an Admin Session. */
const TYPE_VALUES = ['app', 'session'];

const filter = sharedListFilters('entries', 'auditlog');

export const description: INodeProperties[] = showOnlyFor('auditLog', ['getAll'], [
	...returnAllAndLimit(MAX_TAKE),
	filtersCollection([
		filter.computerName,
		filter.days,
		filter.endDate,
		filter.newestFirst,
		filter.startDate,
		filter.startId,
		statusFilter('entries'),
		{
			displayName: 'Type',
			name: 'type',
			type: 'options',
			options: [
				{ name: 'Admin Session', value: 'session', description: 'A whole admin session' },
				{ name: 'Run As Admin', value: 'app', description: 'One application run as administrator' },
			],
			default: 'app',
			description: 'Only entries of this kind of elevation',
		},
		filter.user,
	]),
]);

/**
 * Validates the audit log's Get Many parameters (the events' filters, Status and Type) into the
 * request the API understands. Throws InvalidParameterError, naming the field.
 */
export function buildAuditLogQuery(
	filters: IDataObject,
	options: IDataObject,
	returnAll: boolean,
	limitParameter: unknown,
): ListQuery {
	const query = buildListQuery(AUDIT_LOG, { dates: true, scope: true }, filters, returnAll, limitParameter);
	if (present(filters.type)) query.qs.type = toChoice(filters.type, 'Type', TYPE_VALUES);
	return withStatusAndScanDetails(query, filters, options);
}

/** `GET /auditlog` (or per computer or user), paged by `startid`, or the newest N with `last`. */
export const execute = getManyOperation(AUDIT_LOG, buildAuditLogQuery);
