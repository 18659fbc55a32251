import type { INodeProperties } from 'n8n-workflow';

import { optionsCollection, showOnlyFor } from '../common/properties';
import * as get from './get.operation';
import * as getAll from './getAll.operation';

export const operations = { get: get.execute, getAll: getAll.execute };

export const description: INodeProperties[] = [
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
	...get.description,
	...getAll.description,
	...showOnlyFor('event', undefined, [optionsCollection()]),
];
