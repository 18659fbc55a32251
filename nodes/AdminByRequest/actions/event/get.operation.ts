import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { toOutputItem, type AbrEvent } from '../../event';
import { getOneEntry } from '../common/list';
import { showOnlyFor } from '../common/properties';
import { parseEntryId } from '../common/query';

export const description: INodeProperties[] = showOnlyFor('event', ['get'], [
	{
		displayName: 'Event ID',
		name: 'eventId',
		type: 'string',
		required: true,
		default: '',
		placeholder: '53820480',
		description: 'The ID of the event (the "ID" field of an event)',
	},
]);

/** `GET /events/{id}`: one event as it is now. */
export async function execute(this: IExecuteFunctions, i: number, timeoutMs: number): Promise<IDataObject[]> {
	const id = parseEntryId(this.getNodeParameter('eventId', i), 'Event ID', '53820480');
	const event = await getOneEntry(this, i, 'event', id, `/events/${id}`, timeoutMs);
	return [toOutputItem(event as AbrEvent)];
}
