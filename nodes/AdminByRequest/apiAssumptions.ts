/**
 * Every fact about the Admin By Request events API that the vendor's page does not confirm, in one
 * place (see shared/reference/abr-events-api.md). Where the live API turns out to differ, change it
 * here.
 */

/** Base URL per data center. dc3 is seen in real tenants but not on the vendor's page. */
export const DATA_CENTER_BASE_URLS: Record<string, string> = {
	dc1: 'https://dc1api.adminbyrequest.com',
	dc2: 'https://dc2api.adminbyrequest.com',
	dc3: 'https://dc3api.adminbyrequest.com',
};

/** Documented maximum of `take` and `last`. */
export const MAX_TAKE = 10_000;

/** Without `startdate`, the API only returns the last 30 days (documented default of `days`). */
export const DEFAULT_WINDOW_DAYS = 30;

/**
 * Whether `startdate` compares against local or UTC time, and whether "after the start date" is
 * inclusive, is unconfirmed: a resuming poller sends a start date this many days before the date
 * of the last event it saw, which covers both.
 */
export const START_DATE_MARGIN_DAYS = 2;

/** Start date sent with an explicit start ID whose date is unknown: the ID alone then bounds the query. */
export const EARLIEST_START_DATE = '2000-01-01';

/** A key used against another data center is reported to get HTTP 500 instead of 401. */
export const WRONG_DATA_CENTER_STATUS = 500;

/** Headers that may say when throttling ends: Retry-After is standard, x-ratelimit-reset was seen once. */
export const RETRY_HINT_HEADERS = ['retry-after', 'x-ratelimit-reset'];

/** Documented maximum of `take` and `last` for `/requests` (the other lists allow MAX_TAKE). */
export const REQUESTS_MAX_TAKE = 1_000;

/**
 * The status of a request that still waits for a decision: Approve and Deny act only on it. The
 * status values are compared without regard to case; their numeric codes are not documented.
 */
export const PENDING_STATUS = 'Pending';

/**
 * The names under which Approve and Deny send their optional fields. The vendor says "header or
 * parameter"; they go as query parameters, since a header cannot carry a reason with non-ASCII
 * letters. Whether the API reads them from the query of a PUT or DELETE is unconfirmed.
 */
export const DECISION_PARAMETERS = { approvedBy: 'approvedby', reason: 'reason', deniedBy: 'deniedby' };

/**
 * What the API answers to an approve or deny of a request that is no longer pending is
 * undocumented (the vendor: "if the request is already approved or started, nothing happens"; a
 * public integration expects 204 from both). On these statuses the node reads the request again
 * and, if it is no longer pending, reports that instead of failing.
 */
export const NOT_PENDING_ANSWERS = [400, 404, 409, 410, 422];

/** Longest deny reason sent: no limit is documented; this keeps the query string well below URL limits. */
export const MAX_DENY_REASON_LENGTH = 1_000;
