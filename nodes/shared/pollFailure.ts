/**
 * Why a request failed, in the form n8n 2.41's poll scheduler reads to back off (the `failure`
 * property of a NodeApiError / NodeOperationError). Older n8n versions ignore the extra property,
 * so it is set on every version.
 */
export type FailureCause =
	| { cause: 'rate-limited'; retryAfterMs?: number }
	| { cause: 'quota-exhausted'; resetsAtEpochMs?: number }
	| { cause: 'temporarily-unavailable'; retryAfterMs?: number }
	| { cause: 'credential-invalid' }
	| { cause: 'configuration-invalid' };

export function withFailure<E extends Error>(error: E, failure: FailureCause | undefined): E {
	if (failure) Object.assign(error, { failure });
	return error;
}

/**
 * Milliseconds to wait from an answer's retry hint, read from the first of `hintHeaders` present
 * (each API says which it sends): seconds, an epoch time in seconds, or an HTTP date. Undefined
 * when there is no usable hint.
 */
export function retryAfterMs(
	headers: Record<string, unknown>,
	hintHeaders: readonly string[],
	now = Date.now(),
): number | undefined {
	for (const name of hintHeaders) {
		const raw = headers[name];
		const value = Array.isArray(raw) ? raw[0] : raw;
		if (value === undefined || value === null || String(value).trim() === '') continue;
		const text = String(value).trim();
		const seconds = Number(text);
		if (Number.isFinite(seconds) && seconds >= 0) {
			// A value this large is an epoch time, not a delay.
			const ms = seconds > 1e9 ? seconds * 1000 - now : seconds * 1000;
			return Math.max(0, Math.round(ms));
		}
		const date = Date.parse(text);
		if (!Number.isNaN(date)) return Math.max(0, date - now);
	}
	return undefined;
}

/** The cause of an HTTP error answer that says nothing more specific. */
export function failureForStatus(
	status: number,
	headers: Record<string, unknown>,
	hintHeaders: readonly string[],
): FailureCause | undefined {
	if (status === 429) return { cause: 'rate-limited', retryAfterMs: retryAfterMs(headers, hintHeaders) };
	if (status === 401) return { cause: 'credential-invalid' };
	if (status >= 500) return { cause: 'temporarily-unavailable', retryAfterMs: retryAfterMs(headers, hintHeaders) };
	return undefined;
}

/** The cause of a failure before any answer: a socket error code as requestJson names it. */
export function failureForTransport(code: string | undefined): FailureCause {
	// A host name that does not resolve is a wrong base URL; everything else may pass.
	return code === 'ENOTFOUND' ? { cause: 'configuration-invalid' } : { cause: 'temporarily-unavailable' };
}
