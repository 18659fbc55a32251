import type { IDataObject } from 'n8n-workflow';
import { InvalidParameterError } from '../shared/InvalidParameterError';
import type { EventFilterInput } from './eventFilter';
import { buildEventFilter, dateParameterToSeconds } from './eventFilter';

/** Builds the filter from the "Filters" collection as n8n hands it over (only added fields present). */
export function filterFromParameters(filters: IDataObject, forTrigger: boolean): string {
	const input: EventFilterInput = {};
	const text = (name: string) => (filters[name] === undefined ? undefined : String(filters[name]));
	input.action = text('action');
	input.creatorId = text('creatorId');
	input.monitorKey = text('monitorKey');
	input.ownerId = text('ownerId');
	input.source = text('source');
	input.levelOperator = text('levelOperator');
	input.query = text('query');
	if (filters.level !== undefined && filters.level !== '') input.level = filters.level as number;
	if (!forTrigger) {
		input.after = dateParameterToSeconds(filters.after, 'Filters > After');
		input.before = dateParameterToSeconds(filters.before, 'Filters > Before');
	}
	return buildEventFilter(input, { allowTimestampInQuery: !forTrigger });
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

export function readTimeout(value: unknown): number {
	const number = value === undefined ? 30_000 : Number(value);
	if (!Number.isInteger(number) || number < 1000 || number > 600_000) {
		throw new InvalidParameterError(
			'Options > Timeout',
			`"${String(value)}" is not a whole number of milliseconds from 1000 to 600000`,
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

export function readWholeNumber(value: unknown, fallback: number, field: string, min: number, max: number): number {
	const number = value === undefined ? fallback : Number(value);
	if (!Number.isInteger(number) || number < min || number > max) {
		throw new InvalidParameterError(field, `"${String(value)}" is not a whole number from ${min} to ${max}`);
	}
	return number;
}

export interface TriggerSettings {
	userFilter: string;
	maxPages: number;
	timeoutMs: number;
	startFrom: 'now' | 'lookback';
	lookbackHours: number;
}

export function readTriggerSettings(filters: IDataObject, options: IDataObject): TriggerSettings {
	const startFrom = String(options.startFrom ?? 'now');
	if (startFrom !== 'now' && startFrom !== 'lookback') {
		throw new InvalidParameterError('Options > Start From', `"${startFrom}" is not one of now, lookback`);
	}
	return {
		userFilter: filterFromParameters(filters, true),
		maxPages: readWholeNumber(options.maxPagesPerPoll, 2, 'Options > Max Pages per Poll', 1, 100),
		timeoutMs: readTimeout(options.timeout),
		startFrom,
		lookbackHours: readWholeNumber(options.lookbackHours, 24, 'Options > Lookback Hours', 1, 720),
	};
}
