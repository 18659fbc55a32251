import type {
	IDataObject,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeApiError, NodeConnectionTypes } from 'n8n-workflow';
import { readTriggerParameters } from '../shared/triggerSettings';
import { EXPIRED_CURSOR_STATUS, formatFilterTimestamp, parseEventTimestamp } from './apiAssumptions';
import { triggerProperties } from './descriptions/TriggerDescription';
import { toOutputEvent } from './eventDetails';
import type { Checkpoint, TimedEvent } from './pollCheckpoint';
import { freshSkip, lowerBound, nextCheckpoint, timeEvents } from './pollCheckpoint';
import type { TriggerSettings } from './parameters';
import { readTriggerSettings } from './parameters';
import { fetchEventsPage, vtConnection, type VtConnection } from './transport';

// A trigger must not be an AI tool (n8n's scanner rejects usableAsTool on triggers, and n8n-workflow
// types it `true | {...}`), but node-cli 0.34.0's rule still asks every node to set it.
// eslint-disable-next-line @n8n/community-nodes/node-usable-as-tool
export class VirusTotalMonitorTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'VirusTotal Monitor Trigger',
		name: 'virusTotalMonitorTrigger',
		icon: { light: 'file:../../icons/virusTotalMonitor.svg', dark: 'file:../../icons/virusTotalMonitor.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{"Events" + ($parameter["filters"]["action"] ? ": " + $parameter["filters"]["action"] : "")}}',
		description: 'Starts the workflow once for every new VirusTotal Monitor event',
		defaults: { name: 'VirusTotal Monitor Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'virusTotalMonitorApi', required: true }],
		properties: triggerProperties,
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const settings = readTriggerParameters(this, readTriggerSettings);

		if (this.getMode() === 'manual') return await latestEvent(this, settings);

		const staticData = this.getWorkflowStaticData('node');
		const saved = staticData.checkpoint as Checkpoint | undefined;
		const nowSeconds = Math.floor(Date.now() / 1000);
		if (!saved && settings.startFrom === 'now') {
			// One request proves the key and the filter at activation; its events (at or after this
			// very second) are listed again by the next poll.
			await fetchEventsPage(this, { filter: windowFilter(settings.userFilter, nowSeconds), timeoutMs: settings.timeoutMs });
			staticData.checkpoint = { timestamp: formatFilterTimestamp(nowSeconds), seen: {} } satisfies Checkpoint;
			return null;
		}
		const start: Checkpoint = saved
			? (JSON.parse(JSON.stringify(saved)) as Checkpoint)
			: { timestamp: formatFilterTimestamp(nowSeconds - settings.lookbackHours * 3600), seen: {} };

		const { checkpoint, emitted } = await pollOnce(this, settings, start);
		// Only a fully successful poll reaches this line: a failure leaves the checkpoint untouched.
		staticData.checkpoint = checkpoint;
		if (emitted.length === 0) return null;
		return [emitted.map((item) => ({ json: toOutputEvent(item.event) }))];
	}
}

function windowFilter(userFilter: string, lower: number, upper?: string): string {
	const terms = [userFilter, `timestamp:${formatFilterTimestamp(lower)}+`];
	if (upper !== undefined) terms.push(`timestamp:${upper}-`);
	return terms.filter(Boolean).join(' ');
}

/** Lists within the request budget, letting nextCheckpoint decide after each listing portion. */
async function pollOnce(
	ctx: IPollFunctions,
	settings: TriggerSettings,
	start: Checkpoint,
): Promise<{ checkpoint: Checkpoint; emitted: TimedEvent[] }> {
	let checkpoint = start;
	const emitted: TimedEvent[] = [];
	let requests = 0;
	let connection: VtConnection | undefined;

	while (requests < settings.maxPages) {
		const continuation = checkpoint.continuation;
		const filter = continuation?.filter ?? windowFilter(settings.userFilter, lowerBound(checkpoint), checkpoint.upperBound);
		const skip = continuation?.skip ?? freshSkip(checkpoint);
		let next: { cursor: string; jobId?: string } | undefined = continuation
			? { cursor: continuation.cursor, jobId: continuation.jobId }
			: undefined;
		const events: TimedEvent[] = [];
		let cursorExpired = false;

		do {
			requests++;
			let page;
			let failure: unknown;
			try {
				// Read once per poll, inside the try: a credential error is handled as before.
				connection ??= await vtConnection(ctx);
				page = await fetchEventsPage(ctx, { filter, ...next, timeoutMs: settings.timeoutMs }, connection);
			} catch (error) {
				failure = error;
			}
			if (failure !== undefined || !page) {
				if (next && isExpiredCursor(failure)) {
					cursorExpired = true;
					break;
				}
				throw failure;
			}
			events.push(...timeEvents(page.events));
			next = page.next;
		} while (next && requests < settings.maxPages);

		if (cursorExpired) {
			// The kept cursor is gone: start a fresh listing from the checkpoint.
			checkpoint = { ...checkpoint };
			delete checkpoint.continuation;
			continue;
		}
		const step = nextCheckpoint(checkpoint, {
			events,
			filter,
			skip,
			next,
			knownAscending: continuation?.ascending,
		});
		checkpoint = step.checkpoint;
		emitted.push(...step.emitted);
		if (!step.keepListing) break;
	}
	return { checkpoint, emitted };
}

function isExpiredCursor(error: unknown): boolean {
	return error instanceof NodeApiError && error.httpCode === String(EXPIRED_CURSOR_STATUS);
}

/** "Fetch Test Event": the newest matching event among the first pages; static data untouched. */
async function latestEvent(
	ctx: IPollFunctions,
	settings: TriggerSettings,
): Promise<INodeExecutionData[][] | null> {
	let latest: { event: IDataObject; at: number } | undefined;
	let next: { cursor: string; jobId?: string } | undefined;
	let requests = 0;
	do {
		const page = await fetchEventsPage(ctx, { filter: settings.userFilter, ...next, timeoutMs: settings.timeoutMs });
		requests++;
		for (const event of page.events) {
			const at = parseEventTimestamp(event.timestamp) ?? -Infinity;
			if (!latest || at > latest.at) latest = { event, at };
		}
		next = page.next;
	} while (next && requests < settings.maxPages);
	return latest ? [[{ json: toOutputEvent(latest.event) }]] : null;
}
