import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { normalizeBaseUrl } from '../shared/baseUrl';
import { failureForStatus, retryAfterMs, withFailure, type FailureCause } from '../shared/pollFailure';
import type { FailureDescription, RequestContext } from '../shared/requestJson';
import { requestJson } from '../shared/requestJson';
import { ERROR_CODES, EVENTS_PATH, PUBLIC_QUOTA, quotaPeriod, quotaResetsAt, RETRY_HINT_HEADERS } from './apiAssumptions';

export const CREDENTIAL_TYPE = 'virusTotalMonitorApi';
const SERVICE = 'VirusTotal Monitor';

export interface EventsPageRequest {
	filter: string;
	cursor?: string;
	jobId?: string;
	timeoutMs: number;
}

export interface EventsPage {
	events: IDataObject[];
	/** Present when more pages follow: continue with both, never with `links.next`. */
	next?: { cursor: string; jobId?: string };
}

/** Where and as whom requests go: read from the credential once per execution item, not per page. */
export interface VtConnection {
	baseUrl: string;
	/** The API key, redacted from every message. */
	apiKey: string;
	/** The credential itself, so n8n signs each request without loading it again. */
	credentials: ICredentialDataDecryptedObject;
}

export async function vtConnection(ctx: RequestContext): Promise<VtConnection> {
	const credentials = await ctx.getCredentials(CREDENTIAL_TYPE);
	const apiKey = String(credentials.apiKey ?? '');
	let baseUrl: string;
	try {
		baseUrl = normalizeBaseUrl(credentials.baseUrl, 'Base URL');
	} catch (error) {
		throw withFailure(
			new NodeOperationError(ctx.getNode(), `Credential "VirusTotal Monitor API": ${(error as Error).message}`),
			{ cause: 'configuration-invalid' },
		);
	}
	return { baseUrl, apiKey, credentials };
}

/** One page of GET /monitor/events, built from the configured base URL only. */
export async function fetchEventsPage(
	ctx: RequestContext,
	request: EventsPageRequest,
	connection?: VtConnection,
): Promise<EventsPage> {
	const { baseUrl, apiKey, credentials } = connection ?? (await vtConnection(ctx));

	const qs: IDataObject = {};
	if (request.filter) qs.filter = request.filter;
	if (request.cursor) qs.cursor = request.cursor;
	if (request.jobId) qs.job_id = request.jobId;

	const body = await requestJson(ctx, {
		credentialType: CREDENTIAL_TYPE,
		service: SERVICE,
		baseUrl,
		path: EVENTS_PATH,
		qs,
		timeoutMs: request.timeoutMs,
		secret: apiKey,
		credentials,
		describeFailure: (status, failureBody, headers) => ({
			...describeFailure(status, failureBody, request),
			failure: failureCause(status, failureBody, headers),
		}),
	});
	return readPage(ctx, body);
}

function readPage(ctx: RequestContext, body: unknown): EventsPage {
	const data = (body as { data?: unknown } | null)?.data;
	if (!Array.isArray(data)) {
		throw withFailure(
			new NodeOperationError(ctx.getNode(), 'VirusTotal Monitor answered without a "data" list', {
				description: 'The response was JSON but not an events listing. Check that the base URL points at the API (…/api/v3).',
			}),
			{ cause: 'configuration-invalid' },
		);
	}
	const meta = (body as { meta?: { cursor?: unknown; job_id?: unknown } }).meta ?? {};
	const page: EventsPage = {
		events: data.filter((e): e is IDataObject => !!e && typeof e === 'object' && !Array.isArray(e)),
	};
	if (typeof meta.cursor === 'string' && meta.cursor !== '') {
		page.next = { cursor: meta.cursor };
		if (typeof meta.job_id === 'string' && meta.job_id !== '') page.next.jobId = meta.job_id;
	}
	return page;
}

/** What n8n's poll scheduler should make of an error answer, for its backoff. */
export function failureCause(
	status: number,
	body: unknown,
	headers: Record<string, unknown>,
	now: Date = new Date(),
): FailureCause | undefined {
	const { code, message } = vendorError(body);
	const is = (codes: readonly string[]) => code !== undefined && codes.includes(code);
	if (status === 401 || status === 403 || is(ERROR_CODES.wrongKey) || is(ERROR_CODES.forbidden)) {
		return { cause: 'credential-invalid' };
	}
	if (status === 429 || is(ERROR_CODES.quota)) {
		const hint = retryAfterMs(headers, RETRY_HINT_HEADERS, now.getTime());
		const period = quotaPeriod(message);
		if (hint === undefined && period !== undefined && period !== 'minute') {
			return { cause: 'quota-exhausted', resetsAtEpochMs: quotaResetsAt(period, now) };
		}
		return { cause: 'rate-limited', retryAfterMs: hint ?? (period === 'minute' ? 60_000 : undefined) };
	}
	if (status === 400 || status === 404 || is(ERROR_CODES.badFilter)) return { cause: 'configuration-invalid' };
	return failureForStatus(status, headers, RETRY_HINT_HEADERS);
}

function vendorError(body: unknown): { code?: string; message: string } {
	const error = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
	return {
		code: typeof error?.code === 'string' ? error.code : undefined,
		message: typeof error?.message === 'string' ? error.message : typeof body === 'string' ? body.slice(0, 200) : '',
	};
}

/** Turns VT's `{ error: { code, message } }` into a message and what the user can do about it. */
export function describeFailure(
	status: number,
	body: unknown,
	request: Pick<EventsPageRequest, 'filter' | 'cursor'>,
	now: Date = new Date(),
): FailureDescription {
	const { code, message: vendorMessage } = vendorError(body);
	const vendor = [code, vendorMessage].filter(Boolean).join(': ') || `HTTP ${status}`;
	const is = (codes: readonly string[]) => code !== undefined && codes.includes(code);

	if (status === 401 || is(ERROR_CODES.wrongKey)) {
		return {
			message: `VirusTotal rejected the API key (${vendor})`,
			description:
				'Check the API key in the "VirusTotal Monitor API" credential: copy it again from your VirusTotal profile (API key), without spaces.',
		};
	}
	if (status === 403 || is(ERROR_CODES.forbidden)) {
		return {
			message: `The API key has no access to VirusTotal Monitor (${vendor})`,
			description:
				'The key is valid, but its group lacks the VT Monitor privilege. Ask your VirusTotal group administrator to enable VT Monitor for the group, or use a key of a group that has it.',
		};
	}
	if (status === 429 || is(ERROR_CODES.quota)) {
		return {
			message: `VirusTotal quota exceeded (${vendor})`,
			description: `${quotaHint(vendorMessage, now)} Nothing was processed; the trigger retries on its next poll. Public keys allow ${PUBLIC_QUOTA.perMinute} requests per minute and ${PUBLIC_QUOTA.perDay} per day: poll less often or lower "Max Pages per Poll".`,
		};
	}
	if (status === 400 && request.cursor) {
		return {
			message: `VirusTotal refused the cursor (${vendor})`,
			description:
				'The cursor or job ID has expired or belongs to another listing. Remove "Cursor" and "Job ID" from the options to start the listing again.',
		};
	}
	if (status === 400 || is(ERROR_CODES.badFilter)) {
		return {
			message: `VirusTotal refused the filter (${vendor})`,
			description: `The filter sent was "${request.filter}". Check the filter values and the raw "Query" terms (key:value, for example level:2+).`,
		};
	}
	if (status === 404) {
		return {
			message: `VirusTotal Monitor events not found at this address (${vendor})`,
			description: 'Check the base URL in the credential: it must end in /api/v3 (default https://www.virustotal.com/api/v3).',
		};
	}
	if (status >= 500 || is(ERROR_CODES.transient)) {
		return {
			message: `VirusTotal is temporarily unavailable (${vendor})`,
			description: 'A transient server error. Nothing was processed; run again later (the trigger retries on its next poll).',
		};
	}
	return {
		message: `VirusTotal answered HTTP ${status} (${vendor})`,
		description: 'Unexpected answer from VirusTotal Monitor. Nothing was processed.',
	};
}

function quotaHint(vendorMessage: string, now: Date): string {
	const period = quotaPeriod(vendorMessage);
	if (period === 'minute') return 'The per-minute quota frees up within a minute.';
	const minutes = Math.ceil((quotaResetsAt('day', now) - now.getTime()) / 60_000);
	const until = `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
	if (period === 'day') return `The daily quota resets at 00:00 UTC (in ${until}).`;
	if (period === 'month') return 'The monthly quota resets on the first of next month, 00:00 UTC.';
	return `A per-minute quota frees up within a minute; a daily quota resets at 00:00 UTC (in ${until}).`;
}
