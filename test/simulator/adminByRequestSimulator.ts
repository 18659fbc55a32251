/**
 * Admin By Request events API simulator, following the vendor's documentation
 * (../../../shared/reference/seed-abr-events-api.txt): ascending ids, `take` (default 50, max
 * 10000), `last` (newest first, ignores take/startid), `code`, the 30-day default window that
 * `startdate` replaces, inclusive `enddate`, filters as query parameters or headers, the
 * per-computer and per-user paths, and the `apikey` header.
 */
import { HttpSimulator, type SimRequest, type SimResponse } from './httpSimulator';
import { pick, seededRandom } from './random';

export interface AbrEvent {
	id: number;
	eventCode: number;
	eventLevel: number;
	eventText: string;
	eventTime: string;
	eventTimeUTC: string;
	computerName: string | null;
	userAccount: string | null;
	userName: string | null;
	alertAccount: string | null;
	auditLogURL: string | null;
	rollback: boolean;
	additionalData: string | null;
	application: {
		file: string | null;
		path: string | null;
		name: string | null;
		vendor: string | null;
		version: string | null;
		sha256: string | null;
	};
}

const DAY_MS = 86_400_000;
const FILTER_NAMES = ['startid', 'take', 'last', 'code', 'days', 'startdate', 'enddate'] as const;

const CODE_SAMPLES: Array<{ code: number; level: number; text: string; app?: boolean }> = [
	{ code: 1, level: 1, text: 'User added to local admins group' },
	{ code: 5, level: 0, text: 'Audited administrator logged on' },
	{ code: 6, level: 2, text: 'Unaudited administrator logged on' },
	{ code: 40, level: 0, text: 'Admin By Request Workstation installed' },
	{ code: 72, level: 2, text: 'Break Glass Account logged on' },
	{ code: 90, level: 1, text: 'Admin Session denied by policy' },
	{ code: 92, level: 1, text: 'Execution of file blocked by policy', app: true },
	{ code: 93, level: 2, text: 'Execution blocked, detected malware', app: true },
	{ code: 94, level: 2, text: 'Execution blocked, suspected malware', app: true },
	{ code: 999, level: 0, text: 'Event type added after this package was written' },
];
const COMPUTERS = ['FTWIN11', 'LAB-PC-07', 'FIN-LT-22', 'SRV-DC01', 'HR LAPTOP 3'];
const USERS = [
	{ account: 'CONTOSO\\jdoe', name: 'Jane Doe' },
	{ account: 'CONTOSO\\asmith', name: 'Alex Smith' },
	{ account: 'TEST', name: 'FastTrack Support' },
];
const APPS = [
	{ file: 'msedge.exe', path: 'C:\\Program Files (x86)\\Microsoft\\Edge\\Application', name: 'Microsoft Edge', vendor: 'Microsoft Corporation', version: '120.0.2210.91' },
	{ file: 'invoice.pdf.exe', path: 'C:\\Users\\jdoe\\Downloads', name: null, vendor: null, version: null },
	{ file: 'putty.exe', path: 'C:\\Tools', name: 'PuTTY', vendor: 'Simon Tatham', version: '0.80' },
];

export interface AbrSimulatorOptions {
	apiKey?: string;
	/** Keys that belong to a tenant in another data center: answered with HTTP 500, as reported. */
	otherDataCenterKeys?: string[];
	seed?: number;
	/** Offset of the tenant's local time from UTC, in hours (eventTime vs eventTimeUTC). */
	tenantUtcOffsetHours?: number;
	firstId?: number;
}

export class AdminByRequestSimulator {
	readonly http: HttpSimulator;
	readonly events: AbrEvent[] = [];
	apiKey: string;
	private readonly otherDataCenterKeys: Set<string>;
	private readonly random: () => number;
	private readonly offsetMs: number;
	private nextId: number;
	/** Added to the real clock: lets a test jump weeks ahead. */
	clockSkewMs = 0;
	/** Answers already serialized and encoded, so benchmarks measure the client, not the simulator. */
	private readonly answers = new Map<string, SimResponse>();

	constructor(options: AbrSimulatorOptions = {}) {
		this.apiKey = options.apiKey ?? 'abr-test-key-0123456789';
		this.otherDataCenterKeys = new Set(options.otherDataCenterKeys ?? []);
		this.random = seededRandom(options.seed ?? 1);
		this.offsetMs = (options.tenantUtcOffsetHours ?? 2) * 3_600_000;
		this.nextId = options.firstId ?? 49_287_606;
		this.http = new HttpSimulator((request) => this.handle(request));
	}

	get requests() {
		return this.http.requests;
	}

	async start(port = 0): Promise<string> {
		return await this.http.start(port);
	}

	async stop(): Promise<void> {
		await this.http.stop();
	}

	now(): number {
		return Date.now() + this.clockSkewMs;
	}

	/** Creates an event, by default of a random realistic kind, happening now. */
	addEvent(overrides: Partial<AbrEvent> & { at?: number } = {}): AbrEvent {
		const { at, ...fields } = overrides;
		const sample =
			fields.eventCode !== undefined
				? (CODE_SAMPLES.find((s) => s.code === fields.eventCode) ?? {
						code: fields.eventCode,
						level: 0,
						text: `Event ${fields.eventCode}`,
					})
				: pick(this.random, CODE_SAMPLES);
		const user = pick(this.random, USERS);
		const app = sample.app ? pick(this.random, APPS) : undefined;
		const time = at ?? this.now();
		// Ids grow by small random steps, as they do in a shared multi-tenant table.
		this.nextId += 1 + Math.floor(this.random() * 3);
		const event: AbrEvent = {
			id: this.nextId,
			eventCode: sample.code,
			eventLevel: sample.level,
			eventText: sample.text,
			eventTime: isoNoZone(time + this.offsetMs),
			eventTimeUTC: isoNoZone(time),
			computerName: pick(this.random, COMPUTERS),
			userAccount: user.account,
			userName: user.name,
			alertAccount: null,
			auditLogURL: null,
			rollback: false,
			additionalData: sample.code === 40 ? '8.2.1' : null,
			application: {
				file: app?.file ?? null,
				path: app?.path ?? null,
				name: app?.name ?? null,
				vendor: app?.vendor ?? null,
				version: app?.version ?? null,
				sha256: app ? sha256Like(this.random) : null,
			},
			...fields,
		};
		this.nextId = Math.max(this.nextId, event.id);
		const last = this.events[this.events.length - 1];
		this.events.push(event);
		if (last && last.id > event.id) this.events.sort((a, b) => a.id - b.id);
		this.answers.clear();
		return event;
	}

	addEvents(count: number, overrides: Partial<AbrEvent> & { at?: number } = {}): AbrEvent[] {
		return Array.from({ length: count }, () => this.addEvent(overrides));
	}

	private handle(request: SimRequest): SimResponse {
		const cacheKey = `${String(request.headers.apikey)} ${request.path}?${request.rawQuery} ${JSON.stringify(
			FILTER_NAMES.map((name) => request.headers[name]),
		)} ${this.clockSkewMs}`;
		const cached = this.answers.get(cacheKey);
		if (cached) return cached;
		const answer = this.answer(request);
		answer.body = Buffer.from(typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body));
		if (this.answers.size > 1000) this.answers.clear();
		this.answers.set(cacheKey, answer);
		return answer;
	}

	private answer(request: SimRequest): SimResponse {
		const key = request.headers.apikey;
		if (typeof key === 'string' && this.otherDataCenterKeys.has(key)) {
			return { status: 500, body: { Message: 'An error has occurred.' } };
		}
		if (key !== this.apiKey) {
			return { status: 401, body: { Message: 'Authorization has been denied for this request.' } };
		}
		if (request.method !== 'GET') return { status: 405, body: { Message: 'Method not allowed' } };

		const single = /^\/events\/(\d+)$/.exec(request.path);
		if (single) {
			const event = this.events.find((e) => e.id === Number(single[1]));
			return event ? { status: 200, body: event } : { status: 404, body: { Message: 'Not found' } };
		}

		let scope: (event: AbrEvent) => boolean;
		const computer = /^\/computers\/([^/]+)\/events$/.exec(request.path);
		const user = /^\/users\/([^/]+)\/events$/.exec(request.path);
		if (request.path === '/events') scope = () => true;
		else if (computer) {
			const name = decodeURIComponent(computer[1]).toLowerCase();
			scope = (e) => (e.computerName ?? '').toLowerCase() === name;
		} else if (user) {
			const name = decodeURIComponent(user[1]).toLowerCase();
			scope = (e) =>
				(e.userAccount ?? '').toLowerCase() === name || (e.userName ?? '').toLowerCase() === name;
		} else return { status: 404, body: { Message: `No HTTP resource was found for ${request.path}` } };

		const filters = readFilters(request);
		const problem = validate(filters);
		if (problem) return { status: 400, body: { Message: problem } };

		const now = this.now();
		const localDate = (e: AbrEvent) => e.eventTime.slice(0, 10);
		let windowStart: string;
		if (filters.startdate) windowStart = filters.startdate;
		else windowStart = isoNoZone(now + this.offsetMs - Number(filters.days ?? 30) * DAY_MS).slice(0, 10);

		const matching = this.events.filter(
			(e) =>
				scope(e) &&
				localDate(e) >= windowStart &&
				(!filters.enddate || localDate(e) <= filters.enddate) &&
				(!filters.code || e.eventCode === Number(filters.code)),
		);

		if (filters.last) {
			return { status: 200, body: matching.slice(-Number(filters.last)).reverse() };
		}
		const startId = Number(filters.startid ?? 0);
		const take = Number(filters.take ?? 50);
		return { status: 200, body: matching.filter((e) => e.id >= startId).slice(0, take) };
	}
}

function readFilters(request: SimRequest): Partial<Record<(typeof FILTER_NAMES)[number], string>> {
	const filters: Partial<Record<(typeof FILTER_NAMES)[number], string>> = {};
	for (const name of FILTER_NAMES) {
		const fromQuery = request.query.get(name);
		const fromHeader = request.headers[name];
		const value = fromQuery ?? (typeof fromHeader === 'string' ? fromHeader : undefined);
		if (value !== undefined && value !== null) filters[name] = value;
	}
	return filters;
}

function validate(filters: Partial<Record<(typeof FILTER_NAMES)[number], string>>): string | undefined {
	for (const name of ['startid', 'take', 'last', 'code', 'days'] as const) {
		const value = filters[name];
		if (value !== undefined && !/^\d+$/.test(value)) return `The value '${value}' is not valid for ${name}.`;
	}
	for (const name of ['take', 'last'] as const) {
		if (filters[name] !== undefined && (Number(filters[name]) < 1 || Number(filters[name]) > 10000)) {
			return `${name} must be between 1 and 10000.`;
		}
	}
	for (const name of ['startdate', 'enddate'] as const) {
		const value = filters[name];
		if (value !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(value)) {
			return `The value '${value}' is not valid for ${name}.`;
		}
	}
	return undefined;
}

function isoNoZone(ms: number): string {
	return new Date(ms).toISOString().replace('Z', '');
}

function sha256Like(random: () => number): string {
	let hex = '';
	while (hex.length < 64) hex += Math.floor(random() * 16).toString(16).toUpperCase();
	return hex;
}
