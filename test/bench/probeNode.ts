/**
 * Nodes that exist only for measuring, run through the same harness (n8n-core's WorkflowExecute)
 * as the package's nodes:
 *
 *   coreMinimum  the least any node must do to read the same pages inside n8n, under the rules a
 *                community node follows: this.helpers.httpRequestWithAuthentication (with the
 *                credential read once and passed as credentialsDecrypted) + JSON.parse per page,
 *                and every event out as an item. No validation, no derived fields, no error texts.
 *
 * `withProbeNodes(harness, extra)` returns a harness that also knows these node types.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	IVersionedNodeType,
} from 'n8n-workflow';

import { nodeTypeName, type Harness } from '../support/n8nHarness';

const ABR_TAKE = 10_000;

/** The least work for Get Many, Return All, through n8n-core's request path. */
export class CoreMinimumNode implements INodeType {
	description = {
		displayName: 'Core Minimum',
		name: 'coreMinimum',
		group: ['input'],
		version: 1,
		description: 'Reads every page with bare httpRequestWithAuthentication calls',
		defaults: { name: 'Core Minimum' },
		inputs: ['main'],
		outputs: ['main'],
		credentials: [{ name: 'adminByRequestApi' }, { name: 'virusTotalMonitorApi' }],
		properties: [
			{ displayName: 'Feed', name: 'feed', type: 'string', default: '' },
			{ displayName: 'Base URL', name: 'baseUrl', type: 'string', default: '' },
		],
	} as unknown as INodeType['description'];

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const feed = this.getNodeParameter('feed', 0) as 'abr' | 'vt';
		const baseUrl = this.getNodeParameter('baseUrl', 0) as string;
		const items: INodeExecutionData[] = [];
		// Read once, as the package's nodes do; httpRequestWithAuthentication only signs.
		const credentialType = feed === 'abr' ? 'adminByRequestApi' : 'virusTotalMonitorApi';
		const data = await this.getCredentials(credentialType);
		const credentialsDecrypted = { id: credentialType, name: credentialType, type: credentialType, data };
		const get = async (url: string, qs: IDataObject) =>
			JSON.parse(
				(await this.helpers.httpRequestWithAuthentication.call(
					this,
					credentialType,
					{ method: 'GET', url, qs, encoding: 'text', json: false, disableFollowRedirect: true },
					{ credentialsDecrypted },
				)) as string,
			) as unknown;
		if (feed === 'abr') {
			let startId: number | undefined;
			for (;;) {
				const qs: IDataObject = { take: ABR_TAKE };
				if (startId !== undefined) qs.startid = startId;
				const page = (await get(`${baseUrl}/events`, qs)) as Array<{ id: number }>;
				for (const event of page) items.push({ json: event, pairedItem: { item: 0 } });
				if (page.length < ABR_TAKE) break;
				startId = page[page.length - 1].id + 1;
			}
		} else {
			let next: { cursor: string; job_id?: string } | undefined;
			do {
				const qs: IDataObject = {};
				if (next) {
					qs.cursor = next.cursor;
					if (next.job_id) qs.job_id = next.job_id;
				}
				const body = (await get(`${baseUrl}/monitor/events`, qs)) as {
					data: IDataObject[];
					meta?: { cursor: string; job_id?: string };
				};
				for (const event of body.data) items.push({ json: event, pairedItem: { item: 0 } });
				next = body.meta;
			} while (next?.cursor);
		}
		return [items];
	}
}

/** A harness that also resolves the given measuring nodes, by their short name. */
export function withProbeNodes(harness: Harness, probes: Record<string, INodeType>): Harness {
	const nodeTypes = Object.create(harness.nodeTypes) as Harness['nodeTypes'];
	const probe = (name: string) => Object.entries(probes).find(([short]) => nodeTypeName(short) === name)?.[1];
	nodeTypes.getByName = (name: string): INodeType | IVersionedNodeType =>
		probe(name) ?? harness.nodeTypes.getByName(name);
	nodeTypes.getByNameAndVersion = (name: string, version?: number): INodeType =>
		probe(name) ?? harness.nodeTypes.getByNameAndVersion(name, version);
	return { ...harness, nodeTypes };
}
