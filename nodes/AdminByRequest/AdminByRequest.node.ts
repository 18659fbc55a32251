import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as event from './actions/event';
import { route } from './actions/router';
import { CREDENTIAL_TYPE } from './transport';

export class AdminByRequest implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Admin By Request',
		name: 'adminByRequest',
		icon: { light: 'file:../../icons/adminByRequest.svg', dark: 'file:../../icons/adminByRequest.dark.svg' },
		group: ['input'],
		version: 1,
		subtitle:
			'={{$parameter["operation"] === "get" ? "Get event" : "Get many events"}}',
		description: 'Read Admin By Request events: elevations, blocked executions, installs, break-glass logons',
		defaults: { name: 'Admin By Request' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: CREDENTIAL_TYPE, required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Event', value: 'event' },
				],
				default: 'event',
			},
			...event.description,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await route.call(this);
	}
}
