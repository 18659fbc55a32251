import { timeoutOption } from '../../shared/timeoutOption';
import type { INodeProperties } from 'n8n-workflow';
import { eventFilterFields } from './filterFields';

const showForGetAll = { show: { resource: ['event'], operation: ['getAll'] } };

export const eventOperations: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['event'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List events about your monitored files',
				action: 'Get many events',
			},
		],
		default: 'getAll',
	},
];

export const eventFields: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		displayOptions: showForGetAll,
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		displayOptions: { show: { ...showForGetAll.show, returnAll: [false] } },
		typeOptions: { minValue: 1, maxValue: 10000 },
		default: 50,
		description: 'Max number of results to return',
	},
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		displayOptions: showForGetAll,
		default: {},
		options: eventFilterFields(true),
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		displayOptions: showForGetAll,
		default: {},
		options: [
			{
				displayName: 'Cursor',
				name: 'cursor',
				type: 'string',
				default: '',
				description: 'Continue an earlier listing from this cursor (meta.cursor); needs Job ID too',
			},
			{
				displayName: 'Job ID',
				name: 'jobId',
				type: 'string',
				default: '',
				description: 'The job the cursor belongs to (meta.job_id)',
			},
			timeoutOption,
		],
	},
];
