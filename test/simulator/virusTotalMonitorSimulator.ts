/**
 * VirusTotal Monitor events API simulator, following the vendor's page
 * (../../../shared/reference/seed-vt-monitor-events.txt): `x-apikey`, the full `filter` grammar
 * (decoded as a real server would: a `+` that arrives unencoded is a space, not an operator),
 * cursor + job_id paging over a snapshot, VT error bodies, a per-minute quota, and `links.next`
 * pointing wherever the test wants, to prove clients build the next request from `meta`.
 */
import { randomBytes } from 'node:crypto';
import { HttpSimulator, type SimRequest, type SimResponse } from './httpSimulator';
import { pick, seededRandom } from './random';

export interface VtEvent {
	action: string;
	creator_id: string;
	details: Array<{ v: string }>;
	level: string;
	monitor_key: string;
	owner_id: string;
	plaintext_description?: string;
	source: string;
	subject: string;
	timestamp: string;
}

export interface VtSimulatorOptions {
	apiKey?: string;
	/** A valid key whose group lacks the VT Monitor privilege: answered 403. */
	keyWithoutMonitor?: string;
	pageSize?: number;
	/** Listing order; `none` shuffles every listing anew (the service documents no order). */
	order?: VtOrder;
	/** Requests per minute before 429 QuotaExceededError; unlimited when undefined. */
	quotaPerMinute?: number;
	/** Origin used in `links.next`; the real one would be https://www.virustotal.com. */
	linksNextOrigin?: string;
	seed?: number;
	/**
	 * Benchmarks: take one snapshot per filter and serve each of its pages as JSON serialized once,
	 * with stable cursors, until an event is added. Off by default: every listing is then a fresh
	 * job with fresh cursors, as on the real service.
	 */
	prepareAnswers?: boolean;
}

const PREFIX = '/api/v3';
const KEYS = ['action', 'creator_id', 'level', 'monitor_key', 'owner_id', 'source', 'timestamp'] as const;
const ACTIONS = ['CLEAN', 'COMMENT', 'DELETE', 'DETECTED', 'UPLOAD', 'RESOLVED'];
const SOURCES = ['ANALYSIS', 'FILE', 'QUOTA'];
const ENGINES = ['ENGINE_ONE', 'ENGINE_TWO', 'Kaspersky', 'ESET-NOD32'];
const USERS = ['wcoyote', 'rrunner', 'bbunny'];
const MONITOR_KEYS = ['abcdcdcedef928492384==', 'ffee00112233445566==', 'k3y+with/slash=='];

export type VtOrder = 'asc' | 'desc' | 'none';

function shuffle<T>(items: T[], random: () => number): void {
	for (let i = items.length - 1; i > 0; i--) {
		const j = Math.floor(random() * (i + 1));
		[items[i], items[j]] = [items[j], items[i]];
	}
}

interface Job {
	id: string;
	events: VtEvent[];
}

export class VirusTotalMonitorSimulator {
	readonly http: HttpSimulator;
	readonly events: VtEvent[] = [];
	apiKey: string;
	keyWithoutMonitor: string;
	pageSize: number;
	order: VtOrder;
	quotaPerMinute?: number;
	linksNextOrigin: string;
	private readonly random: () => number;
	private readonly jobs = new Map<string, Job>();
	private readonly cursors = new Map<string, { jobId: string; offset: number }>();
	private quotaWindow = { minute: -1, used: 0 };
	private readonly prepareAnswers: boolean;
	private readonly preparedJobs = new Map<string, Job>();
	private readonly preparedPages = new Map<string, SimResponse>();
	/** Every filter the server parsed, in order: what the client's `filter` meant to a real server. */
	readonly parsedFilters: Array<Array<{ key: string; value: string; op: '+' | '-' | '=' }>> = [];

	constructor(options: VtSimulatorOptions = {}) {
		this.apiKey = options.apiKey ?? 'vt-test-key-0123456789abcdef';
		this.keyWithoutMonitor = options.keyWithoutMonitor ?? 'vt-key-without-monitor-privilege';
		this.pageSize = options.pageSize ?? 10;
		this.order = options.order ?? 'desc';
		this.quotaPerMinute = options.quotaPerMinute;
		this.linksNextOrigin = options.linksNextOrigin ?? 'https://www.virustotal.com';
		this.random = seededRandom(options.seed ?? 7);
		this.prepareAnswers = options.prepareAnswers ?? false;
		this.http = new HttpSimulator((request) => this.handle(request));
	}

	get requests() {
		return this.http.requests;
	}

	/** The credential's base URL for this simulator. */
	get baseUrl(): string {
		return `${this.http.baseUrl}${PREFIX}`;
	}

	async start(port = 0): Promise<string> {
		await this.http.start(port);
		return this.baseUrl;
	}

	async stop(): Promise<void> {
		await this.http.stop();
	}

	/** Forgets every listing: continuing any cursor answers 400, as an expired one would. */
	expireCursors(): void {
		this.jobs.clear();
		this.cursors.clear();
		this.preparedJobs.clear();
		this.preparedPages.clear();
	}

	resetQuota(): void {
		this.quotaWindow = { minute: -1, used: 0 };
	}

	/** Creates an event, by default a random realistic one happening now (`at` in epoch ms). */
	addEvent(overrides: Partial<VtEvent> & { at?: number } = {}): VtEvent {
		const { at, ...fields } = overrides;
		const action = fields.action ?? pick(this.random, ACTIONS);
		const subject = randomHex(this.random);
		const detected = action === 'DETECTED';
		const engine = pick(this.random, ENGINES);
		const event: VtEvent = {
			action,
			creator_id: pick(this.random, USERS),
			details: detected
				? [{ v: `engine:current:malicious:${engine}` }, { v: `${engine}:last:signature:Trojan.Win32:Agent` }]
				: [{ v: 'engine:current:clean' }, { v: `${engine}:current:update:20191016` }],
			level: String(Math.floor(this.random() * 5)),
			monitor_key: pick(this.random, MONITOR_KEYS),
			owner_id: 'monitor_group_here',
			plaintext_description: detected ? `${engine} ${subject} setup.exe` : '',
			source: pick(this.random, SOURCES),
			subject,
			timestamp: vtTimestamp(at ?? Date.now()),
			...fields,
		};
		this.events.push(event);
		this.preparedJobs.clear();
		this.preparedPages.clear();
		return event;
	}

	/** `count` different events sharing one second. */
	addBurst(count: number, at: number, overrides: Partial<VtEvent> = {}): VtEvent[] {
		return Array.from({ length: count }, () => this.addEvent({ ...overrides, at }));
	}

	private handle(request: SimRequest): SimResponse {
		if (request.path !== `${PREFIX}/monitor/events`) {
			return vtError(404, 'NotFoundError', `Resource not found: ${request.path}`);
		}
		const key = request.headers['x-apikey'];
		if (key === this.keyWithoutMonitor) {
			return vtError(403, 'ForbiddenError', 'You are not authorized to perform the requested operation');
		}
		if (key !== this.apiKey) return vtError(401, 'WrongCredentialsError', 'Wrong API key');

		if (this.quotaPerMinute !== undefined) {
			const minute = Math.floor(Date.now() / 60_000);
			if (this.quotaWindow.minute !== minute) this.quotaWindow = { minute, used: 0 };
			if (this.quotaWindow.used >= this.quotaPerMinute) {
				return vtError(429, 'QuotaExceededError', 'Quota exceeded: requests per minute');
			}
			this.quotaWindow.used++;
		}

		const cursor = request.query.get('cursor');
		let job: Job;
		let offset = 0;
		if (cursor !== null) {
			const position = this.cursors.get(cursor);
			const jobId = request.query.get('job_id');
			if (!position || (jobId !== null && jobId !== position.jobId) || !this.jobs.has(position.jobId)) {
				return vtError(400, 'InvalidArgumentError', 'Invalid cursor');
			}
			job = this.jobs.get(position.jobId)!;
			offset = position.offset;
		} else if (this.prepareAnswers && this.preparedJobs.has(request.query.get('filter') ?? '')) {
			job = this.preparedJobs.get(request.query.get('filter') ?? '')!;
		} else {
			const parsed = parseFilter(request.query.get('filter') ?? '');
			if (typeof parsed === 'string') return vtError(400, 'InvalidArgumentError', parsed);
			this.parsedFilters.push(parsed);
			const matching = this.events
				.map((event, seq) => ({ event, seq }))
				.filter(({ event }) => parsed.every((term) => matches(event, term)))
				.sort((a, b) => (a.event.timestamp < b.event.timestamp ? -1 : a.event.timestamp > b.event.timestamp ? 1 : a.seq - b.seq))
				.map(({ event }) => event);
			if (this.order === 'desc') matching.reverse();
			if (this.order === 'none') shuffle(matching, this.random);
			job = { id: `job-${randomBytes(4).toString('hex')}`, events: matching };
			this.jobs.set(job.id, job);
			if (this.prepareAnswers) this.preparedJobs.set(request.query.get('filter') ?? '', job);
		}

		const prepared = this.prepareAnswers ? this.preparedPages.get(`${job.id} ${offset}`) : undefined;
		if (prepared) return prepared;

		const data = job.events.slice(offset, offset + this.pageSize);
		const body: Record<string, unknown> = {
			data,
			links: { self: `${this.linksNextOrigin}${PREFIX}/monitor/events` },
		};
		if (offset + this.pageSize < job.events.length) {
			const next = `${randomBytes(6).toString('base64')}==`;
			this.cursors.set(next, { jobId: job.id, offset: offset + this.pageSize });
			(body.links as Record<string, string>).next =
				`${this.linksNextOrigin}${PREFIX}/monitor/events?cursor=${encodeURIComponent(next)}&job_id=${job.id}`;
			body.meta = { cursor: next, job_id: job.id };
		}
		if (this.prepareAnswers) {
			const answer = { status: 200, body: Buffer.from(JSON.stringify(body)) };
			this.preparedPages.set(`${job.id} ${offset}`, answer);
			return answer;
		}
		return { status: 200, body };
	}
}

type Term = { key: string; value: string; op: '+' | '-' | '=' };

/** The filter grammar, strictly: terms split on blanks, `key:value[op]`, op only for level/timestamp. */
function parseFilter(filter: string): Term[] | string {
	const terms: Term[] = [];
	for (const text of filter.split(/\s+/).filter(Boolean)) {
		const match = /^([a-z_]+):(.+)$/.exec(text);
		if (!match) return `Invalid filter term: ${text}`;
		const [, key, rawValue] = match;
		if (!(KEYS as readonly string[]).includes(key)) return `Unknown filter key: ${key}`;
		let value = rawValue;
		let op: Term['op'] = '=';
		if ((key === 'level' || key === 'timestamp') && /[+\-=]$/.test(value)) {
			op = value.slice(-1) as Term['op'];
			value = value.slice(0, -1);
		}
		if (key === 'level' && !/^[0-4]$/.test(value)) return `Invalid level: ${value}`;
		if (key === 'timestamp' && !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/.test(value)) {
			return `Invalid timestamp: ${value}`;
		}
		terms.push({ key, value, op });
	}
	return terms;
}

function matches(event: VtEvent, term: Term): boolean {
	const actual = String(event[term.key as keyof VtEvent]);
	if (term.key === 'level') {
		const a = Number(actual);
		const v = Number(term.value);
		return term.op === '+' ? a >= v : term.op === '-' ? a <= v : a === v;
	}
	if (term.key === 'timestamp') {
		// Same fixed-width format: string order is time order.
		return term.op === '+' ? actual >= term.value : term.op === '-' ? actual <= term.value : actual === term.value;
	}
	return actual === term.value;
}

function vtError(status: number, code: string, message: string): SimResponse {
	return { status, body: { error: { code, message } } };
}

export function vtTimestamp(ms: number): string {
	return new Date(ms).toISOString().slice(0, 19);
}

function randomHex(random: () => number): string {
	let hex = '';
	while (hex.length < 64) hex += Math.floor(random() * 16).toString(16);
	return hex;
}
