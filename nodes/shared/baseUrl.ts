import { InvalidParameterError } from './InvalidParameterError';

const LOOPBACK_HOSTS = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

/**
 * Checks a user-supplied API base URL and returns it without trailing slashes. The API key is
 * sent to this URL only, so plain http is accepted for loopback hosts (a local proxy or a test
 * server) and nowhere else.
 */
export function normalizeBaseUrl(raw: unknown, field: string): string {
	const text = typeof raw === 'string' ? raw.trim() : '';
	if (!URL.canParse(text)) {
		throw new InvalidParameterError(
			field,
			`"${text}" is not a URL; expected an address such as https://api.example.com`,
		);
	}
	const url = new URL(text);
	if (url.username || url.password) {
		throw new InvalidParameterError(field, 'must not contain a user name or password');
	}
	if (url.search || url.hash) {
		throw new InvalidParameterError(field, 'must not contain a query string or fragment');
	}
	const loopback = LOOPBACK_HOSTS.test(url.hostname);
	if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
		throw new InvalidParameterError(
			field,
			`must start with https:// (plain http:// is accepted only for localhost, 127.x.x.x and [::1]); got ${url.protocol}//${url.host}`,
		);
	}
	return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}
