import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { getOneEntry } from '../common/list';
import { showOnlyFor } from '../common/properties';
import { parseEntryId, scanDetailsQuery } from '../common/query';

export const description: INodeProperties[] = showOnlyFor('auditLog', ['get'], [
	{
		displayName: 'Audit Log Entry ID',
		name: 'auditLogEntryId',
		type: 'string',
		required: true,
		default: '',
		placeholder: '4716339',
		description: 'The ID of the audit log entry (its "ID" field)',
	},
]);

/** `GET /auditlog/{id}`: one entry as it is now. */
export async function execute(this: IExecuteFunctions, i: number, timeoutMs: number): Promise<IDataObject[]> {
	const id = parseEntryId(this.getNodeParameter('auditLogEntryId', i), 'Audit Log Entry ID', '4716339');
	const options = this.getNodeParameter('options', i, {}) as IDataObject;
	const entry = await getOneEntry(this, i, 'audit log entry', id, `/auditlog/${id}`, timeoutMs, {
		qs: scanDetailsQuery(options),
		hints: { 404: `No audit log entry has ID ${id} in this tenant, or the base URL is wrong.` },
	});
	return [entry];
}
