import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { DECISION_PARAMETERS, MAX_DENY_REASON_LENGTH } from '../../apiAssumptions';
import { showOnlyFor } from '../common/properties';
import { decide } from './decision';
import { optionalEmail, optionalReason } from './decisionFields';
import { readRequestId, requestIdProperty } from './requestId';

export const description: INodeProperties[] = showOnlyFor('request', ['deny'], [
	requestIdProperty,
	{
		displayName: 'Reason',
		name: 'reason',
		type: 'string',
		typeOptions: { rows: 2 },
		default: '',
		placeholder: 'Please use the software portal for this application',
		description: `Why the request is denied: shown to the user who asked. Up to ${MAX_DENY_REASON_LENGTH.toLocaleString('en-US')} characters.`,
	},
	{
		displayName: 'Denied By',
		name: 'deniedBy',
		type: 'string',
		placeholder: 'name@email.com',
		default: '',
		description:
			'E-mail address of the portal user to show as the one who denied it. Leave empty to let Admin By Request show its default for the API key.',
	},
]);

/** `DELETE /requests/{id}`, only while the request is pending; see decide(). */
export async function execute(this: IExecuteFunctions, i: number, timeoutMs: number): Promise<IDataObject[]> {
	const id = readRequestId(this.getNodeParameter('requestId', i));
	const reason = optionalReason(this.getNodeParameter('reason', i, ''));
	const deniedBy = optionalEmail(this.getNodeParameter('deniedBy', i, ''), 'Denied By');
	const qs: IDataObject = {};
	if (reason) qs[DECISION_PARAMETERS.reason] = reason;
	if (deniedBy) qs[DECISION_PARAMETERS.deniedBy] = deniedBy;
	return [await decide(this, i, id, 'deny', qs, timeoutMs)];
}
