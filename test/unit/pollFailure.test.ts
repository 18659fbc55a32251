import { quotaPeriod, quotaResetsAt } from '../../nodes/VirusTotalMonitor/apiAssumptions';
import { failureCause } from '../../nodes/VirusTotalMonitor/transport';
import { abrFailureCause } from '../../nodes/AdminByRequest/transport';
import { failureForTransport, retryAfterMs, withFailure } from '../../nodes/shared/pollFailure';

const NOW = Date.UTC(2026, 10, 28, 21, 30, 0);

describe('retry hints', () => {
	it('reads seconds, an epoch time and an HTTP date, from the first header the API sends', () => {
		expect(retryAfterMs({ 'retry-after': '45' }, ['retry-after'], NOW)).toBe(45_000);
		expect(retryAfterMs({ 'x-ratelimit-reset': String(NOW / 1000 + 90) }, ['retry-after', 'x-ratelimit-reset'], NOW)).toBe(90_000);
		expect(retryAfterMs({ 'retry-after': new Date(NOW + 120_000).toUTCString() }, ['retry-after'], NOW)).toBe(120_000);
		expect(retryAfterMs({ 'retry-after': 'soon' }, ['retry-after'], NOW)).toBeUndefined();
		expect(retryAfterMs({ 'x-ratelimit-reset': '5' }, ['retry-after'], NOW)).toBeUndefined();
		expect(retryAfterMs({}, ['retry-after'], NOW)).toBeUndefined();
	});
});

describe('failure causes', () => {
	it('VirusTotal: which quota a 429 is about decides between a wait and a reset time', () => {
		const at = new Date(NOW);
		const quota = (message: string) => ({ error: { code: 'QuotaExceededError', message } });
		expect(failureCause(429, quota('Quota exceeded: requests per minute'), {}, at)).toEqual({ cause: 'rate-limited', retryAfterMs: 60_000 });
		expect(failureCause(429, quota('Daily quota exceeded'), {}, at)).toEqual({ cause: 'quota-exhausted', resetsAtEpochMs: Date.UTC(2026, 10, 29) });
		expect(failureCause(429, quota('Monthly quota exceeded'), {}, at)).toEqual({ cause: 'quota-exhausted', resetsAtEpochMs: Date.UTC(2026, 11, 1) });
		// A retry hint wins: it is the service's own word.
		expect(failureCause(429, quota('Daily quota exceeded'), { 'retry-after': '10' }, at)).toEqual({ cause: 'rate-limited', retryAfterMs: 10_000 });
		expect(failureCause(429, quota('Quota exceeded'), {}, at)).toEqual({ cause: 'rate-limited', retryAfterMs: undefined });
		expect(failureCause(403, { error: { code: 'ForbiddenError', message: '' } }, {}, at)).toEqual({ cause: 'credential-invalid' });
		expect(failureCause(404, {}, {}, at)).toEqual({ cause: 'configuration-invalid' });
		expect(failureCause(504, { error: { code: 'DeadlineExceededError', message: '' } }, {}, at)).toEqual({ cause: 'temporarily-unavailable', retryAfterMs: undefined });
		expect(quotaPeriod('whatever')).toBeUndefined();
		expect(quotaResetsAt('day', new Date(Date.UTC(2026, 11, 31, 23, 59))) ).toBe(Date.UTC(2027, 0, 1));
	});

	it('Admin By Request: a key, throttling, a wrong address, a passing fault', () => {
		expect(abrFailureCause(403, {})).toEqual({ cause: 'credential-invalid' });
		expect(abrFailureCause(429, { 'x-ratelimit-reset': '20' })).toEqual({ cause: 'rate-limited', retryAfterMs: 20_000 });
		expect(abrFailureCause(404, {})).toEqual({ cause: 'configuration-invalid' });
		expect(abrFailureCause(500, {})).toEqual({ cause: 'temporarily-unavailable', retryAfterMs: undefined });
		expect(abrFailureCause(418, {})).toBeUndefined();
	});

	it('a host that does not resolve is configuration; every other socket failure may pass', () => {
		expect(failureForTransport('ENOTFOUND')).toEqual({ cause: 'configuration-invalid' });
		expect(failureForTransport('ECONNRESET')).toEqual({ cause: 'temporarily-unavailable' });
		expect(failureForTransport(undefined)).toEqual({ cause: 'temporarily-unavailable' });
		const error = withFailure(new Error('x'), { cause: 'credential-invalid' });
		expect((error as Error & { failure?: unknown }).failure).toEqual({ cause: 'credential-invalid' });
	});
});
