import type { INodeProperties } from 'n8n-workflow';

import { includeScanDetailsOption, optionsCollection, showOnlyFor } from '../common/properties';
import * as get from './get.operation';
import * as getAll from './getAll.operation';

export const operations = { get: get.execute, getAll: getAll.execute };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['auditLog'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				description:
					'Get one audit log entry (an elevation: a Run As Admin app or an admin session) by its ID, as it is now',
				action: 'Get an audit log entry',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'Get many audit log entries, filtered',
				action: 'Get many audit log entries',
			},
		],
		default: 'getAll',
	},
	...get.description,
	...getAll.description,
	...showOnlyFor('auditLog', undefined, [optionsCollection([includeScanDetailsOption])]),
];
