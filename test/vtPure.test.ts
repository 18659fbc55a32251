import { formatFilterTimestamp, parseEventTimestamp } from '../nodes/VirusTotalMonitor/apiAssumptions';
import { levelNumber, parseDetail, toOutputEvent } from '../nodes/VirusTotalMonitor/eventDetails';
import { buildEventFilter, dateParameterToSeconds } from '../nodes/VirusTotalMonitor/eventFilter';
import type { Checkpoint, TimedEvent } from '../nodes/VirusTotalMonitor/pollCheckpoint';
import {
	eventIdentity,
	freshSkip,
	nextCheckpoint,
	selectNewEvents,
	toSeconds,
} from '../nodes/VirusTotalMonitor/pollCheckpoint';
import { describeFailure } from '../nodes/VirusTotalMonitor/transport';
import { InvalidParameterError } from '../nodes/shared/InvalidParameterError';

const T0 = '2024-05-01T12:00:00';
const t0 = toSeconds(T0);

function ev(offsetSeconds: number, name: string): TimedEvent {
	const event = { timestamp: formatFilterTimestamp(t0 + offsetSeconds), subject: name };
	return { event, at: t0 + offsetSeconds, identity: eventIdentity(event) };
}

describe('buildEventFilter', () => {
	it('joins terms in a fixed order with the right operators', () => {
		expect(
			buildEventFilter({ level: 0, levelOperator: 'exactly', monitorKey: 'k==', after: t0, before: t0 + 60, query: 'foo:bar' }),
		).toBe('level:0= monitor_key:k== timestamp:2024-05-01T12:00:00+ timestamp:2024-05-01T12:01:00- foo:bar');
		expect(buildEventFilter({})).toBe('');
		expect(buildEventFilter({ level: 3 })).toBe('level:3+');
	});

	it.each([' x', 'x y', 'x\ty', 'x\u0000', 'x\u00a0y'])('rejects an injected value %j', (value) => {
		expect(() => buildEventFilter({ creatorId: value })).toThrow(InvalidParameterError);
	});

	it('lets the trigger refuse timestamp terms in the raw query', () => {
		expect(() => buildEventFilter({ query: 'timestamp:2024-01-01T00:00:00+' }, { allowTimestampInQuery: false })).toThrow(
			/Filters > Query/,
		);
		expect(buildEventFilter({ query: '  level:1+   source:FILE ' })).toBe('level:1+ source:FILE');
	});

	it('reads dates with and without zone as the right second', () => {
		expect(dateParameterToSeconds('2024-05-01T12:00:00', 'f')).toBe(t0);
		expect(dateParameterToSeconds('2024-05-01T14:00:00+02:00', 'f')).toBe(t0);
		expect(dateParameterToSeconds('2024-05-01T12:00:00.999Z', 'f')).toBe(t0);
		expect(dateParameterToSeconds(new Date(t0 * 1000), 'f')).toBe(t0);
		expect(dateParameterToSeconds({ toISO: () => '2024-05-01T12:00:00.000Z' }, 'f')).toBe(t0);
		expect(dateParameterToSeconds('', 'f')).toBeUndefined();
		expect(() => dateParameterToSeconds('01/05/2024', 'Filters > After')).toThrow(/Filters > After/);
	});
});

describe('apiAssumptions timestamps', () => {
	it('formats and parses the sample format as UTC', () => {
		expect(formatFilterTimestamp(t0)).toBe(T0);
		expect(parseEventTimestamp('2019-12-31T23:58:58')).toBe(Date.UTC(2019, 11, 31, 23, 58, 58) / 1000);
		expect(parseEventTimestamp('20191231T23:58:58')).toBe(Date.UTC(2019, 11, 31, 23, 58, 58) / 1000);
		expect(parseEventTimestamp('yesterday')).toBeUndefined();
	});
});

describe('event details', () => {
	it('parses verdicts and keeps unknown shapes raw', () => {
		expect(parseDetail({ v: 'engine:last:version:1.2:3' })).toEqual({ scope: 'last', kind: 'version', engine: 'engine', value: '1.2:3' });
		expect(parseDetail({ v: 'Avast:current:visible' })).toEqual({ scope: 'current', kind: 'visible', engine: 'Avast', value: null });
		expect(parseDetail({ v: 'engine:previous:clean' })).toEqual({ raw: 'engine:previous:clean' });
		expect(parseDetail({ v: 'engine' })).toEqual({ raw: 'engine' });
		expect(parseDetail({ x: 1 })).toEqual({ raw: '{"x":1}' });
		expect(levelNumber('3')).toBe(3);
		expect(levelNumber(2)).toBe(2);
		expect(levelNumber('high')).toBeNull();
		expect(toOutputEvent({ level: '4', details: 'odd' })).toEqual({ level: '4', details: 'odd', detailsParsed: [], levelNumber: 4 });
	});
});

describe('poll checkpoint', () => {
	const start: Checkpoint = { timestamp: T0, seen: {} };

	it('identity ignores key order and tells different events apart', () => {
		expect(eventIdentity({ a: 1, b: { c: 2, d: 3 } })).toBe(eventIdentity({ b: { d: 3, c: 2 }, a: 1 }));
		expect(eventIdentity({ a: 1 })).not.toBe(eventIdentity({ a: 2 }));
		expect(eventIdentity({ a: 1 })).toMatch(/^[0-9a-f]{16}$/);
	});

	it('complete listing: emits oldest first, moves T to the newest emitted second, records identities there', () => {
		const events = [ev(5, 'c'), ev(0, 'a'), ev(5, 'b')];
		const step = nextCheckpoint(start, { events, filter: 'f', skip: {} });
		expect(step.emitted.map((e) => e.event.subject)).toEqual(['a', ...['b', 'c'].sort((x, y) => (ev(5, x).identity < ev(5, y).identity ? -1 : 1))]);
		expect(step.checkpoint.timestamp).toBe(formatFilterTimestamp(t0 + 5));
		expect(step.checkpoint.seen).toEqual({ [ev(5, 'b').identity]: 1, [ev(5, 'c').identity]: 1 });
		expect(step.keepListing).toBe(false);
	});

	it('drops what was emitted at T and counts identical events as a multiset', () => {
		const twin = ev(0, 'twin');
		const cp: Checkpoint = { timestamp: T0, seen: { [twin.identity]: 1 } };
		const { fresh } = selectNewEvents(cp, [twin, twin, ev(0, 'x')], freshSkip(cp));
		expect(fresh.map((e) => e.event.subject)).toEqual(['twin', 'x']);
		const step = nextCheckpoint(cp, { events: [twin, twin], filter: 'f', skip: freshSkip(cp) });
		expect(step.checkpoint.seen[twin.identity]).toBe(2);
		expect(step.checkpoint.timestamp).toBe(T0);
	});

	it('an idle listing changes nothing', () => {
		const step = nextCheckpoint(start, { events: [], filter: 'f', skip: {} });
		expect(step.emitted).toEqual([]);
		expect(step.checkpoint).toEqual(start);
	});

	it('page cap, ascending: emits and keeps the cursor, T = last fetched', () => {
		const step = nextCheckpoint(start, { events: [ev(0, 'a'), ev(1, 'b'), ev(2, 'c')], filter: 'f', skip: {}, next: { cursor: 'c1', jobId: 'j1' } });
		expect(step.emitted).toHaveLength(3);
		expect(step.checkpoint.timestamp).toBe(formatFilterTimestamp(t0 + 2));
		expect(step.checkpoint.continuation).toEqual({ cursor: 'c1', jobId: 'j1', filter: 'f', skip: {}, ascending: true });
	});

	it('page cap, descending: emits nothing and narrows the upper bound to the smallest fetched second', () => {
		const step = nextCheckpoint(start, { events: [ev(9, 'a'), ev(7, 'b')], filter: 'f', skip: {}, next: { cursor: 'c1' } });
		expect(step.emitted).toEqual([]);
		expect(step.checkpoint.timestamp).toBe(T0);
		expect(step.checkpoint.upperBound).toBe(formatFilterTimestamp(t0 + 7));
		expect(step.checkpoint.continuation).toBeUndefined();
		expect(step.keepListing).toBe(true);
	});

	it('page cap with one second filling every page above T: the bound goes below it', () => {
		const cp: Checkpoint = { ...start, upperBound: formatFilterTimestamp(t0 + 7) };
		const step = nextCheckpoint(cp, { events: [ev(7, 'a'), ev(7, 'b')], filter: 'f', skip: {}, next: { cursor: 'c1' } });
		expect(step.checkpoint.upperBound).toBe(formatFilterTimestamp(t0 + 6));
		expect(step.emitted).toEqual([]);
	});

	it('a narrowed listing that completes proves everything up to its bound emitted', () => {
		const cp: Checkpoint = { ...start, upperBound: formatFilterTimestamp(t0 + 6) };
		const step = nextCheckpoint(cp, { events: [ev(3, 'a')], filter: 'f', skip: {} });
		expect(step.emitted).toHaveLength(1);
		expect(step.checkpoint.timestamp).toBe(formatFilterTimestamp(t0 + 3));
		expect(step.checkpoint.from).toBe(formatFilterTimestamp(t0 + 7));
		expect(step.checkpoint.upperBound).toBeUndefined();
		expect(step.keepListing).toBe(true);
	});

	it('a newest second that fills the whole cap is not used as a bound: the window stops below it', () => {
		const step = nextCheckpoint(start, { events: [ev(9, 'a'), ev(9, 'b')], filter: 'f', skip: {}, next: { cursor: 'c1' } });
		expect(step.checkpoint.upperBound).toBe(formatFilterTimestamp(t0 + 8));
		expect(step.emitted).toEqual([]);
	});

	it('narrowing remembers the bounds it left; a finished window hands over to the next one up', () => {
		let cp = nextCheckpoint(start, { events: [ev(9, 'a'), ev(7, 'b')], filter: 'f', skip: {}, next: { cursor: 'c1' } }).checkpoint;
		cp = nextCheckpoint(cp, { events: [ev(6, 'c'), ev(4, 'd')], filter: 'f', skip: {}, next: { cursor: 'c2' } }).checkpoint;
		expect(cp.upperBound).toBe(formatFilterTimestamp(t0 + 4));
		expect(cp.laterBounds).toEqual([formatFilterTimestamp(t0 + 7)]);
		// The window up to +4 completes: its events are emitted and the next window is (+4, +7].
		const done = nextCheckpoint(cp, { events: [ev(4, 'd'), ev(1, 'e')], filter: 'f', skip: {} });
		expect(done.emitted.map((e) => e.event.subject)).toEqual(['e', 'd']);
		expect(done.checkpoint.from).toBe(formatFilterTimestamp(t0 + 5));
		expect(done.checkpoint.upperBound).toBe(formatFilterTimestamp(t0 + 7));
		expect(done.checkpoint.laterBounds).toBeUndefined();
		expect(done.keepListing).toBe(true);
	});

	it('page cap, burst at T in descending order: emits the new events at T, then lists that second alone', () => {
		const step = nextCheckpoint(start, { events: [ev(4, 'z'), ev(0, 'a'), ev(0, 'b')], filter: 'f', skip: {}, next: { cursor: 'c1' } });
		expect(step.emitted.map((e) => e.event.subject).sort()).toEqual(['a', 'b']);
		expect(step.checkpoint.timestamp).toBe(T0);
		expect(step.checkpoint.upperBound).toBe(T0);
	});
});

describe('describeFailure', () => {
	it('says when a daily quota resets and that a per-minute one frees up soon', () => {
		const at = new Date(Date.UTC(2024, 4, 1, 21, 30, 0));
		const daily = describeFailure(429, { error: { code: 'QuotaExceededError', message: 'Daily quota exceeded' } }, { filter: '' }, at);
		expect(daily.description).toContain('00:00 UTC (in 2 h 30 min)');
		const minute = describeFailure(429, { error: { code: 'QuotaExceededError', message: 'per minute' } }, { filter: '' }, at);
		expect(minute.description).toContain('within a minute');
		expect(describeFailure(400, { error: { code: 'InvalidArgumentError', message: 'bad' } }, { filter: 'level:9' }).description).toContain('level:9');
		expect(describeFailure(400, {}, { filter: '', cursor: 'c' }).message).toContain('cursor');
	});
});
