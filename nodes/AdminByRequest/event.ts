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
	return canonicalUtcIso(raw) ?? parsedUtcIso(raw);
}

/** The general path: any form Date.parse reads, normalized by toISOString. */
function parsedUtcIso(raw: string): string | null {
	const withZone = /(Z|[+-]\d{2}:?\d{2})$/i.test(raw) ? raw : `${raw}Z`;
	const ms = Date.parse(withZone);
	return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/**
 * The form the API sends, `YYYY-MM-DDTHH:mm:ss[.sss]` without a zone, with every part in range:
 * toISOString would print the same characters back, so they are completed instead of parsed
 * (parsing and printing was an eighth of a 100,000-event Get Many). Anything else, including
 * values Date.parse would roll over (Feb 30, 24:00), returns undefined and takes the general path.
 */
function canonicalUtcIso(raw: string): string | undefined {
	const withMs = raw.length === 23;
	if (!withMs && raw.length !== 19) return undefined;
	if (
		raw.charCodeAt(4) !== 45 || // -
		raw.charCodeAt(7) !== 45 ||
		raw.charCodeAt(10) !== 84 || // T
		raw.charCodeAt(13) !== 58 || // :
		raw.charCodeAt(16) !== 58 ||
		(withMs && raw.charCodeAt(19) !== 46) // .
	) {
		return undefined;
	}
	const year = digits(raw, 0, 4);
	const month = digits(raw, 5, 2);
	const day = digits(raw, 8, 2);
	const hour = digits(raw, 11, 2);
	const minute = digits(raw, 14, 2);
	const second = digits(raw, 17, 2);
	if (
		year < 0 ||
		month < 1 ||
		month > 12 ||
		day < 1 ||
		day > daysInMonth(year, month) ||
		hour < 0 ||
		hour > 23 ||
		minute < 0 ||
		minute > 59 ||
		second < 0 ||
		second > 59 ||
		(withMs && digits(raw, 20, 3) < 0)
	) {
		return undefined;
	}
	return withMs ? `${raw}Z` : `${raw}.000Z`;
}

/** The decimal value of `count` ASCII digits at `start`, or -1 if one is not a digit. */
function digits(text: string, start: number, count: number): number {
	let value = 0;
	for (let i = start; i < start + count; i++) {
		const digit = text.charCodeAt(i) - 48;
		if (digit < 0 || digit > 9) return -1;
		value = value * 10 + digit;
	}
	return value;
}

function daysInMonth(year: number, month: number): number {
	if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
	return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
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
