import { formatFilterTimestamp, parseEventTimestamp } from '../nodes/VirusTotalMonitor/apiAssumptions';
import { levelNumber, parseDetail, toOutputEvent } from '../nodes/VirusTotalMonitor/eventDetails';
import { buildEventFilter, dateParameterToSeconds } from '../nodes/VirusTotalMonitor/eventFilter';
import type { Checkpoint, TimedEvent } from '../nodes/VirusTotalMonitor/pollCheckpoint';
import {
	eventIdentity,
	freshSkip,
	nextCheckpoint,
	readCheckpoint,
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

	const now = t0 + 100;
	const at = (offset: number) => formatFilterTimestamp(t0 + offset);

	it('complete listing: emits oldest first, moves T to the newest emitted second, records identities there', () => {
		const events = [ev(5, 'c'), ev(0, 'a'), ev(5, 'b')];
		const step = nextCheckpoint(start, { events, filter: 'f', skip: {}, nowSeconds: now });
		expect(step.emitted.map((e) => e.event.subject)).toEqual(['a', ...['b', 'c'].sort((x, y) => (ev(5, x).identity < ev(5, y).identity ? -1 : 1))]);
		expect(step.checkpoint.timestamp).toBe(at(5));
		expect(step.checkpoint.seen).toEqual({ [ev(5, 'b').identity]: 1, [ev(5, 'c').identity]: 1 });
		expect(step.keepListing).toBe(false);
	});

	it('drops what was emitted at T and counts identical events as a multiset', () => {
		const twin = ev(0, 'twin');
		const cp: Checkpoint = { timestamp: T0, seen: { [twin.identity]: 1 } };
		const { fresh } = selectNewEvents(cp, [twin, twin, ev(0, 'x')], freshSkip(cp));
		expect(fresh.map((e) => e.event.subject)).toEqual(['twin', 'x']);
		const step = nextCheckpoint(cp, { events: [twin, twin], filter: 'f', skip: freshSkip(cp), nowSeconds: now });
		expect(step.checkpoint.seen[twin.identity]).toBe(2);
		expect(step.checkpoint.timestamp).toBe(T0);
	});

	it('an idle listing changes nothing', () => {
		const step = nextCheckpoint(start, { events: [], filter: 'f', skip: {}, nowSeconds: now });
		expect(step.emitted).toEqual([]);
		expect(step.checkpoint).toEqual(start);
	});

	it.each([
		['ascending', [ev(1, 'a'), ev(2, 'b'), ev(3, 'c')], 3],
		['descending', [ev(9, 'c'), ev(7, 'b'), ev(1, 'a')], 9],
	])('an incomplete listing emits nothing, whatever order its pages look like (%s)', (_order, events, aim) => {
		const step = nextCheckpoint(start, { events, filter: 'f', skip: {}, next: { cursor: 'c1' }, nowSeconds: now });
		expect(step.emitted).toEqual([]);
		expect(step.checkpoint.timestamp).toBe(T0);
		expect(step.checkpoint.continuation).toBeUndefined();
		// Aimed high among the new events fetched, so a complete listing up to there emits them.
		expect(step.checkpoint.upperBound).toBe(at(aim));
		expect(step.checkpoint.pendingAt).toBe(at(aim));
		expect(step.keepListing).toBe(true);
	});

	it('narrows an open window to at most half of it, up to now', () => {
		const step = nextCheckpoint(start, { events: [ev(90, 'a'), ev(80, 'b')], filter: 'f', skip: {}, next: { cursor: 'c1' }, nowSeconds: now });
		expect(step.checkpoint.upperBound).toBe(at(50));
		expect(step.checkpoint.pendingAt).toBe(at(90));
		expect(step.checkpoint.laterBounds).toBeUndefined();
	});

	it('narrows a bounded window to half, remembering the bound it left and the oldest new event seen', () => {
		const cp: Checkpoint = { ...start, upperBound: at(40), pendingAt: at(35) };
		const step = nextCheckpoint(cp, { events: [ev(38, 'a'), ev(36, 'b')], filter: 'f', skip: {}, next: { cursor: 'c1' }, nowSeconds: now });
		expect(step.checkpoint.upperBound).toBe(at(20));
		expect(step.checkpoint.laterBounds).toEqual([at(40)]);
		expect(step.checkpoint.pendingAt).toBe(at(35));
	});

	it('a window that completes empty below a known unsent event proves everything up to its bound emitted', () => {
		const cp: Checkpoint = { ...start, upperBound: at(20), laterBounds: [at(40)], pendingAt: at(35) };
		const step = nextCheckpoint(cp, { events: [], filter: 'f', skip: {}, nowSeconds: now });
		expect(step.emitted).toEqual([]);
		expect(step.checkpoint.from).toBe(at(21));
		// Halving on toward the known event, without listing the larger window again.
		expect(step.checkpoint.upperBound).toBe(at(30));
		expect(step.checkpoint.laterBounds).toEqual([at(40)]);
		expect(step.keepListing).toBe(true);
	});

	it('a bounded window that completes emits its events and hands over to the open end', () => {
		const cp: Checkpoint = { ...start, upperBound: at(6), pendingAt: at(3) };
		const step = nextCheckpoint(cp, { events: [ev(3, 'a'), ev(1, 'b')], filter: 'f', skip: {}, nowSeconds: now });
		expect(step.emitted.map((e) => e.event.subject)).toEqual(['b', 'a']);
		expect(step.checkpoint.timestamp).toBe(at(3));
		expect(step.checkpoint.from).toBeUndefined();
		expect(step.checkpoint.pendingAt).toBeUndefined();
		expect(step.checkpoint.upperBound).toBeUndefined();
		expect(step.keepListing).toBe(true);
	});

	it('a window bound at a second no newer event is known beyond is not used as a floor', () => {
		const cp: Checkpoint = { ...start, upperBound: at(6), laterBounds: [at(9)], pendingAt: at(6) };
		// The event once seen at +6 is gone: no floor, and the stale hint is dropped.
		const step = nextCheckpoint(cp, { events: [], filter: 'f', skip: {}, nowSeconds: now });
		expect(step.checkpoint.from).toBeUndefined();
		expect(step.checkpoint.pendingAt).toBeUndefined();
		expect(step.checkpoint.upperBound).toBe(at(9));
	});

	it('an incomplete listing of the single second at the lower bound emits its new events and keeps the cursor', () => {
		const a = ev(0, 'a');
		const cp: Checkpoint = { timestamp: T0, seen: { [a.identity]: 1 }, upperBound: T0, pendingAt: T0 };
		const step = nextCheckpoint(cp, { events: [a, ev(0, 'b'), ev(0, 'c')], filter: 'f', skip: freshSkip(cp), next: { cursor: 'c1', jobId: 'j1' }, nowSeconds: now });
		expect(step.emitted.map((e) => e.event.subject).sort()).toEqual(['b', 'c']);
		expect(step.checkpoint.timestamp).toBe(T0);
		expect(Object.keys(step.checkpoint.seen)).toHaveLength(3);
		expect(step.checkpoint.continuation).toEqual({ cursor: 'c1', jobId: 'j1', filter: 'f', skip: { [a.identity]: 0 } });
		expect(step.keepListing).toBe(false);
	});

	it('the single second at a floor above T: emitting there moves T up, and nothing is left to skip', () => {
		const cp: Checkpoint = { timestamp: T0, seen: { x: 1 }, from: at(5), upperBound: at(5), pendingAt: at(5) };
		const step = nextCheckpoint(cp, { events: [ev(5, 'a')], filter: 'f', skip: {}, next: { cursor: 'c1' }, nowSeconds: now });
		expect(step.emitted).toHaveLength(1);
		expect(step.checkpoint.timestamp).toBe(at(5));
		expect(step.checkpoint.from).toBeUndefined();
		expect(step.checkpoint.continuation?.skip).toEqual({});
	});

	it('an incomplete listing that read only events emitted before keeps its cursor instead of narrowing', () => {
		const a = ev(0, 'a');
		const b = ev(0, 'b');
		const cp: Checkpoint = { timestamp: T0, seen: { [a.identity]: 1, [b.identity]: 1 } };
		const step = nextCheckpoint(cp, { events: [a], filter: 'f', skip: freshSkip(cp), next: { cursor: 'c1' }, nowSeconds: now });
		expect(step.emitted).toEqual([]);
		expect(step.checkpoint.upperBound).toBeUndefined();
		expect(step.checkpoint.continuation).toEqual({ cursor: 'c1', filter: 'f', skip: { [a.identity]: 0, [b.identity]: 1 } });
	});

	it('readCheckpoint takes only a checkpoint it can read', () => {
		expect(readCheckpoint({ timestamp: T0, seen: {} })).toEqual({ timestamp: T0, seen: {} });
		expect(readCheckpoint({ timestamp: 'soon', seen: {} })).toBeUndefined();
		expect(readCheckpoint({ timestamp: T0 })).toBeUndefined();
		expect(readCheckpoint(undefined)).toBeUndefined();
	});
});

/**
 * The search, run against a model listing in every order, until the backlog is drained: what it
 * emits must be every event once, oldest first, whatever the order and page size.
 */
describe('window search over a model listing', () => {
	type Order = 'asc' | 'desc' | 'none';
	/** A listing as the service keeps it: each fresh query is a job in one fixed order, a cursor points into it. */
	function modelListing(all: TimedEvent[], order: Order, pageSize: number, seed: number) {
		let state = seed;
		const random = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
		const jobs: TimedEvent[][] = [];
		return (lower: number, upper: number | undefined, cursor?: string) => {
			let job: number;
			let offset = 0;
			if (cursor === undefined) {
				const sorted = all.filter((e) => e.at >= lower && (upper === undefined || e.at <= upper)).sort((a, b) => a.at - b.at);
				if (order === 'desc') sorted.reverse();
				if (order === 'none') {
					for (let i = sorted.length - 1; i > 0; i--) {
						const j = Math.floor(random() * (i + 1));
						[sorted[i], sorted[j]] = [sorted[j], sorted[i]];
					}
				}
				job = jobs.push(sorted) - 1;
			} else [job, offset] = cursor.split(':').map(Number);
			const page = jobs[job].slice(offset, offset + pageSize);
			const more = offset + pageSize < jobs[job].length;
			return { page, next: more ? `${job}:${offset + pageSize}` : undefined };
		};
	}

	it.each([
		['asc', 3, 1],
		['desc', 3, 1],
		['none', 3, 2],
		['none', 1, 3],
		['desc', 2, 2],
	] as Array<[Order, number, number]>)('%s order, page size %i, %i pages per listing: every event once, oldest first', (order, pageSize, pages) => {
		const all: TimedEvent[] = [];
		for (let i = 0; i < 60; i++) all.push(ev(1 + ((i * 37) % 50), `e${i}`));
		for (let i = 0; i < 7; i++) all.push(ev(20, `burst${i}`));
		const list = modelListing(all, order, pageSize, 99);
		let cp: Checkpoint = { timestamp: T0, seen: {} };
		const emitted: TimedEvent[] = [];
		let listings = 0;
		for (; listings < 5000; listings++) {
			const lower = Math.max(toSeconds(cp.timestamp), cp.from ? toSeconds(cp.from) : -Infinity);
			const upper = cp.upperBound ? toSeconds(cp.upperBound) : undefined;
			let cursor = cp.continuation?.cursor;
			const skip = cp.continuation?.skip ?? freshSkip(cp);
			const events: TimedEvent[] = [];
			let next: string | undefined;
			for (let p = 0; p < pages; p++) {
				const result = list(lower, upper, cursor);
				events.push(...result.page);
				next = cursor = result.next;
				if (next === undefined) break;
			}
			const step = nextCheckpoint(cp, { events, filter: 'f', skip, next: next === undefined ? undefined : { cursor: next }, nowSeconds: t0 + 60 });
			emitted.push(...step.emitted);
			// Done once a complete listing of the open window found nothing left.
			if (upper === undefined && next === undefined && step.emitted.length === 0) break;
			cp = step.checkpoint;
		}
		expect(emitted.map((e) => e.event.subject).sort()).toEqual(all.map((e) => e.event.subject).sort());
		expect(emitted.map((e) => e.at)).toEqual([...emitted.map((e) => e.at)].sort((a, b) => a - b));
		expect(listings).toBeLessThan(400);
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
