import type { IDataObject } from 'n8n-workflow';
import { InvalidParameterError } from '../shared/InvalidParameterError';
import { formatFilterTimestamp } from './apiAssumptions';

export const EVENT_ACTIONS = ['CLEAN', 'COMMENT', 'DELETE', 'DETECTED', 'UPLOAD', 'RESOLVED'] as const;
export const EVENT_SOURCES = ['ANALYSIS', 'FILE', 'QUOTA'] as const;
export const LEVEL_OPERATORS = { atLeast: '+', atMost: '-', exactly: '=' } as const;

export type LevelOperator = keyof typeof LEVEL_OPERATORS;

/** The "Filters" collection as the node reads it; times are already epoch seconds. */
export interface EventFilterInput {
	action?: string;
	creatorId?: string;
	level?: number;
	levelOperator?: string;
	monitorKey?: string;
	ownerId?: string;
	source?: string;
	/** Inclusive lower bound, epoch seconds. */
	after?: number;
	/** Inclusive upper bound, epoch seconds. */
	before?: number;
	query?: string;
}

export interface FilterRules {
	/** The trigger owns the time window: raw timestamp terms would fight its checkpoint. */
	allowTimestampInQuery: boolean;
}

// The grammar has no quoting: a blank separates terms, so a value holding one would add a term,
// and a colon would make the value read as another key:value pair.
const UNSAFE_VALUE = /[\s\p{Cc}:]/u;
const RAW_TERM = /^([a-z_]+):(\S+)$/i;

/**
 * Builds the `filter` query parameter: space-separated `key:value` terms, with `+`/`-`/`=` after
 * the value for level and timestamp. Throws InvalidParameterError naming the field at fault.
 */
export function buildEventFilter(
	input: EventFilterInput,
	rules: FilterRules = { allowTimestampInQuery: true },
): string {
	const terms: string[] = [];

	if (input.action !== undefined) {
		terms.push(`action:${oneOf(input.action, EVENT_ACTIONS, 'Filters > Action')}`);
	}
	if (input.creatorId !== undefined) {
		terms.push(`creator_id:${plainValue(input.creatorId, 'Filters > Creator ID')}`);
	}
	if (input.level !== undefined) {
		terms.push(`level:${level(input.level)}${levelOperator(input.levelOperator)}`);
	} else if (input.levelOperator !== undefined) {
		throw new InvalidParameterError(
			'Filters > Level Operator',
			'only applies together with Filters > Level; add a Level (0 to 4) or remove the operator',
		);
	}
	if (input.monitorKey !== undefined) {
		terms.push(`monitor_key:${plainValue(input.monitorKey, 'Filters > Monitor Key')}`);
	}
	if (input.ownerId !== undefined) {
		terms.push(`owner_id:${plainValue(input.ownerId, 'Filters > Owner ID')}`);
	}
	if (input.source !== undefined) {
		terms.push(`source:${oneOf(input.source, EVENT_SOURCES, 'Filters > Source')}`);
	}
	if (input.after !== undefined && input.before !== undefined && input.after > input.before) {
		throw new InvalidParameterError(
			'Filters > After',
			`(${formatFilterTimestamp(input.after)} UTC) must not be later than Filters > Before (${formatFilterTimestamp(input.before)} UTC)`,
		);
	}
	if (input.after !== undefined) terms.push(`timestamp:${formatFilterTimestamp(input.after)}+`);
	if (input.before !== undefined) terms.push(`timestamp:${formatFilterTimestamp(input.before)}-`);
	if (input.query !== undefined) terms.push(...rawTerms(input.query, rules));

	return terms.join(' ');
}

function plainValue(value: string, field: string): string {
	const text = String(value);
	if (text === '') throw new InvalidParameterError(field, 'must not be empty; remove the filter instead');
	if (UNSAFE_VALUE.test(text)) {
		throw new InvalidParameterError(
			field,
			`"${text}" contains a space, a colon or a control character; VirusTotal filter values cannot be quoted, so a value must be a single word without ":"`,
		);
	}
	return text;
}

function oneOf(value: string, allowed: readonly string[], field: string): string {
	const text = String(value);
	if (!allowed.includes(text)) {
		throw new InvalidParameterError(field, `"${text}" is not one of ${allowed.join(', ')}`);
	}
	return text;
}

function level(value: number): number {
	const number = Number(value);
	if (!Number.isInteger(number) || number < 0 || number > 4) {
		throw new InvalidParameterError('Filters > Level', `"${value}" is not a whole number from 0 to 4`);
	}
	return number;
}

function levelOperator(value: string | undefined): string {
	const key = (value ?? 'atLeast') as LevelOperator;
	if (!Object.prototype.hasOwnProperty.call(LEVEL_OPERATORS, key)) {
		throw new InvalidParameterError(
			'Filters > Level Operator',
			`"${value}" is not one of atLeast, atMost, exactly`,
		);
	}
	return LEVEL_OPERATORS[key];
}

function rawTerms(query: string, rules: FilterRules): string[] {
	const text = String(query).trim();
	if (text === '') return [];
	if (/\p{Cc}/u.test(text.replace(/[ \t]/g, ''))) {
		throw new InvalidParameterError('Filters > Query', 'must not contain control characters or line breaks');
	}
	return text.split(/[ \t]+/).map((term) => {
		const match = RAW_TERM.exec(term);
		if (!match) {
			throw new InvalidParameterError(
				'Filters > Query',
				`"${term}" is not a key:value term (for example level:2+ or monitor_key:abc)`,
			);
		}
		if (!rules.allowTimestampInQuery && match[1].toLowerCase() === 'timestamp') {
			throw new InvalidParameterError(
				'Filters > Query',
				`"${term}": the trigger sets the timestamp window itself from its checkpoint; remove timestamp terms`,
			);
		}
		return term;
	});
}

/**
 * Reads a dateTime parameter (ISO string, Date or Luxon DateTime from an expression) as epoch
 * seconds. A value without zone is read as UTC.
 */
export function dateParameterToSeconds(value: unknown, field: string): number | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	let iso: string | undefined;
	if (value instanceof Date) iso = value.toISOString();
	else if (typeof value === 'string') iso = value.trim();
	else if (typeof (value as { toISO?: unknown }).toISO === 'function') {
		iso = String((value as { toISO: () => string }).toISO());
	}
	const match = iso
		? /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/i.exec(iso)
		: null;
	let ms = NaN;
	if (match && iso) {
		const normalized = iso.replace(' ', 'T');
		if (match[1]) ms = Date.parse(normalized);
		else ms = Date.parse(normalized.length === 10 ? `${normalized}T00:00:00Z` : `${normalized}Z`);
	}
	if (Number.isNaN(ms) || !isCalendarDate(iso ?? '')) {
		throw new InvalidParameterError(
			field,
			`"${String(iso ?? value)}" is not a date; expected ISO 8601 such as 2024-05-01T13:45:00Z (no zone means UTC)`,
		);
	}
	return Math.floor(ms / 1000);
}

/** Date.parse rolls 2024-02-30 over into March; a date the calendar does not have is refused. */
function isCalendarDate(iso: string): boolean {
	const [year, month, day] = iso.slice(0, 10).split('-').map(Number);
	const date = new Date(Date.UTC(year, month - 1, day));
	return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

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
