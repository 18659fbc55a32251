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
