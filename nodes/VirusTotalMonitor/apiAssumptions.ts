/**
 * Every fact about the VirusTotal Monitor events API that the vendor's page leaves open, kept in
 * one place so a correction from the live API is a one-line change. See
 * /work/shared/reference/vt-monitor-events-api.md for the sources.
 */

export const EVENTS_PATH = '/monitor/events';

/**
 * Filter timestamps: the page says `YYYYMMDDTHH:mm:ss`, its sample shows `2019-12-31T23:58:58`.
 * Assumed: the sample's form, in UTC, whole seconds.
 */
export function formatFilterTimestamp(epochSeconds: number): string {
	return new Date(epochSeconds * 1000).toISOString().slice(0, 19);
}

/**
 * Event timestamps as the sample shows them (`2019-12-31T23:58:58`, no zone: assumed UTC). A value
 * that carries its own zone is honoured. Returns whole epoch seconds, or undefined if unreadable.
 */
export function parseEventTimestamp(value: unknown): number | undefined {
	if (typeof value !== 'string') return undefined;
	const match = /^(\d{4})-?(\d{2})-?(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/.exec(
		value.trim(),
	);
	if (!match) return undefined;
	const [, y, mo, d, h, mi, s, , zone] = match;
	const iso = `${y}-${mo}-${d}T${h}:${mi}:${s}${zone ?? 'Z'}`;
	const ms = Date.parse(iso);
	return Number.isNaN(ms) ? undefined : Math.floor(ms / 1000);
}

/**
 * Some clients send `limit`; the page documents no such parameter, so it is never sent and the
 * page size is whatever the server chooses. "Limit" is applied on our side.
 */
export const SEND_LIMIT_PARAMETER = false;

/** Assumed answer to a cursor (or job) the server no longer knows: 400 BadRequestError/InvalidArgumentError. */
export const EXPIRED_CURSOR_STATUS = 400;

/** The vendor's own client reads Retry-After on 429; no other hint header is documented. */
export const RETRY_HINT_HEADERS = ['retry-after'] as const;

export type QuotaPeriod = 'minute' | 'day' | 'month';

/**
 * Which quota a QuotaExceededError is about. VT names no field for it; its messages are assumed to
 * say it in words ("... requests per minute", "daily quota", "monthly"). Undefined when they do not.
 */
export function quotaPeriod(vendorMessage: string): QuotaPeriod | undefined {
	if (/minute/i.test(vendorMessage)) return 'minute';
	if (/dai|day/i.test(vendorMessage)) return 'day';
	if (/month/i.test(vendorMessage)) return 'month';
	return undefined;
}

/** VT's daily quota resets at 00:00 UTC; the monthly one, assumed, on the first at 00:00 UTC. */
export function quotaResetsAt(period: 'day' | 'month', now: Date): number {
	return period === 'day'
		? Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1)
		: Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1);
}

/** Public API key quotas (premium keys: per contract). */
export const PUBLIC_QUOTA = { perMinute: 4, perDay: 500 } as const;

/** Error codes by meaning (VT API v3 error list; TooManyRequestsError and 503/504 codes unconfirmed). */
export const ERROR_CODES = {
	wrongKey: ['WrongCredentialsError', 'AuthenticationRequiredError', 'UserNotActiveError'],
	forbidden: ['ForbiddenError'],
	quota: ['QuotaExceededError', 'TooManyRequestsError'],
	transient: ['TransientError', 'DeadlineExceededError'],
	badFilter: [
		'BadRequestError',
		'InvalidArgumentError',
		'UnselectiveContentQueryError',
		'UnsupportedContentQueryError',
	],
} as const;

/**
 * Engine verdicts in `details[].v`: `<engine>:<current|last>:<kind>[:<value>]`. The page's sample
 * writes the literal word `engine` first and, for `malicious`, the engine's name as the value
 * (`engine:current:malicious:ENGINE_ONE`): the first part is passed on as `engine` unchanged.
 */
export const DETAIL_SCOPES = ['current', 'last'] as const;
