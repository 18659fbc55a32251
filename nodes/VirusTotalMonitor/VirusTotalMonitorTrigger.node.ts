import type {
	IDataObject,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeApiError, NodeConnectionTypes } from 'n8n-workflow';
import { PollBudget } from '../shared/pollBudget';
import { readStartAnchor, writeStartAnchor } from '../shared/startAnchor';
import { readTriggerParameters } from '../shared/triggerSettings';
import { EXPIRED_CURSOR_STATUS, formatFilterTimestamp, parseEventTimestamp } from './apiAssumptions';
import { triggerProperties } from './descriptions/TriggerDescription';
import { toOutputEvent } from './eventDetails';
import type { Checkpoint, TimedEvent } from './pollCheckpoint';
import {
	freshSkip,
	hasNewEvents,
	lowerBound,
	nextCheckpoint,
	readCheckpoint,
	SEARCH_REQUESTS,
	timeEvents,
	upperBound,
} from './pollCheckpoint';
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
		let start = readCheckpoint(staticData.checkpoint) ?? readCheckpoint(readStartAnchor(this)?.checkpoint);
		if (!start) {
			const nowSeconds = Math.floor(Date.now() / 1000);
			if (settings.startFrom === 'now') {
				// One request proves the key and the filter at activation; its events (at or after this
				// very second) are listed again by the next poll.
				await fetchEventsPage(this, { filter: windowFilter(settings.userFilter, nowSeconds), timeoutMs: settings.timeoutMs });
			}
			const startSeconds = settings.startFrom === 'now' ? nowSeconds : nowSeconds - settings.lookbackHours * 3600;
			start = { timestamp: formatFilterTimestamp(startSeconds), seen: {} };
			writeStartAnchor(this, { checkpoint: { ...start } });
			if (settings.startFrom === 'now') {
				staticData.checkpoint = start;
				return null;
			}
		}

		const { checkpoint, emitted } = await pollOnce(this, settings, start);
		// Only a poll that decided reaches this line: a failure leaves the checkpoint untouched.
		staticData.checkpoint = checkpoint;
		if (emitted.length === 0) return null;
		return [emitted.map((item) => ({ json: toOutputEvent(item.event) }))];
	}
}

function windowFilter(userFilter: string, lower: number, upper?: number): string {
	const terms = [userFilter, `timestamp:${formatFilterTimestamp(lower)}+`];
	if (upper !== undefined) terms.push(`timestamp:${formatFilterTimestamp(upper)}-`);
	return terms.filter(Boolean).join(' ');
}

/**
 * Lists windows within the poll's requests and time, letting nextCheckpoint decide after each.
 *
 * Max Pages per Poll bounds the requests of a poll that emits. A poll that has found nothing it may
 * emit yet goes on searching for up to SEARCH_REQUESTS more: on n8n's scheduler without durable
 * cursors nothing a poll that emits nothing writes is kept, so a search spread over several polls
 * would start again every time. A fault in those extra requests ends the search for this poll
 * (the poll did what Max Pages per Poll asks), keeping what it learned where n8n keeps it.
 */
async function pollOnce(
	ctx: IPollFunctions,
	settings: TriggerSettings,
	start: Checkpoint,
): Promise<{ checkpoint: Checkpoint; emitted: TimedEvent[] }> {
	let checkpoint = start;
	const emitted: TimedEvent[] = [];
	const budget = new PollBudget(ctx);
	let requests = 0;
	let connection: VtConnection | undefined;
	const limit = () => (emitted.length > 0 ? settings.maxPages : settings.maxPages + SEARCH_REQUESTS);
	const mayRequest = () => requests < limit() && budget.allowsAnother();

	while (mayRequest()) {
		const continuation = checkpoint.continuation;
		const lower = lowerBound(checkpoint);
		const upper = upperBound(checkpoint);
		const filter = continuation?.filter ?? windowFilter(settings.userFilter, lower, upper);
		const skip = continuation?.skip ?? freshSkip(checkpoint);
		let next: { cursor: string; jobId?: string } | undefined = continuation
			? { cursor: continuation.cursor, jobId: continuation.jobId }
			: undefined;
		const events: TimedEvent[] = [];
		let pages = 0;
		let cursorExpired = false;

		do {
			requests++;
			pages++;
			let page;
			let failure: unknown;
			try {
				// Read once per poll, inside the try: a credential error is handled as before.
				connection ??= await vtConnection(ctx);
				page = await budget.measure(() =>
					fetchEventsPage(ctx, { filter, ...next, timeoutMs: settings.timeoutMs }, connection),
				);
			} catch (error) {
				failure = error;
			}
			if (failure !== undefined || !page) {
				if (next && isExpiredCursor(failure)) {
					cursorExpired = true;
					break;
				}
				if (requests > settings.maxPages) {
					ctx.logger.warn(`VirusTotal Monitor Trigger: search stopped by a fault after ${requests} requests`, {
						error: (failure as Error)?.message,
					});
					return { checkpoint, emitted };
				}
				throw failure;
			}
			events.push(...timeEvents(page.events));
			next = page.next;
			// A window that does not fit is narrowed rather than read to its end, once it showed what to aim at.
		} while (
			next &&
			mayRequest() &&
			!(pages >= settings.maxPages && upper !== lower && hasNewEvents(checkpoint, events, skip))
		);

		if (cursorExpired) {
			// The kept cursor is gone: start a fresh listing of the window.
			checkpoint = { ...checkpoint };
			delete checkpoint.continuation;
			continue;
		}
		const step = nextCheckpoint(checkpoint, {
			events,
			filter,
			skip,
			next,
			nowSeconds: Math.floor(Date.now() / 1000),
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
