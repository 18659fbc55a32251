import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { DECISION_PARAMETERS } from '../../apiAssumptions';
import { showOnlyFor } from '../common/properties';
import { decide } from './decision';
import { optionalEmail } from './decisionFields';
import { readRequestId, requestIdProperty } from './requestId';

export const description: INodeProperties[] = showOnlyFor('request', ['approve'], [
	requestIdProperty,
	{
		displayName: 'Approved By',
		name: 'approvedBy',
		type: 'string',
		placeholder: 'name@email.com',
		default: '',
		description:
			'E-mail address of the portal user to show as the approver. Leave empty to let Admin By Request show its default for the API key.',
	},
]);

/** `PUT /requests/{id}`, only while the request is pending; see decide(). */
export async function execute(this: IExecuteFunctions, i: number, timeoutMs: number): Promise<IDataObject[]> {
	const id = readRequestId(this.getNodeParameter('requestId', i));
	const approvedBy = optionalEmail(this.getNodeParameter('approvedBy', i, ''), 'Approved By');
	const qs: IDataObject = {};
	if (approvedBy) qs[DECISION_PARAMETERS.approvedBy] = approvedBy;
	return [await decide(this, i, id, 'approve', qs, timeoutMs)];
}
