import { InvalidParameterError } from './InvalidParameterError';

/** A whole number within bounds, from a parameter or an expression result. */
export function toInteger(value: unknown, field: string, min: number, max: number): number {
	const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	if (typeof number !== 'number' || !Number.isInteger(number) || number < min || number > max) {
		throw new InvalidParameterError(
			field,
			`must be a whole number from ${min.toLocaleString('en-US')} to ${max.toLocaleString('en-US')}; got ${JSON.stringify(value)}`,
		);
	}
	return number;
}

export function toNonEmptyText(value: unknown, field: string): string {
	const text = typeof value === 'string' || typeof value === 'number' ? String(value).trim() : '';
	if (!text) throw new InvalidParameterError(field, 'must not be empty');
	return text;
}

export function readWholeNumber(value: unknown, fallback: number, field: string, min: number, max: number): number {
	const number = value === undefined ? fallback : Number(value);
	if (!Number.isInteger(number) || number < min || number > max) {
		throw new InvalidParameterError(field, `"${String(value)}" is not a whole number from ${min} to ${max}`);
	}
	return number;
}

/** The Timeout option in milliseconds (30 seconds unless set). */
export function readTimeout(value: unknown, field = 'Options > Timeout'): number {
	const number = value === undefined ? 30_000 : Number(value);
	if (!Number.isInteger(number) || number < 1000 || number > 600_000) {
		throw new InvalidParameterError(
			field,
			`"${String(value)}" is not a whole number of milliseconds from 1000 to 600000`,
		);
	}
	return number;
}
