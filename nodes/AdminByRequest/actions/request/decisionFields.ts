import { InvalidParameterError } from '../../../shared/InvalidParameterError';
import { MAX_DENY_REASON_LENGTH } from '../../apiAssumptions';

const EMAIL = /^[^\s@<>",;]+@[^\s@<>",;]+\.[^\s@<>",;]+$/;

/** Approved By / Denied By: empty, or one e-mail address (of a portal user). */
export function optionalEmail(value: unknown, field: string): string | undefined {
	const text = typeof value === 'string' ? value.trim() : value === undefined || value === null ? '' : String(value);
	if (text === '') return undefined;
	if (!EMAIL.test(text)) {
		throw new InvalidParameterError(
			field,
			`must be the e-mail address of a portal user, such as it-admin@contoso.com; got ${JSON.stringify(text)}`,
		);
	}
	return text;
}

/** Deny's Reason: empty, or text the user will read, without control characters but tabs and line breaks. */
export function optionalReason(value: unknown): string | undefined {
	const text = typeof value === 'string' ? value.trim() : value === undefined || value === null ? '' : String(value);
	if (text === '') return undefined;
	if (text.length > MAX_DENY_REASON_LENGTH) {
		throw new InvalidParameterError(
			'Reason',
			`is ${text.length.toLocaleString('en-US')} characters long; at most ${MAX_DENY_REASON_LENGTH.toLocaleString('en-US')} are sent`,
		);
	}
	if (hasControlCharacter(text)) {
		throw new InvalidParameterError('Reason', 'must not contain control characters (tabs and line breaks are fine)');
	}
	return text;
}

/** Any C0 control character but tab and line breaks, or DEL. */
function hasControlCharacter(text: string): boolean {
	for (let i = 0; i < text.length; i++) {
		const code = text.charCodeAt(i);
		if ((code < 32 && code !== 9 && code !== 10 && code !== 13) || code === 127) return true;
	}
	return false;
}
