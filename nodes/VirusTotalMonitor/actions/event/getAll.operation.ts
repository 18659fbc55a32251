import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { InvalidParameterError } from '../../../shared/InvalidParameterError';
import { timeoutOption } from '../../../shared/timeoutOption';
import { readTimeout } from '../../../shared/validate';
import { eventFilterFields } from '../../descriptions/filterFields';
import { toOutputEvent } from '../../eventDetails';
import { filterFromParameters } from '../../eventFilter';
import { fetchEventsPage, vtConnection } from '../../transport';

const showForGetAll = { show: { resource: ['event'], operation: ['getAll'] } };

export const description: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		displayOptions: showForGetAll,
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		displayOptions: { show: { ...showForGetAll.show, returnAll: [false] } },
		typeOptions: { minValue: 1, maxValue: 10000 },
		default: 50,
		description: 'Max number of results to return',
	},
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		displayOptions: showForGetAll,
		default: {},
		options: eventFilterFields(true),
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		displayOptions: showForGetAll,
		default: {},
		options: [
			{
				displayName: 'Cursor',
				name: 'cursor',
				type: 'string',
				default: '',
				description: 'Continue an earlier listing from this cursor (meta.cursor); needs Job ID too',
			},
			{
				displayName: 'Job ID',
				name: 'jobId',
				type: 'string',
				default: '',
				description: 'The job the cursor belongs to (meta.job_id)',
			},
			timeoutOption,
		],
	},
];

/** Get Many: every page of the listing up to the limit, as output events. */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	return await getManyEvents(this, i);
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
	return (limit === undefined ? events : events.slice(0, limit)).map(toOutputEvent);
}

export function readLimit(returnAll: boolean, limit: unknown): number | undefined {
	if (returnAll) return undefined;
	const number = Number(limit);
	if (!Number.isInteger(number) || number < 1 || number > 10_000) {
		throw new InvalidParameterError(
			'Limit',
			`"${String(limit)}" is not a whole number from 1 to 10000; use Return All for more`,
		);
	}
	return number;
}

export function readContinuation(options: IDataObject): { cursor?: string; jobId?: string } {
	const cursor = String(options.cursor ?? '').trim();
	const jobId = String(options.jobId ?? '').trim();
	if (cursor && !jobId) {
		throw new InvalidParameterError('Options > Cursor', 'needs Options > Job ID (meta.job_id of the same listing) as well');
	}
	if (jobId && !cursor) {
		throw new InvalidParameterError('Options > Job ID', 'needs Options > Cursor (meta.cursor of the same listing) as well');
	}
	return cursor ? { cursor, jobId } : {};
}
