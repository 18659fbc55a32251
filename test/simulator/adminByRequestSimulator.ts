/**
 * Admin By Request API simulator, following the vendor's documentation
 * (../../../shared/reference/seed-abr-events-api.txt): ascending ids, `take` (default 50, max
 * 10000), `last` (newest first, ignores take/startid), `code`, the 30-day default window that
 * `startdate` replaces, inclusive `enddate`, filters as query parameters or headers, the
 * per-computer and per-user paths, and the `apikey` header.
 *
 * Besides events it serves the audit log (`/auditlog`, `/auditlog/{id}`, per computer and per
 * user, and the delta feed `/auditlog/delta?deltaTime=`) and the request queue (`/requests`,
 * `/requests/{id}` to read, PUT to approve, DELETE to deny), as
 * ../../../shared/reference/abr-auditlog-requests-api.md describes them, over the elevations of
 * ./abrElevations.ts, whose statuses change as the clock passes. Where the reference leaves an
 * answer open, the simulator's choice is an option (see AbrSimulatorOptions).
 */
import {
	ElevationStore,
	requestStatus,
	toAuditLogEntry,
	toRequest,
	type Elevation,
	type ElevationInit,
} from './abrElevations';
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
	/** First id of the audit log and requests (one id space, apart from events). */
	firstElevationId?: number;
	/** Requests per minute before 429 with Retry-After; unlimited when undefined. */
	quotaPerMinute?: number;
	/**
	 * Whether the delta feed returns entries changed exactly at `deltaTime` again (unconfirmed;
	 * inclusive by default, so clients must expect repeats at the boundary).
	 */
	deltaBoundary?: 'inclusive' | 'exclusive';
	/**
	 * The answer to an approve of a denied or quarantined request, or to a deny of a request that is
	 * not pending (undocumented). By default 204 and nothing happens, as the vendor documents for
	 * an approve of an approved or started request.
	 */
	notPendingAnswer?: { status: number; body?: unknown };
	/** E-mail addresses of portal users; when set, another `approvedby` or `deniedby` gets 400. */
	portalUsers?: string[];
}

export class AdminByRequestSimulator {
	readonly http: HttpSimulator;
	readonly events: AbrEvent[] = [];
	apiKey: string;
	private readonly otherDataCenterKeys: Set<string>;
	private readonly random: () => number;
	private readonly offsetMs: number;
	private nextId: number;
	/** The audit log and the requests: one elevation each. */
	readonly elevations: ElevationStore;
	quotaPerMinute?: number;
	private quotaWindow = { minute: -1, used: 0 };
	deltaBoundary: 'inclusive' | 'exclusive';
	notPendingAnswer?: { status: number; body?: unknown };
	portalUsers?: string[];
	private readonly jsonCache = new WeakMap<Elevation, Map<string, { tick: bigint; text: string }>>();
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
		this.elevations = new ElevationStore(this.random, () => this.now(), options.firstElevationId);
		this.quotaPerMinute = options.quotaPerMinute;
		this.deltaBoundary = options.deltaBoundary ?? 'inclusive';
		this.notPendingAnswer = options.notPendingAnswer;
		this.portalUsers = options.portalUsers;
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

	/**
	 * Creates an elevation (an audit log entry; a request too when it needed approval), by default
	 * random, with a schedule of what becomes of it; `schedule: []` keeps it as it is until the API
	 * or setStatus changes it.
	 */
	addElevation(init: ElevationInit = {}): Elevation {
		return this.elevations.add(init);
	}

	addElevations(count: number, init: ElevationInit = {}): Elevation[] {
		return Array.from({ length: count }, () => this.addElevation(init));
	}

	/** A pending request that stays pending until the API (or a test) decides it. */
	addPendingRequest(init: ElevationInit = {}): Elevation {
		return this.addElevation({ approvalRequired: true, status: 'Pending', schedule: [], ...init });
	}

	/** The audit log entry with this id, as the API would answer it now. */
	auditLogEntry(id: number, wantScanDetails = false): Record<string, unknown> | undefined {
		this.elevations.settle();
		const elevation = this.elevations.elevations.find((e) => e.id === id);
		return elevation && toAuditLogEntry(elevation, this.offsetMs, wantScanDetails);
	}

	/** The request with this id, as the API would answer it now. */
	request(id: number, wantScanDetails = false): Record<string, unknown> | undefined {
		this.elevations.settle();
		const elevation = this.elevations.elevations.find((e) => e.id === id && e.approvalRequired);
		return elevation && toRequest(elevation, this.offsetMs, wantScanDetails);
	}

	private handle(request: SimRequest): SimResponse {
		const throttled = this.throttle();
		if (throttled) return throttled;
		if (/^\/(auditlog|requests)(\/|$)|^\/(computers|users)\/[^/]+\/auditlog$/.test(request.path)) {
			return this.authFailure(request) ?? this.answerElevations(request);
		}
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

	/** The quota, when one is set: 429 with the seconds left in this minute. */
	private throttle(): SimResponse | undefined {
		if (this.quotaPerMinute === undefined) return undefined;
		const now = this.now();
		const minute = Math.floor(now / 60_000);
		if (this.quotaWindow.minute !== minute) this.quotaWindow = { minute, used: 0 };
		if (this.quotaWindow.used >= this.quotaPerMinute) {
			const seconds = Math.max(1, Math.ceil(((minute + 1) * 60_000 - now) / 1000));
			return {
				status: 429,
				body: { Message: 'API call limit exceeded' },
				headers: { 'retry-after': String(seconds) },
			};
		}
		this.quotaWindow.used++;
		return undefined;
	}

	private authFailure(request: SimRequest): SimResponse | undefined {
		const key = request.headers.apikey;
		if (typeof key === 'string' && this.otherDataCenterKeys.has(key)) {
			return { status: 500, body: { Message: 'An error has occurred.' } };
		}
		if (key !== this.apiKey) {
			return { status: 401, body: { Message: 'Authorization has been denied for this request.' } };
		}
		return undefined;
	}

	private answer(request: SimRequest): SimResponse {
		const refused = this.authFailure(request);
		if (refused) return refused;
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

	/** The audit log, its delta feed and the request queue; never cached, since they change. */
	private answerElevations(request: SimRequest): SimResponse {
		this.elevations.settle();
		const path = request.path;
		if (path === '/auditlog/delta') {
			return request.method === 'GET' ? this.answerDelta(request) : methodNotAllowed();
		}
		const single = /^\/(auditlog|requests)\/(\d+)$/.exec(path);
		if (single) return this.answerOne(request, single[1] === 'requests', Number(single[2]));
		if (request.method !== 'GET') return methodNotAllowed();

		const wantScan = param(request, 'wantscandetails') === '1';
		if (path === '/requests') {
			const problem = validateList(request, ['status', 'startid', 'take', 'last', 'wantscandetails'], 1000);
			if (problem) return { status: 400, body: { Message: problem } };
			if (param(request, 'last') !== undefined && (param(request, 'take') !== undefined || param(request, 'startid') !== undefined)) {
				return { status: 400, body: { Message: 'last cannot be combined with take or startid.' } };
			}
			const status = param(request, 'status')?.toLowerCase();
			const matching = this.elevations.elevations.filter(
				(e) => e.approvalRequired && (!status || requestStatus(e).toLowerCase() === status),
			);
			return { status: 200, body: this.jsonList(page(request, matching), 'request', wantScan) };
		}

		const computer = /^\/computers\/([^/]+)\/auditlog$/.exec(path);
		const user = /^\/users\/([^/]+)\/auditlog$/.exec(path);
		let scope: (e: Elevation) => boolean;
		if (path === '/auditlog') scope = () => true;
		else if (computer) {
			const name = decodeURIComponent(computer[1]).toLowerCase();
			scope = (e) => e.computer.name.toLowerCase() === name;
		} else if (user) {
			const name = decodeURIComponent(user[1]).toLowerCase();
			scope = (e) => e.user.account.toLowerCase() === name || e.user.fullName.toLowerCase() === name;
		} else return { status: 404, body: { Message: `No HTTP resource was found for ${path}` } };

		const problem = validateList(
			request,
			['type', 'status', 'startid', 'take', 'last', 'days', 'startdate', 'enddate', 'wantscandetails'],
			10000,
		);
		if (problem) return { status: 400, body: { Message: problem } };
		const type = param(request, 'type')?.toLowerCase();
		if (type !== undefined && type !== 'app' && type !== 'session') {
			return { status: 400, body: { Message: `The value '${type}' is not valid for type.` } };
		}
		const status = param(request, 'status')?.toLowerCase();
		const startDate = param(request, 'startdate');
		const endDate = param(request, 'enddate');
		const windowStart =
			startDate ?? isoNoZone(this.now() + this.offsetMs - Number(param(request, 'days') ?? 30) * DAY_MS).slice(0, 10);
		const localDate = (e: Elevation) => isoNoZone(e.requestTime + this.offsetMs).slice(0, 10);
		const matching = this.elevations.elevations.filter(
			(e) =>
				scope(e) &&
				localDate(e) >= windowStart &&
				(!endDate || localDate(e) <= endDate) &&
				(!type || e.kind === type) &&
				(!status || e.status.toLowerCase() === status),
		);
		return { status: 200, body: this.jsonList(page(request, matching), 'auditLog', wantScan) };
	}

	/**
	 * An entry's JSON text in each view, kept until the entry next changes (a 10,000-entry page
	 * would otherwise spend seconds building objects). Changes go through the store, which stamps a new tick.
	 */
	private json(elevation: Elevation, view: 'auditLog' | 'request', wantScan: boolean): string {
		const key = `${view} ${wantScan}`;
		let views = this.jsonCache.get(elevation);
		if (!views) this.jsonCache.set(elevation, (views = new Map()));
		const cached = views.get(key);
		if (cached?.tick === elevation.changeTick) return cached.text;
		const entry = view === 'request' ? toRequest(elevation, this.offsetMs, wantScan) : toAuditLogEntry(elevation, this.offsetMs, wantScan);
		const text = JSON.stringify(entry);
		views.set(key, { tick: elevation.changeTick, text });
		return text;
	}

	private jsonList(elevations: Elevation[], view: 'auditLog' | 'request', wantScan: boolean): string {
		return `[${elevations.map((e) => this.json(e, view, wantScan)).join(',')}]`;
	}

	/**
	 * `/auditlog/delta`: without deltaTime only the current timeNow; with it, every entry created
	 * or changed since, and timeNow, the tick of the last change. timeNow is written into the JSON
	 * text as the exact integer (above 2^53, so JSON.parse rounds it).
	 */
	private answerDelta(request: SimRequest): SimResponse {
		const timeNow = this.elevations.timeNow.toString();
		const deltaTime = param(request, 'deltaTime') ?? param(request, 'deltatime');
		if (deltaTime === undefined) return { status: 200, body: `{"timeNow":${timeNow}}` };
		if (!/^\d{1,20}$/.test(deltaTime)) {
			return { status: 400, body: { Message: `The value '${deltaTime}' is not valid for deltaTime.` } };
		}
		const wantScan = param(request, 'wantscandetails') === '1';
		const changed = this.elevations.changedSince(BigInt(deltaTime), this.deltaBoundary === 'inclusive');
		return { status: 200, body: `{"entries":${this.jsonList(changed, 'auditLog', wantScan)},"timeNow":${timeNow}}` };
	}

	/** GET one entry or request; PUT approves and DELETE denies a request. */
	private answerOne(request: SimRequest, isRequest: boolean, id: number): SimResponse {
		const elevation = this.elevations.elevations.find((e) => e.id === id && (!isRequest || e.approvalRequired));
		if (!elevation) return { status: 404, body: { Message: isRequest ? 'Request not found' : 'Audit log entry not found' } };
		const wantScan = param(request, 'wantscandetails') === '1';
		if (request.method === 'GET') {
			return {
				status: 200,
				body: this.json(elevation, isRequest ? 'request' : 'auditLog', wantScan),
			};
		}
		if (!isRequest || (request.method !== 'PUT' && request.method !== 'DELETE')) return methodNotAllowed();

		const approving = request.method === 'PUT';
		const email = param(request, approving ? 'approvedby' : 'deniedby');
		if (email !== undefined && this.portalUsers && !this.portalUsers.includes(email.toLowerCase())) {
			return { status: 400, body: { Message: `${email} is not a user of this portal.` } };
		}
		const by = email === undefined ? undefined : { name: email.split('@')[0], email };
		const status = requestStatus(elevation);
		if (status === 'Pending') {
			if (approving) this.elevations.approve(elevation, by);
			else this.elevations.deny(elevation, param(request, 'reason'), by);
			return { status: 204, body: '' };
		}
		// Documented: approving a request already approved or started does nothing.
		if (approving && status === 'Approved') return { status: 204, body: '' };
		const answer = this.notPendingAnswer;
		return answer ? { status: answer.status, body: answer.body ?? {} } : { status: 204, body: '' };
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

/** A filter from the query or, as the API also accepts, a header of the same name. */
function param(request: SimRequest, name: string): string | undefined {
	const fromQuery = request.query.get(name);
	if (fromQuery !== null) return fromQuery;
	const fromHeader = request.headers[name.toLowerCase()];
	return typeof fromHeader === 'string' ? fromHeader : undefined;
}

function validateList(request: SimRequest, names: string[], maxTake: number): string | undefined {
	for (const name of ['startid', 'take', 'last', 'days', 'wantscandetails']) {
		const value = names.includes(name) ? param(request, name) : undefined;
		if (value !== undefined && !/^\d+$/.test(value)) return `The value '${value}' is not valid for ${name}.`;
	}
	for (const name of ['take', 'last']) {
		const value = param(request, name);
		if (value !== undefined && (Number(value) < 1 || Number(value) > maxTake)) {
			return `${name} must be between 1 and ${maxTake}.`;
		}
	}
	for (const name of ['startdate', 'enddate']) {
		const value = names.includes(name) ? param(request, name) : undefined;
		if (value !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(value)) return `The value '${value}' is not valid for ${name}.`;
	}
	const status = param(request, 'status');
	if (status !== undefined && !/^(pending|approved|denied|quarantined)$/i.test(status)) {
		return `The value '${status}' is not valid for status.`;
	}
	return undefined;
}

/** Ascending ids from `startid`, `take` of them (50 by default), or the newest `last`, newest first. */
function page(request: SimRequest, matching: Elevation[]): Elevation[] {
	const last = param(request, 'last');
	if (last !== undefined) return matching.slice(-Number(last)).reverse();
	const startId = Number(param(request, 'startid') ?? 0);
	const take = Number(param(request, 'take') ?? 50);
	return matching.filter((e) => e.id >= startId).slice(0, take);
}

function methodNotAllowed(): SimResponse {
	return { status: 405, body: { Message: 'The requested resource does not support this http method.' } };
}
