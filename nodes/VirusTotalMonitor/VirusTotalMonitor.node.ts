import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { executePerItem } from '../shared/executePerItem';
import { eventFields, eventOperations } from './descriptions/EventDescription';
import { toOutputEvent } from './eventDetails';
import { filterFromParameters, readContinuation, readLimit, readTimeout } from './parameters';
import { fetchEventsPage, vtConnection } from './transport';

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
			...eventOperations,
			...eventFields,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await executePerItem(this, this.continueOnFail(), async (i) => (await getManyEvents(this, i)).map(toOutputEvent));
	}
}

async function getManyEvents(ctx: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	// Everything is validated before the first request, so a bad parameter costs no quota.
	const returnAll = ctx.getNodeParameter('returnAll', i, false) as boolean;
	const limit = readLimit(returnAll, ctx.getNodeParameter('limit', i, 50));
	const filters = ctx.getNodeParameter('filters', i, {}) as IDataObject;
	const options = ctx.getNodeParameter('options', i, {}) as IDataObject;
	const filter = filterFromParameters(filters, false);
	const timeoutMs = readTimeout(options.timeout);
	let next = readContinuation(options);

	const connection = await vtConnection(ctx);
	const events: IDataObject[] = [];
	do {
		const page = await fetchEventsPage(ctx, { filter, ...next, timeoutMs }, connection);
		for (const event of page.events) events.push(event);
		next = page.next ?? {};
	} while (next.cursor && (limit === undefined || events.length < limit));
	return limit === undefined ? events : events.slice(0, limit);
}
