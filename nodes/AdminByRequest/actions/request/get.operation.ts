import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { getOneEntry } from '../common/list';
import { showOnlyFor } from '../common/properties';
import { scanDetailsQuery } from '../common/query';
import { readRequestId, requestIdProperty, requestNotFound } from './requestId';

export const description: INodeProperties[] = showOnlyFor('request', ['get'], [requestIdProperty]);

/** `GET /requests/{id}`: one request as it is now. */
export async function execute(this: IExecuteFunctions, i: number, timeoutMs: number): Promise<IDataObject[]> {
	const id = readRequestId(this.getNodeParameter('requestId', i));
	const options = this.getNodeParameter('options', i, {}) as IDataObject;
	const request = await getOneEntry(this, i, 'request', id, `/requests/${id}`, timeoutMs, {
		qs: scanDetailsQuery(options),
		hints: requestNotFound(id),
	});
	return [request];
}
