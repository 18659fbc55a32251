import type { IDataObject } from 'n8n-workflow';

import { EVENT_LEVEL_NAMES, eventCodeName } from './eventCodes';

export interface AbrEvent extends IDataObject {
	id: number;
	eventCode: number;
	eventLevel: number;
	eventTime: string;
	eventTimeUTC: string;
}

export function isEvent(value: unknown): value is AbrEvent {
	return (
		typeof value === 'object' &&
		value !== null &&
		!Array.isArray(value) &&
		Number.isSafeInteger((value as IDataObject).id)
	);
}

/** eventTimeUTC carries no zone marker and may be missing (the API then means eventTime). */
export function eventTimeIso(event: AbrEvent): string | null {
	const raw = event.eventTimeUTC || event.eventTime;
	if (typeof raw !== 'string' || raw === '') return null;
	const withZone = /(Z|[+-]\d{2}:?\d{2})$/i.test(raw) ? raw : `${raw}Z`;
	const ms = Date.parse(withZone);
	return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/**
 * The API's fields unchanged, plus derived fields under names the API does not use. The event is
 * completed in place and returned: every caller hands over an object it has just parsed and owns,
 * and copying 100,000 events into new objects cost more than the whole JSON.parse.
 */
export function toOutputItem(event: AbrEvent): IDataObject {
	const output: IDataObject = event;
	output.eventCodeName = eventCodeName(event.eventCode);
	output.eventLevelName = EVENT_LEVEL_NAMES[event.eventLevel] ?? `Unknown (${String(event.eventLevel)})`;
	output.eventTimeUtcIso = eventTimeIso(event);
	return output;
}
