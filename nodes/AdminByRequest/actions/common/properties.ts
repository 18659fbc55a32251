import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

import { timeoutOption } from '../../../shared/timeoutOption';
import { STATUS_FILTER_VALUES } from './query';

/**
 * Shows `properties` only for one resource and, when given, some of its operations (what n8n's
 * updateDisplayOptions does, kept here so older n8n-workflow versions need not have it).
 */
export function showOnlyFor(
	resource: string,
	operations: string[] | undefined,
	properties: INodeProperties[],
): INodeProperties[] {
	const show: IDisplayOptions['show'] = { resource: [resource] };
	if (operations) show.operation = operations;
	return properties.map((property) => ({
		...property,
		displayOptions: {
			...property.displayOptions,
			show: { ...show, ...property.displayOptions?.show },
		},
	}));
}

/** n8n's usual pair for list operations; Limit goes up to one page of the list. */
export function returnAllAndLimit(maxTake: number): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: maxTake },
			default: 50,
			displayOptions: { show: { returnAll: [false] } },
			description: 'Max number of results to return',
		},
	];
}

/** "Filters": the list's filters, sorted by name as n8n's rules want. */
export function filtersCollection(options: INodeProperties[]): INodeProperties {
	return {
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options,
	};
}

/** "Options": Timeout for every operation, after the operation's own options. */
export function optionsCollection(extra: INodeProperties[] = []): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [...extra, timeoutOption],
	};
}

export const includeScanDetailsOption: INodeProperties = {
	displayName: 'Include Scan Details',
	name: 'includeScanDetails',
	type: 'boolean',
	default: true,
	description:
		"Whether to add the malware scan results of each application (the API's wantscandetails), in scanResults",
};

/**
 * The filters the events and the audit log share, described for `noun` ("events", "entries")
 * listed under `/<collection>`.
 */
export function sharedListFilters(noun: string, collection: string) {
	const computerName: INodeProperties = {
		displayName: 'Computer Name',
		name: 'computerName',
		type: 'string',
		default: '',
		placeholder: 'FTWIN11',
		description: `Only ${noun} of this computer (uses /computers/{name}/${collection})`,
	};
	const days: INodeProperties = {
		displayName: 'Days',
		name: 'days',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 30,
		description:
			'How many days back to look. The API looks 30 days back unless told otherwise. Not used with Start Date.',
	};
	const endDate: INodeProperties = {
		displayName: 'End Date',
		name: 'endDate',
		type: 'dateTime',
		default: '',
		description: `Only ${noun} up to and including this date (yyyy-mm-dd; a time part is ignored)`,
	};
	const startDate: INodeProperties = {
		displayName: 'Start Date',
		name: 'startDate',
		type: 'dateTime',
		default: '',
		description: `Only ${noun} from this date on (yyyy-mm-dd; a time part is ignored). Replaces the 30-day default window.`,
	};
	const user: INodeProperties = {
		displayName: 'User',
		name: 'user',
		type: 'string',
		default: '',
		placeholder: 'CONTOSO\\jdoe',
		description: `Only ${noun} of this user account (uses /users/{user}/${collection})`,
	};
	return { computerName, days, endDate, startDate, user, ...idFilters(noun) };
}

/** Start ID and Newest First, which every list has. */
export function idFilters(noun: string) {
	const newestFirst: INodeProperties = {
		displayName: 'Newest First',
		name: 'newestFirst',
		type: 'boolean',
		default: true,
		description: `Whether to return the latest ${noun}, newest first (the API's "last" filter), instead of the oldest first`,
	};
	const startId: INodeProperties = {
		displayName: 'Start ID',
		name: 'startId',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 1,
		description: `Only ${noun} with this ID or a higher one`,
	};
	return { newestFirst, startId };
}

export function statusFilter(noun: string): INodeProperties {
	return {
		displayName: 'Status',
		name: 'status',
		type: 'options',
		options: STATUS_FILTER_VALUES.map((value) => ({ name: value, value })),
		default: 'Pending',
		description: `Only ${noun} with this status`,
	};
}
