import type {
	IDataObject,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { PollBudget } from '../shared/pollBudget';
import { readStartAnchor, writeStartAnchor } from '../shared/startAnchor';
import { readTriggerParameters } from '../shared/triggerSettings';
import { MAX_TAKE } from './apiAssumptions';
import { utcDate } from './apiDate';
import { triggerProperties } from './descriptions/triggerDescription';
import { toOutputItem, type AbrEvent } from './event';
import {
	advance,
	initialCheckpoint,
	matchesFilter,
	queryStartDate,
	readCheckpoint,
	writeCheckpoint,
	type AbrCheckpoint,
} from './pollCheckpoint';
import { abrConnection, CREDENTIAL_TYPE, fetchEvents } from './transport';
import { readTriggerSettings, type TriggerSettings } from './triggerSettings';

/** How many recent events "Fetch Test Event" looks through for one that matches the filters. */
const SAMPLE_WINDOW = 200;

// A trigger must not be an AI tool (n8n's scanner rejects usableAsTool on triggers, and n8n-workflow
// types it `true | {...}`), but node-cli 0.34.0's rule still asks every node to set it.
// eslint-disable-next-line @n8n/community-nodes/node-usable-as-tool
export class AdminByRequestTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Admin By Request Trigger',
		name: 'adminByRequestTrigger',
		icon: { light: 'file:../../icons/adminByRequest.svg', dark: 'file:../../icons/adminByRequest.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '=New events',
		description: 'Starts the workflow once for every new Admin By Request event',
		defaults: { name: 'Admin By Request Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: CREDENTIAL_TYPE, required: true }],
		properties: triggerProperties,
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const settings = readTriggerParameters(this, readTriggerSettings);

		if (this.getMode() === 'manual') return await latestSample(this, settings);

		// Work on a copy; static data changes only after the whole poll has succeeded.
		const staticData = this.getWorkflowStaticData('node');
		const today = utcDate(Date.now());
		let checkpoint = readCheckpoint(staticData) ?? readCheckpoint(readStartAnchor(this) ?? {});
		if (!checkpoint) {
			const newestId =
				settings.startFrom === 'now'
					? (await fetchEvents(this, '/events', { last: 1 }, settings.timeoutMs))[0]?.id
					: undefined;
			checkpoint = initialCheckpoint(settings.startFrom, today, { ...settings, newestId });
			writeStartAnchor(this, { ...checkpoint });
			if (settings.startFrom === 'now') {
				writeCheckpoint(staticData, checkpoint);
				return null;
			}
		}

		const { emit, checkpoint: next } = await readNewEvents(this, settings, checkpoint, today);
		writeCheckpoint(staticData, next);
		if (emit.length === 0) return null;
		return [emit.map((event) => ({ json: toOutputItem(event) }))];
	}
}

/**
 * Pages forward from the checkpoint until the API has nothing more, Max Events Per Poll is read,
 * or n8n's time budget for the poll is nearly used. A poll that has found nothing to emit yet reads
 * on past Max Events Per Poll: on n8n's scheduler without durable cursors nothing a poll that
 * emits nothing writes is kept, so the filtered-out events it read would be read again next time.
 */
async function readNewEvents(
	ctx: IPollFunctions,
	settings: TriggerSettings,
	start: AbrCheckpoint,
	today: string,
): Promise<{ emit: AbrEvent[]; checkpoint: AbrCheckpoint }> {
	const connection = await abrConnection(ctx);
	const budget = new PollBudget(ctx);
	const emit: AbrEvent[] = [];
	let checkpoint = start;
	let read = 0;
	for (;;) {
		const left = settings.maxEventsPerPoll - read;
		const take = Math.min(MAX_TAKE, left > 0 ? left : settings.maxEventsPerPoll);
		const qs: IDataObject = {
			startid: checkpoint.lastId + 1,
			take,
			startdate: queryStartDate(checkpoint, today),
		};
		if (settings.serverCode !== undefined) qs.code = settings.serverCode;
		const page = await budget.measure(() => fetchEvents(ctx, '/events', qs, settings.timeoutMs, connection));
		read += page.length;
		const step = advance(checkpoint, page, settings.filter);
		const progressed = step.checkpoint.lastId > checkpoint.lastId;
		for (const event of step.emit) emit.push(event);
		checkpoint = step.checkpoint;
		if (page.length < take || !progressed || !budget.allowsAnother()) break;
		if (read >= settings.maxEventsPerPoll && emit.length > 0) break;
	}
	return { emit, checkpoint };
}

/** "Fetch Test Event": the latest matching event, without touching the checkpoint. */
async function latestSample(
	ctx: IPollFunctions,
	settings: TriggerSettings,
): Promise<INodeExecutionData[][] | null> {
	const qs: IDataObject = { last: SAMPLE_WINDOW };
	if (settings.serverCode !== undefined) qs.code = settings.serverCode;
	const newestFirst = await fetchEvents(ctx, '/events', qs, settings.timeoutMs);
	const sample = newestFirst.find((event) => matchesFilter(event, settings.filter));
	return sample ? [[{ json: toOutputItem(sample) }]] : null;
}
