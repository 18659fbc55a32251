import type { INodeProperties } from 'n8n-workflow';

import { parseEntryId } from '../common/query';

/** The "Request ID" parameter of Get, Approve and Deny. */
export const requestIdProperty: INodeProperties = {
	displayName: 'Request ID',
	name: 'requestId',
	type: 'string',
	required: true,
	default: '',
	placeholder: '4716339',
	description: 'The ID of the request (its "ID" field, as Get Many returns it)',
};

export function readRequestId(value: unknown): number {
	return parseEntryId(value, 'Request ID', '4716339');
}

/** The hint for a 404 answer about request `id`. */
export function requestNotFound(id: number): Partial<Record<number, string>> {
	return { 404: `No request has ID ${id} in this tenant, or the base URL is wrong.` };
}
