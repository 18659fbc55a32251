import type { ICredentialDataDecryptedObject, IDataObject, IHttpRequestMethods } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { normalizeBaseUrl } from '../shared/baseUrl';
import { retryAfterMs, withFailure, type FailureCause } from '../shared/pollFailure';
import { InvalidParameterError } from '../shared/InvalidParameterError';
import { requestJson, type FailureDescription, type RequestContext } from '../shared/requestJson';
import {
	DATA_CENTER_BASE_URLS,
	RETRY_HINT_HEADERS,
	WRONG_DATA_CENTER_STATUS,
} from './apiAssumptions';
import { isEvent, type AbrEvent } from './event';

export const CREDENTIAL_TYPE = 'adminByRequestApi';
const SERVICE = 'Admin By Request';

export interface AbrCredentials {
	apiKey: string;
	dataCenter: string;
	baseUrl?: string;
}

export function resolveBaseUrl(credentials: AbrCredentials): string {
	if (credentials.dataCenter === 'custom') {
		return normalizeBaseUrl(credentials.baseUrl, 'Base URL (Admin By Request API credential)');
	}
	const url = DATA_CENTER_BASE_URLS[credentials.dataCenter];
	if (!url) {
		throw new InvalidParameterError(
			'Data Center (Admin By Request API credential)',
			`unknown value "${credentials.dataCenter}"; choose ${Object.keys(DATA_CENTER_BASE_URLS).join(', ')} or custom`,
		);
	}
	return url;
}

/** Where and as whom requests go: read from the credential once per execution item, not per page. */
export interface AbrConnection {
	baseUrl: string;
	/** The API key, redacted from every message. */
	secret: string;
	/** The credential itself, so n8n signs each request without loading it again. */
	credentials: ICredentialDataDecryptedObject;
}

export async function abrConnection(ctx: RequestContext): Promise<AbrConnection> {
	const credentials = await ctx.getCredentials(CREDENTIAL_TYPE);
	let baseUrl: string;
	try {
		baseUrl = resolveBaseUrl(credentials as unknown as AbrCredentials);
	} catch (error) {
		throw withFailure(new NodeOperationError(ctx.getNode(), (error as Error).message), { cause: 'configuration-invalid' });
	}
	return { baseUrl, secret: String(credentials.apiKey ?? ''), credentials };
}

/** One GET against the tenant's data center, authenticated by the credential. */
export async function abrRequest(
	ctx: RequestContext,
	path: string,
	qs: IDataObject,
	timeoutMs: number,
	connection?: AbrConnection,
): Promise<unknown> {
	const { baseUrl, secret, credentials } = connection ?? (await abrConnection(ctx));
	return await requestJson(ctx, {
		credentialType: CREDENTIAL_TYPE,
		service: SERVICE,
		baseUrl,
		path,
		qs,
		timeoutMs,
		secret,
		credentials,
		describeFailure: describeAbrFailure,
	});
}

export async function fetchEvents(
	ctx: RequestContext,
	path: string,
	qs: IDataObject,
	timeoutMs: number,
	connection?: AbrConnection,
): Promise<AbrEvent[]> {
	const body = await abrRequest(ctx, path, qs, timeoutMs, connection);
	if (!Array.isArray(body) || !body.every(isEvent)) {
		throw withFailure(
			new NodeApiError(
				ctx.getNode(),
				{ message: 'unexpected response' },
				{
					message: `${SERVICE} answered with something that is not a list of events`,
					description: `Expected a JSON array of events with numeric ids from ${path}. Check the base URL in the credential.`,
				},
			),
			{ cause: 'configuration-invalid' },
		);
	}
	return body;
}

export function describeAbrFailure(
	status: number,
	body: unknown,
	headers: Record<string, unknown>,
): FailureDescription {
	return { ...describeAbrAnswer(status, body, headers), failure: abrFailureCause(status, headers) };
}

/** What n8n's poll scheduler should make of an error answer, for its backoff. */
export function abrFailureCause(status: number, headers: Record<string, unknown>): FailureCause | undefined {
	if (status === 401 || status === 403) return { cause: 'credential-invalid' };
	if (status === 429) return { cause: 'rate-limited', retryAfterMs: retryAfterMs(headers, RETRY_HINT_HEADERS) };
	if (status === 400 || status === 404) return { cause: 'configuration-invalid' };
	// A wrong data center answers 500 too (WRONG_DATA_CENTER_STATUS), but so does a passing fault:
	// backing off as for an outage costs minutes where "configuration" would cost half an hour.
	if (status >= 500) return { cause: 'temporarily-unavailable', retryAfterMs: retryAfterMs(headers, RETRY_HINT_HEADERS) };
	return undefined;
}

function describeAbrAnswer(status: number, body: unknown, headers: Record<string, unknown>): FailureDescription {
	const vendor = vendorMessage(body);
	const said = vendor ? `: ${vendor}` : '';
	if (status === 401 || status === 403) {
		return {
			message: `${SERVICE} rejected the API key (HTTP ${status})${said}`,
			description:
				'Check the API Key in the Admin By Request API credential (portal: Settings > Tenant Settings > API Keys). Keys are valid only in their own data center.',
		};
	}
	if (status === 429) {
		return {
			message: `${SERVICE} is throttling this API key (HTTP 429)${said}`,
			description: `${retryHint(headers)} Admin By Request throttles accounts that poll often with large takes: poll less often or lower Max Events Per Poll.`,
		};
	}
	if (status === WRONG_DATA_CENTER_STATUS) {
		return {
			message: `${SERVICE} answered HTTP ${status}${said}`,
			description:
				'A key used against the wrong data center gets this error: check that the Data Center in the credential (DC1 Europe, DC2 USA, DC3) is the one your portal shows. Otherwise it is a passing fault on their side; nothing was processed, run again.',
		};
	}
	if (status === 404) {
		return {
			message: `${SERVICE} found nothing at this address (HTTP 404)${said}`,
			description:
				'The event, computer or user does not exist, or the base URL is wrong.',
		};
	}
	if (status === 400) {
		return {
			message: `${SERVICE} refused the request (HTTP 400)${said}`,
			description: 'Check the filters of the node.',
		};
	}
	return {
		message: `${SERVICE} answered HTTP ${status}${said}`,
		description:
			status >= 500
				? 'A fault on the service side. Nothing was processed; run again later.'
				: 'Unexpected answer from the service.',
	};
}

function vendorMessage(body: unknown): string {
	if (typeof body === 'string') return body.trim().slice(0, 300);
	if (body && typeof body === 'object') {
		const record = body as IDataObject;
		for (const key of ['Message', 'message', 'error', 'title', 'detail']) {
			if (typeof record[key] === 'string' && record[key]) return String(record[key]).slice(0, 300);
		}
	}
	return '';
}

function retryHint(headers: Record<string, unknown>): string {
	const wait = retryAfterMs(headers, RETRY_HINT_HEADERS);
	return wait === undefined ? 'Try again in a minute.' : `Try again in ${Math.ceil(wait / 1000)} seconds.`;
}

/** An entry of any of the API's lists: events, audit log entries and requests all have a numeric id. */
export interface AbrEntry extends IDataObject {
	id: number;
}

export interface AbrCall {
	/** GET unless said otherwise. */
	method?: IHttpRequestMethods;
	path: string;
	qs?: IDataObject;
	timeoutMs: number;
	connection?: AbrConnection;
	/** What an HTTP status means for this call, in place of the general hint (a 404 for an ID, say). */
	hints?: Partial<Record<number, string>>;
}

/** One request of any method against the tenant's data center, with hints of the caller's own. */
export async function abrSend(ctx: RequestContext, call: AbrCall): Promise<unknown> {
	const { baseUrl, secret, credentials } = call.connection ?? (await abrConnection(ctx));
	const { hints } = call;
	return await requestJson(ctx, {
		credentialType: CREDENTIAL_TYPE,
		service: SERVICE,
		method: call.method,
		baseUrl,
		path: call.path,
		qs: call.qs ?? {},
		timeoutMs: call.timeoutMs,
		secret,
		credentials,
		describeFailure: (status, body, headers) => {
			const failure = describeAbrFailure(status, body, headers);
			const hint = hints?.[status];
			return hint ? { message: failure.message, description: hint } : failure;
		},
	});
}

/** One page of a list (`noun`: "events", "audit log entries", "requests"), checked to be one. */
export async function fetchEntries(
	ctx: RequestContext,
	call: AbrCall,
	noun: string,
): Promise<AbrEntry[]> {
	const body = await abrSend(ctx, call);
	if (Array.isArray(body) && body.every(isEvent)) return body;
	throw new NodeApiError(
		ctx.getNode(),
		{ message: 'unexpected response' },
		{
			message: `${SERVICE} answered with something that is not a list of ${noun}`,
			description: `Expected a JSON array of ${noun} with numeric ids from ${call.path}. Check the base URL in the credential.`,
		},
	);
}

/** One entry by its path (`/auditlog/{id}`…): the object answered, or the first of a list; else undefined. */
export async function fetchEntry(ctx: RequestContext, call: AbrCall): Promise<AbrEntry | undefined> {
	const body = await abrSend(ctx, call);
	const entry = Array.isArray(body) ? body[0] : body;
	return isEvent(entry) ? entry : undefined;
}
