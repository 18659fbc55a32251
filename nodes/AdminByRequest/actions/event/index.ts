import type { INodeProperties } from 'n8n-workflow';

import { timeoutOption } from '../../shared/timeoutOption';
import { EVENT_CODE_OPTIONS } from '../eventCodes';

export const eventOperations: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: [{ name: 'Event', value: 'event' }],
		default: 'event',
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['event'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				description: 'Get one event by its ID, as it is now',
				action: 'Get an event',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'Get many events, filtered',
				action: 'Get many events',
			},
		],
		default: 'getAll',
	},
];

export const eventFields: INodeProperties[] = [
	{
		displayName: 'Event ID',
		name: 'eventId',
		type: 'string',
		required: true,
		default: '',
		placeholder: '53820480',
		displayOptions: { show: { resource: ['event'], operation: ['get'] } },
		description: 'The ID of the event (the "ID" field of an event)',
	},
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		displayOptions: { show: { resource: ['event'], operation: ['getAll'] } },
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 10000 },
		default: 50,
		displayOptions: { show: { resource: ['event'], operation: ['getAll'], returnAll: [false] } },
		description: 'Max number of results to return',
	},
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: { show: { resource: ['event'], operation: ['getAll'] } },
		options: [
			{
				displayName: 'Computer Name',
				name: 'computerName',
				type: 'string',
				default: '',
				placeholder: 'FTWIN11',
				description: 'Only events of this computer (uses /computers/{name}/events)',
			},
			{
				displayName: 'Days',
				name: 'days',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 30,
				description:
					'How many days back to look. The API looks 30 days back unless told otherwise. Not used with Start Date.',
			},
			{
				displayName: 'End Date',
				name: 'endDate',
				type: 'dateTime',
				default: '',
				description: 'Only events up to and including this date (yyyy-mm-dd; a time part is ignored)',
			},
			{
				displayName: 'Event Code Name or ID',
				name: 'code',
				type: 'options',
				options: EVENT_CODE_OPTIONS,
				default: 92,
				description:
					'Only events of this type. Choose from the list, or specify a code number using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
			{
				displayName: 'Newest First',
				name: 'newestFirst',
				type: 'boolean',
				default: true,
				description:
					'Whether to return the latest events, newest first (the API\'s "last" filter), instead of the oldest first',
			},
			{
				displayName: 'Start Date',
				name: 'startDate',
				type: 'dateTime',
				default: '',
				description:
					'Only events from this date on (yyyy-mm-dd; a time part is ignored). Replaces the 30-day default window.',
			},
			{
				displayName: 'Start ID',
				name: 'startId',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 1,
				description: 'Only events with this ID or a higher one',
			},
			{
				displayName: 'User',
				name: 'user',
				type: 'string',
				default: '',
				placeholder: 'CONTOSO\\jdoe',
				description: 'Only events of this user account (uses /users/{user}/events)',
			},
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show: { resource: ['event'] } },
		options: [timeoutOption],
	},
];
