import type { INodeProperties } from 'n8n-workflow';

import { includeScanDetailsOption, optionsCollection, showOnlyFor } from '../common/properties';
import * as approve from './approve.operation';
import * as deny from './deny.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';

export const operations = {
	approve: approve.execute,
	deny: deny.execute,
	get: get.execute,
	getAll: getAll.execute,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['request'] } },
		options: [
			{
				name: 'Approve',
				value: 'approve',
				description:
					'Approve a pending request, so the user may run the application or start the admin session. Get the request first to see who asks for what. A request that is no longer pending is left as it is, and the output says so.',
				action: 'Approve a request',
			},
			{
				name: 'Deny',
				value: 'deny',
				description:
					'Deny a pending request, with an optional reason shown to the user. Get the request first to see who asks for what. A request that is no longer pending is left as it is, and the output says so.',
				action: 'Deny a request',
			},
			{
				name: 'Get',
				value: 'get',
				description:
					'Get one request for elevation by its ID: who asks, on which computer, for which application and why, and its status',
				action: 'Get a request',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'Get many requests for elevation, filtered (for example the pending ones)',
				action: 'Get many requests',
			},
		],
		default: 'getAll',
	},
	...get.description,
	...getAll.description,
	...approve.description,
	...deny.description,
	...showOnlyFor('request', ['get', 'getAll'], [optionsCollection([includeScanDetailsOption])]),
	...showOnlyFor('request', ['approve', 'deny'], [optionsCollection()]),
];
