import { addDays, toApiDate } from '../../nodes/AdminByRequest/apiDate';
import { eventCodeName, EVENT_CODE_OPTIONS } from '../../nodes/AdminByRequest/eventCodes';
import { eventTimeIso, type AbrEvent } from '../../nodes/AdminByRequest/event';
import { nextPageSize } from '../../nodes/AdminByRequest/actions/common/query';
import { buildEventQuery } from '../../nodes/AdminByRequest/actions/event/getAll.operation';
import {
	advance,
	initialCheckpoint,
	queryStartDate,
	readCheckpoint,
} from '../../nodes/AdminByRequest/pollCheckpoint';
import { describeAbrFailure, resolveBaseUrl } from '../../nodes/AdminByRequest/transport';
import { readTriggerSettings } from '../../nodes/AdminByRequest/triggerSettings';
import { normalizeBaseUrl } from '../../nodes/shared/baseUrl';
import { redact } from '../../nodes/shared/requestJson';

const event = (id: number, time = '2026-05-10T10:00:00', extra: Partial<AbrEvent> = {}): AbrEvent => ({
	id,
	eventCode: 92,
	eventLevel: 1,
	eventTime: time,
	eventTimeUTC: time,
	...extra,
});
const all = { codes: new Set<number>(), minLevel: 0 };

describe('toApiDate', () => {
	it.each([
		['2026-03-01', '2026-03-01'],
		['2026-03-01T23:59:59', '2026-03-01'],
		['2026-03-01T10:00:00.000+05:00', '2026-03-01'],
		['2024-02-29', '2024-02-29'],
	])('%s → %s', (input, expected) => expect(toApiDate(input, 'Start Date')).toBe(expected));

	it('accepts Date and Luxon-like values from expressions', () => {
		expect(toApiDate(new Date('2026-07-04T12:00:00Z'), 'Start Date')).toBe('2026-07-04');
		expect(toApiDate({ toISODate: () => '2026-07-05' }, 'Start Date')).toBe('2026-07-05');
	});

	it.each(['2025-02-29', '2026-13-01', '2026-00-10', '01.03.2026', '', 'today'])('refuses %j', (input) => {
		expect(() => toApiDate(input, 'End Date')).toThrow(/^End Date: /);
	});

	it('adds days across month and year ends', () => {
		expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
		expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
	});
});

describe('buildEventQuery', () => {
	it('sends nothing that was not asked for', () => {
		expect(buildEventQuery({}, true, undefined)).toEqual({ path: '/events', qs: {}, startId: undefined, newestCount: undefined, limit: undefined });
	});

	it('maps all filters', () => {
		expect(
			buildEventQuery({ code: '93', startDate: '2026-01-01', endDate: '2026-01-31', startId: 5 }, false, 20),
		).toEqual({ path: '/events', qs: { code: 93, startdate: '2026-01-01', enddate: '2026-01-31' }, startId: 5, newestCount: undefined, limit: 20 });
		expect(buildEventQuery({ newestFirst: true }, false, 7).newestCount).toBe(7);
		expect(buildEventQuery({ user: 'a/b' }, false, 1).path).toBe('/users/a%2Fb/events');
	});

	it('the page size is the largest allowed, never more than still wanted', () => {
		expect(nextPageSize(undefined)).toBe(10000);
		expect(nextPageSize(12_000)).toBe(10000);
		expect(nextPageSize(3)).toBe(3);
	});
});

describe('event helpers', () => {
	it('names unknown codes instead of dropping them', () => {
		expect(eventCodeName(93)).toBe('Execution blocked, detected malware');
		expect(eventCodeName(4242)).toBe('Unknown (4242)');
		expect(EVENT_CODE_OPTIONS.map((o) => o.name)).toEqual([...EVENT_CODE_OPTIONS.map((o) => o.name)].sort((a, b) => a.localeCompare(b)));
	});

	it('eventTimeUTC without a zone is UTC; a missing one falls back to eventTime', () => {
		expect(eventTimeIso(event(1, '2022-01-27T12:16:38.817'))).toBe('2022-01-27T12:16:38.817Z');
		expect(eventTimeIso({ ...event(1, '2022-01-27T12:16:38'), eventTimeUTC: '' })).toBe('2022-01-27T12:16:38.000Z');
		expect(eventTimeIso({ ...event(1), eventTimeUTC: 'garbage', eventTime: 'x' })).toBeNull();
	});

	it('the fast path for the API\'s own form prints exactly what Date.parse + toISOString print', () => {
		const reference = (raw: string) => new Date(Date.parse(`${raw}Z`)).toISOString();
		for (const raw of [
			'2024-02-29T23:59:59.999', // leap day
			'2000-02-29T00:00:00', // leap century, no fraction
			'2023-02-29T00:00:00.000', // rolls over to March 1, as Date.parse does
			'1900-02-29T00:00:00.000',
			'2023-04-31T12:00:00.500',
			'2023-12-31T24:00:00.000', // 24:00 is the next day
			'0000-01-01T00:00:00.000',
			'9999-12-31T23:59:59.999',
			'2023-01-01T00:00:00.1',
			'2023-01-01T00:00:00.1234567', // .NET's seven digits
		]) {
			expect(eventTimeIso({ ...event(1), eventTimeUTC: raw })).toBe(reference(raw));
		}
		expect(eventTimeIso({ ...event(1), eventTimeUTC: '2023-01-01T23:59:60.000', eventTime: '' })).toBeNull();
		expect(eventTimeIso({ ...event(1), eventTimeUTC: '2023-01-01T10:00:00+02:00' })).toBe('2023-01-01T08:00:00.000Z');
	});
});

describe('trigger checkpoint', () => {
	it('advances past filtered events, emits matching ones in id order, ignores repeats', () => {
		const start = { lastId: 10, startDate: '2026-05-01' };
		const page = [event(14, '2026-05-10T00:00:00', { eventCode: 5 }), event(9), event(12), event(12), event(11)];
		const { emit, checkpoint } = advance(start, page, { codes: new Set([92]), minLevel: 0 });
		expect(emit.map((e) => e.id)).toEqual([11, 12]);
		expect(checkpoint).toEqual({ lastId: 14, startDate: '2026-05-08' });
	});

	it('an empty or stale page changes nothing', () => {
		const start = { lastId: 10, startDate: '2026-05-01' };
		expect(advance(start, [], all).checkpoint).toBe(start);
		expect(advance(start, [event(3)], all)).toEqual({ emit: [], checkpoint: start });
	});

	it('the start date is the earlier of local and UTC dates, minus the margin', () => {
		const e = { ...event(20), eventTime: '2026-05-09T23:30:00', eventTimeUTC: '2026-05-10T06:30:00' };
		expect(advance({ lastId: 0, startDate: '2026-01-01' }, [e], all).checkpoint.startDate).toBe('2026-05-07');
	});

	it('queries never narrower than the default window once ids bound them', () => {
		expect(queryStartDate({ lastId: 5, startDate: '2026-11-20' }, '2026-11-23')).toBe('2026-10-24');
		expect(queryStartDate({ lastId: 5, startDate: '2026-09-01' }, '2026-11-23')).toBe('2026-09-01');
		expect(queryStartDate({ lastId: 0, startDate: '2026-11-20' }, '2026-11-23')).toBe('2026-11-20');
	});

	it('initial checkpoints', () => {
		expect(initialCheckpoint('now', '2026-11-23', { newestId: 99 })).toEqual({ lastId: 99, startDate: '2026-11-21' });
		expect(initialCheckpoint('now', '2026-11-23', {})).toEqual({ lastId: 0, startDate: '2026-11-23' });
		expect(initialCheckpoint('lookback', '2026-11-23', { lookbackDays: 3 })).toEqual({ lastId: 0, startDate: '2026-11-20' });
		expect(initialCheckpoint('startId', '2026-11-23', { startId: 50 })).toEqual({ lastId: 49, startDate: '2000-01-01' });
	});

	it('reads only a well-formed checkpoint', () => {
		expect(readCheckpoint({ lastId: 5, startDate: '2026-01-01' })).toEqual({ lastId: 5, startDate: '2026-01-01' });
		expect(readCheckpoint({})).toBeUndefined();
		expect(readCheckpoint({ lastId: '5', startDate: '2026-01-01' })).toBeUndefined();
	});

	it('trigger settings: one code goes to the server, several stay on our side', () => {
		expect(readTriggerSettings({ codes: [93] }, {}).serverCode).toBe(93);
		expect(readTriggerSettings({ codes: [93, 94] }, {}).serverCode).toBeUndefined();
		expect(readTriggerSettings({ codes: '93, 94' }, {}).filter.codes).toEqual(new Set([93, 94]));
	});
});

describe('base URL and errors', () => {
	it.each([
		['https://dc4api.adminbyrequest.com/', 'https://dc4api.adminbyrequest.com'],
		['http://127.0.0.1:8080', 'http://127.0.0.1:8080'],
		['http://localhost/api/', 'http://localhost/api'],
		['http://[::1]:9000', 'http://[::1]:9000'],
	])('accepts %s', (input, expected) => expect(normalizeBaseUrl(input, 'Base URL')).toBe(expected));

	it.each(['http://dc1api.adminbyrequest.com', 'http://127.0.0.1.evil.com', 'ftp://x', 'not a url', 'https://u:p@host', 'https://host/?x=1'])(
		'refuses %s',
		(input) => expect(() => normalizeBaseUrl(input, 'Base URL')).toThrow(/^Base URL: /),
	);

	it('resolves data centers', () => {
		expect(resolveBaseUrl({ apiKey: 'k', dataCenter: 'dc2' })).toBe('https://dc2api.adminbyrequest.com');
		expect(() => resolveBaseUrl({ apiKey: 'k', dataCenter: 'dc9' })).toThrow(/Data Center/);
	});

	it('redacts the key and its URL-encoded form', () => {
		expect(redact('a k+y/= b k%2By%2F%3D c', 'k+y/=')).toBe('a [redacted] b [redacted] c');
	});

	it('reads x-ratelimit-reset as a delay or an epoch time', () => {
		expect(describeAbrFailure(429, {}, { 'x-ratelimit-reset': '5' }).description).toMatch(/in 5 seconds/);
		const epoch = String(Math.round(Date.now() / 1000) + 60);
		expect(describeAbrFailure(429, {}, { 'x-ratelimit-reset': epoch }).description).toMatch(/in (59|60|61) seconds/);
		expect(describeAbrFailure(429, {}, {}).description).toMatch(/in a minute/);
	});
});
