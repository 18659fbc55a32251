import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { executePerItem } from '../shared/executePerItem';
import * as event from './actions/event';

export class VirusTotalMonitor implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'VirusTotal Monitor',
		name: 'virusTotalMonitor',
		icon: { light: 'file:../../icons/virusTotalMonitor.svg', dark: 'file:../../icons/virusTotalMonitor.dark.svg' },
		group: ['input'],
		version: 1,
		subtitle: '=Get many events',
		description: 'Read VirusTotal Monitor events about your software collection',
		defaults: { name: 'VirusTotal Monitor' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'virusTotalMonitorApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [{ name: 'Event', value: 'event' }],
				default: 'event',
			},
			...event.description,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		// One resource with one operation: saved workflows always name Event and Get Many.
		return await executePerItem(this, this.continueOnFail(), async (i) => await event.operations.getAll.call(this, i));
	}
}
