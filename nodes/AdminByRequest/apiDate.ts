import { InvalidParameterError } from '../shared/InvalidParameterError';

const DAY_MS = 86_400_000;

/**
 * Reads a date parameter into the API's `yyyy-mm-dd`. Accepts `yyyy-mm-dd`, an ISO date-time (as
 * n8n's date picker produces; its date part is used as written) or a Date/Luxon value from an
 * expression. Impossible dates such as 2025-02-30 are refused.
 */
export function toApiDate(value: unknown, field: string): string {
	let text: string;
	if (value instanceof Date) text = value.toISOString();
	else if (value && typeof value === 'object' && 'toISODate' in value) {
		text = String((value as { toISODate: () => string }).toISODate());
	} else text = String(value ?? '').trim();

	const match = /^(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/i.exec(text);
	if (!match) {
		throw new InvalidParameterError(field, `"${text}" is not a date; use the form yyyy-mm-dd`);
	}
	const [, year, month, day] = match;
	const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
	if (
		date.getUTCFullYear() !== Number(year) ||
		date.getUTCMonth() !== Number(month) - 1 ||
		date.getUTCDate() !== Number(day)
	) {
		throw new InvalidParameterError(field, `${year}-${month}-${day} is not a calendar date`);
	}
	return `${year}-${month}-${day}`;
}

export function addDays(isoDate: string, days: number): string {
	return new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

export function utcDate(epochMs: number): string {
	return new Date(epochMs).toISOString().slice(0, 10);
}
