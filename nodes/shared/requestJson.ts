import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	IN8nHttpFullResponse,
	IPollFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';
import { failureForTransport, withFailure, type FailureCause } from './pollFailure';

export type RequestContext = IExecuteFunctions | IPollFunctions;

export interface FailureDescription {
	message: string;
	description: string;
	/** What n8n's poll scheduler should make of it (2.41 and later read it to back off). */
	failure?: FailureCause;
}

export interface JsonRequest {
	/** Name of this package's credential type that signs the request. */
	credentialType: string;
	/** Human name of the service, used in error messages. */
	service: string;
	/** GET unless said otherwise. */
	method?: IHttpRequestMethods;
	baseUrl: string;
	path: string;
	qs?: IDataObject;
	timeoutMs: number;
	/** Redacted from every message this request can produce. */
	secret: string;
	/**
	 * The credential as the node already read it for this item: handed to n8n so it signs the
	 * request without loading and decrypting the credential again for every page.
	 */
	credentials?: ICredentialDataDecryptedObject;
	/** Turns a non-2xx answer into the vendor's message and a hint for the user. */
	describeFailure: (
		status: number,
		body: unknown,
		headers: Record<string, unknown>,
	) => FailureDescription;
}

/**
 * One authenticated request (GET unless `method` says otherwise) that answers parsed JSON (undefined
 * for an empty answer to another method) or throws a NodeApiError built from scratch:
 * the underlying HTTP error carries request headers (the API key among them), so it is never
 * passed on. Redirects are not followed, so the key only ever reaches the configured base URL.
 */
export async function requestJson(ctx: RequestContext, request: JsonRequest): Promise<unknown> {
	// A deadline of our own: n8n-core keeps only a generic text of a socket error, so whether the
	// timeout struck is read from this signal. In a regular node n8n-core puts the execution's
	// cancel signal in its place; axios' `timeout` then ends the request at the same moment.
	const deadline = AbortSignal.timeout(request.timeoutMs);
	const options: IHttpRequestOptions = {
		method: request.method ?? 'GET',
		baseURL: request.baseUrl,
		url: request.path,
		qs: request.qs,
		headers: { Accept: 'application/json' },
		encoding: 'text',
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		disableFollowRedirect: true,
		timeout: request.timeoutMs,
		abortSignal: deadline,
	};

	const stored = request.credentials && ctx.getNode().credentials?.[request.credentialType];
	let response: IN8nHttpFullResponse;
	try {
		response = (await ctx.helpers.httpRequestWithAuthentication.call(
			ctx,
			request.credentialType,
			options,
			request.credentials && {
				credentialsDecrypted: {
					id: stored?.id ?? '',
					name: stored?.name ?? '',
					type: request.credentialType,
					data: request.credentials,
				},
			},
		)) as IN8nHttpFullResponse;
	} catch (error) {
		const cause = deadline.aborted ? 'ETIMEDOUT' : transportErrorCode(error);
		throw apiError(ctx, request, { ...describeTransportFailure(cause, error, request), failure: failureForTransport(cause) });
	}

	const text = bodyText(response.body);
	if (response.statusCode < 200 || response.statusCode >= 300) {
		const failure = request.describeFailure(
			response.statusCode,
			parseJsonOrText(text),
			response.headers ?? {},
		);
		throw apiError(ctx, request, failure, response.statusCode);
	}

	// A PUT or DELETE may answer 204 without a body: nothing to parse.
	if (text === '' && request.method !== undefined && request.method !== 'GET') return undefined;
	try {
		return JSON.parse(text);
	} catch {
		throw apiError(ctx, request, {
			message: `${request.service} answered with malformed JSON`,
			description: `The response to ${request.path} (HTTP ${response.statusCode}, ${text.length} characters) could not be parsed: it was probably cut off on the way. Nothing was processed; run again.`,
			failure: { cause: 'temporarily-unavailable' },
		});
	}
}

function apiError(
	ctx: RequestContext,
	request: JsonRequest,
	failure: FailureDescription,
	httpCode?: number,
): NodeApiError {
	const message = redact(failure.message, request.secret);
	const description = redact(failure.description, request.secret);
	const details: JsonObject = { message, description };
	if (httpCode !== undefined) details.httpCode = String(httpCode);
	const error = new NodeApiError(ctx.getNode(), details, {
		message,
		description,
		httpCode: httpCode === undefined ? undefined : String(httpCode),
	});
	return withFailure(error, failure.failure);
}

function describeTransportFailure(
	code: string | undefined,
	error: unknown,
	request: JsonRequest,
): FailureDescription {
	const where = request.baseUrl;
	if (code === 'ETIMEDOUT') {
		return {
			message: `${request.service} did not answer within ${request.timeoutMs} ms`,
			description: `The request to ${where}${request.path} timed out. Nothing was processed; run again. Raise "Timeout" in the node's options if the service is slow.`,
		};
	}
	if (code === 'ECONNRESET') {
		return {
			message: `The connection to ${request.service} was reset`,
			description: `${where} closed the connection before answering. Nothing was processed; run again.`,
		};
	}
	if (code === 'ENOTFOUND' || code === 'ECONNREFUSED') {
		return {
			message: `Could not reach ${request.service} at ${where} (${code})`,
			description:
				'Check the base URL or data center in the credential, and that this n8n instance can reach it.',
		};
	}
	return {
		message: `The request to ${request.service} failed${code ? ` (${code})` : ''}`,
		description: errorText(error).slice(0, 300),
	};
}

/**
 * n8n-core wraps socket errors in a NodeApiError that keeps only a text from n8n-workflow's table
 * of common errors; the code survives on some versions. Either tells what happened.
 */
const N8N_ERROR_TEXTS: Array<[RegExp, string]> = [
	[/closed unexpectedly|socket hang up|ECONNRESET|EPIPE/i, 'ECONNRESET'],
	[/refused the connection|ECONNREFUSED/i, 'ECONNREFUSED'],
	[/incorrect host|ENOTFOUND|EAI_AGAIN|DNS server/i, 'ENOTFOUND'],
	[/timed out|timeout|ECONNABORTED|ETIMEDOUT/i, 'ETIMEDOUT'],
];

function transportErrorCode(error: unknown): string | undefined {
	let current: unknown = error;
	for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
		// n8n's httpRequest helpers wrap transport errors in a NodeApiError that keeps the code in httpCode.
		for (const code of [(current as { code?: unknown }).code, (current as { httpCode?: unknown }).httpCode]) {
			if (typeof code === 'string' && /^E[A-Z_]+$/.test(code)) {
				return code === 'ECONNABORTED' ? 'ETIMEDOUT' : code === 'EPIPE' ? 'ECONNRESET' : code;
			}
		}
		current = (current as { cause?: unknown }).cause;
	}
	const text = errorText(error);
	return N8N_ERROR_TEXTS.find(([pattern]) => pattern.test(text))?.[1];
}

function errorText(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}

function bodyText(body: unknown): string {
	if (typeof body === 'string') return body;
	if (Buffer.isBuffer(body)) return body.toString('utf8');
	return body === undefined || body === null ? '' : JSON.stringify(body);
}

function parseJsonOrText(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return text;
	}
}

export function redact(text: string, secret: string): string {
	if (!secret) return text;
	let result = text;
	for (const form of new Set([secret, encodeURIComponent(secret)])) {
		result = result.split(form).join('[redacted]');
	}
	return result;
}
