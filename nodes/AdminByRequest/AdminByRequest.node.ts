import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { executePerItem } from '../shared/executePerItem';
import { toInteger } from '../shared/validate';
import { eventFields, eventOperations } from './descriptions/eventDescription';
import { isEvent, toOutputItem, type AbrEvent } from './event';
import { buildEventQuery, nextPageSize, parseEventId } from './eventQuery';
import { abrConnection, abrRequest, CREDENTIAL_TYPE, fetchEvents } from './transport';

export class AdminByRequest implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Admin By Request',
		name: 'adminByRequest',
		icon: { light: 'file:../../icons/adminByRequest.svg', dark: 'file:../../icons/adminByRequest.dark.svg' },
		group: ['input'],
		version: 1,
		subtitle: '={{$parameter["operation"] === "get" ? "Get event" : "Get many events"}}',
		description: 'Read Admin By Request events: elevations, blocked executions, installs, break-glass logons',
		defaults: { name: 'Admin By Request' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: CREDENTIAL_TYPE, required: true }],
		properties: [...eventOperations, ...eventFields],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await executePerItem(this, this.continueOnFail(), async (i) => {
			const operation = this.getNodeParameter('operation', i) as string;
			const options = this.getNodeParameter('options', i, {}) as IDataObject;
			const timeoutMs = toInteger(options.timeout ?? 30000, 'Timeout', 1000, 600_000);
			const events =
				operation === 'get'
					? await getEvent.call(this, i, timeoutMs)
					: await getManyEvents.call(this, i, timeoutMs);
			return events.map(toOutputItem);
		});
	}
}

async function getEvent(this: IExecuteFunctions, i: number, timeoutMs: number): Promise<AbrEvent[]> {
	const id = parseEventId(this.getNodeParameter('eventId', i));
	const body = await abrRequest(this, `/events/${id}`, {}, timeoutMs);
	const event = Array.isArray(body) ? body[0] : body;
	if (!isEvent(event)) {
		throw new NodeOperationError(this.getNode(), `No event with ID ${id} was returned`, {
			itemIndex: i,
		});
	}
	return [event];
}

async function getManyEvents(
	this: IExecuteFunctions,
	i: number,
	timeoutMs: number,
): Promise<AbrEvent[]> {
	const returnAll = this.getNodeParameter('returnAll', i) as boolean;
	const limit = returnAll ? undefined : this.getNodeParameter('limit', i);
	const filters = this.getNodeParameter('filters', i, {}) as IDataObject;
	const query = buildEventQuery(filters, returnAll, limit);

	if (query.newestCount !== undefined) {
		return await fetchEvents(this, query.path, { ...query.qs, last: query.newestCount }, timeoutMs);
	}

	const connection = await abrConnection(this);
	const events: AbrEvent[] = [];
	let startId = query.startId;
	for (;;) {
		const remaining = query.limit === undefined ? undefined : query.limit - events.length;
		const take = nextPageSize(remaining);
		const qs: IDataObject = { ...query.qs, take };
		if (startId !== undefined) qs.startid = startId;
		const page = await fetchEvents(this, query.path, qs, timeoutMs, connection);
		// One pass per page: keep what moves forward (never loop on the same page) and note the
		// highest id; no intermediate arrays, no spread of 10,000 arguments.
		let fresh = 0;
		let highestId = -Infinity;
		for (const event of page) {
			if (startId !== undefined && event.id < startId) continue;
			events.push(event);
			fresh++;
			if (event.id > highestId) highestId = event.id;
		}
		if (page.length < take || fresh === 0) break;
		if (query.limit !== undefined && events.length >= query.limit) break;
		startId = highestId + 1;
	}
	return events;
}
