import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as auditLog from './actions/auditLog';
import * as event from './actions/event';
import * as request from './actions/request';
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
			'={{ ({ event: { get: "Get event", getAll: "Get many events" }, auditLog: { get: "Get audit log entry", getAll: "Get many audit log entries" }, request: { get: "Get request", getAll: "Get many requests", approve: "Approve request", deny: "Deny request" } })[$parameter["resource"] || "event"][$parameter["operation"]] }}',
		description:
			'Read Admin By Request events and audit log, and approve or deny requests for admin rights',
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
					{
						name: 'Audit Log',
						value: 'auditLog',
						description: 'Elevations: each Run As Admin application or admin session, and what became of it',
					},
					{
						name: 'Event',
						value: 'event',
						description: 'Security events: elevations, blocked executions, installs, break-glass logons',
					},
					{
						name: 'Request',
						value: 'request',
						description: 'The approval queue: requests for admin rights, to read, approve or deny',
					},
				],
				// Events were the node's only resource at first: saved workflows without a resource mean them.
				default: 'event',
			},
			...event.description,
			...auditLog.description,
			...request.description,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await route.call(this, this.continueOnFail());
	}
}
