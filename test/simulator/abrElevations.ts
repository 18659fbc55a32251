/**
 * The elevations behind the Admin By Request audit log and request queue
 * (../../../shared/reference/abr-auditlog-requests-api.md): each elevation is one audit log entry,
 * and, when it needed approval, one request of the same id. Entries change after they are created
 * (a request is approved or denied, the application runs, the session ends), on a schedule that
 * plays out as the simulator's clock passes it, or through the API's approve and deny. Every change
 * is stamped with a .NET tick (100 ns since year 1, about 6.4 × 10^17, far above 2^53) for the
 * delta feed; ticks are odd, so no double can hold one exactly and JSON.parse always rounds them.
 *
 * Field names and shapes follow the reference; the status codes are made up except Finished = 2
 * and Denied = 3, which the reference shows. Audit log entries carry `computer` like requests do
 * (the reference lists no computer field for them, but the API filters them by computer).
 */
import { pick } from './random';

export type ElevationStatus = 'Pending' | 'Approved' | 'Denied' | 'Quarantined' | 'Started' | 'Finished';
export type ElevationKind = 'app' | 'session';

const STATUS_CODES: Record<ElevationStatus, number> = {
	Pending: 0,
	Approved: 1,
	Finished: 2,
	Denied: 3,
	Quarantined: 4,
	Started: 5,
};

/** Ticks of 1970-01-01T00:00:00Z in .NET's calendar. */
const UNIX_EPOCH_TICKS = 621_355_968_000_000_000n;

export function ticksAt(ms: number): bigint {
	return UNIX_EPOCH_TICKS + BigInt(Math.floor(ms)) * 10_000n;
}

export interface ScheduledChange {
	at: number;
	/** A decision applies only while pending, a start only once approved, an end only once started. */
	to: ElevationStatus;
	by?: { name: string; email: string };
	reason?: string;
}

export interface Elevation {
	id: number;
	kind: ElevationKind;
	/** Whether it went through the request queue (and so is a request too). */
	approvalRequired: boolean;
	status: ElevationStatus;
	reason: string;
	requestTime: number;
	decisionTime: number | null;
	startTime: number | null;
	endTime: number | null;
	approvedBy: string | null;
	approvedByEmail: string | null;
	deniedReason: string | null;
	deniedBy: string | null;
	deniedByEmail: string | null;
	user: { account: string; fullName: string; email: string; phone: string | null; isAdmin: boolean };
	computer: { name: string; platform: string; platformCode: number; make: string; model: string };
	application: {
		file: string;
		path: string;
		name: string | null;
		vendor: string | null;
		version: string | null;
		sha256: string;
		scanResult: string;
		scanResultCode: number;
		threat: string | null;
	} | null;
	scanResults: Array<{ scanResult: string; scanResultCode: number; engine: string; threat: string | null }>;
	/** Tick of the last change: creation or a status change. */
	changeTick: bigint;
	schedule: ScheduledChange[];
}

export type ElevationInit = Partial<Omit<Elevation, 'changeTick'>> & { at?: number };

const PEOPLE = [
	{ account: 'CONTOSO\\jdoe', fullName: 'Jane Doe', email: 'jane.doe@contoso.com', phone: '+45 1234 5678', isAdmin: false },
	{ account: 'CONTOSO\\asmith', fullName: 'Alex Smith', email: 'alex.smith@contoso.com', phone: null, isAdmin: false },
	{ account: 'TEST', fullName: 'FastTrack Support', email: 'support@contoso.com', phone: null, isAdmin: true },
];
const MACHINES = [
	{ name: 'FTWIN11', platform: 'Windows', platformCode: 0, make: 'Dell Inc.', model: 'Latitude 7440' },
	{ name: 'LAB-PC-07', platform: 'Windows', platformCode: 0, make: 'HP', model: 'EliteDesk 800 G6' },
	{ name: 'MAC-DESIGN-2', platform: 'Mac', platformCode: 1, make: 'Apple', model: 'MacBook Pro' },
	{ name: 'HR LAPTOP 3', platform: 'Windows', platformCode: 0, make: 'Lenovo', model: 'ThinkPad T14' },
];
const PROGRAMS = [
	{ file: 'putty.exe', path: 'C:\\Tools', name: 'PuTTY', vendor: 'Simon Tatham', version: '0.80', threat: null },
	{ file: 'vlc-3.0.20-win64.exe', path: 'C:\\Users\\jdoe\\Downloads', name: 'VLC media player', vendor: 'VideoLAN', version: '3.0.20', threat: null },
	{ file: 'invoice.pdf.exe', path: 'C:\\Users\\jdoe\\Downloads', name: null, vendor: null, version: null, threat: 'Trojan:Win32/Wacatac.B!ml' },
];
const REASONS = ['Install printer driver', 'Update VPN client', 'Need to install a tool for the customer project', 'Driver update'];
export const PORTAL_ADMIN = { name: 'Portal Admin', email: 'it-admin@contoso.com' };
const MINUTE = 60_000;

export class ElevationStore {
	readonly elevations: Elevation[] = [];
	private nextId: number;
	private lastTick: bigint;

	constructor(
		private readonly random: () => number,
		private readonly now: () => number,
		firstId = 4_716_300,
	) {
		this.nextId = firstId;
		this.lastTick = ticksAt(now()) + 1n;
	}

	/** The delta feed's timeNow: the tick of the last change, not the time now. */
	get timeNow(): bigint {
		return this.lastTick;
	}

	/**
	 * Creates an elevation happening at `at` (now by default): random and realistic unless told,
	 * with a schedule of what becomes of it. Pass `schedule: []` for one that changes only through
	 * the API or setStatus.
	 */
	add(init: ElevationInit = {}): Elevation {
		const { at, ...fields } = init;
		const time = at ?? this.now();
		const kind: ElevationKind = fields.kind ?? (this.random() < 0.7 ? 'app' : 'session');
		const program = kind === 'app' ? pick(this.random, PROGRAMS) : undefined;
		const malware = program?.threat !== null && program !== undefined;
		const approvalRequired = fields.approvalRequired ?? this.random() < 0.6;
		const status: ElevationStatus =
			fields.status ?? (malware ? 'Quarantined' : approvalRequired ? 'Pending' : 'Started');
		this.nextId += 1 + Math.floor(this.random() * 3);
		const elevation: Elevation = {
			id: this.nextId,
			kind,
			approvalRequired,
			status,
			reason: pick(this.random, REASONS),
			requestTime: time,
			decisionTime: null,
			startTime: status === 'Started' ? time : null,
			endTime: null,
			approvedBy: null,
			approvedByEmail: null,
			deniedReason: null,
			deniedBy: null,
			deniedByEmail: null,
			user: { ...pick(this.random, PEOPLE) },
			computer: { ...pick(this.random, MACHINES) },
			application: program
				? {
						file: program.file,
						path: program.path,
						name: program.name,
						vendor: program.vendor,
						version: program.version,
						sha256: hex(this.random, 64),
						scanResult: malware ? 'Malicious' : 'Clean',
						scanResultCode: malware ? 2 : 0,
						threat: program.threat,
					}
				: null,
			scanResults: program
				? ['Microsoft', 'ESET-NOD32', 'Kaspersky'].map((engine, index) => ({
						engine,
						scanResult: malware && index !== 1 ? 'Malicious' : 'Clean',
						scanResultCode: malware && index !== 1 ? 2 : 0,
						threat: malware && index !== 1 ? program.threat : null,
					}))
				: [],
			changeTick: 0n,
			schedule: [],
			...fields,
		};
		if (!init.schedule) elevation.schedule = this.defaultSchedule(elevation, time);
		this.nextId = Math.max(this.nextId, elevation.id);
		this.stamp(elevation, time);
		const last = this.elevations[this.elevations.length - 1];
		this.elevations.push(elevation);
		if (last && last.id > elevation.id) this.elevations.sort((a, b) => a.id - b.id);
		return elevation;
	}

	/** A decision some minutes later (three in four approved), then the run and its end. */
	private defaultSchedule(elevation: Elevation, time: number): ScheduledChange[] {
		const duration = (elevation.kind === 'app' ? 2 : 30) * MINUTE;
		if (elevation.status === 'Pending') {
			const decidedAt = time + (2 + Math.floor(this.random() * 13)) * MINUTE;
			if (this.random() < 0.25) {
				return [{ at: decidedAt, to: 'Denied', by: PORTAL_ADMIN, reason: 'Not needed for your role' }];
			}
			return [
				{ at: decidedAt, to: 'Approved', by: PORTAL_ADMIN },
				{ at: decidedAt + MINUTE, to: 'Started' },
				{ at: decidedAt + MINUTE + duration, to: 'Finished' },
			];
		}
		if (elevation.status === 'Started') return [{ at: time + duration, to: 'Finished' }];
		return [];
	}

	/** Plays out every scheduled change that is due, oldest first. */
	settle(): void {
		const now = this.now();
		const due: Array<{ elevation: Elevation; change: ScheduledChange }> = [];
		for (const elevation of this.elevations) {
			for (const change of elevation.schedule) if (change.at <= now) due.push({ elevation, change });
			elevation.schedule = elevation.schedule.filter((change) => change.at > now);
		}
		due.sort((a, b) => a.change.at - b.change.at || a.elevation.id - b.elevation.id);
		for (const { elevation, change } of due) this.apply(elevation, change);
	}

	private apply(elevation: Elevation, change: ScheduledChange): void {
		const from = elevation.status;
		const allowed =
			((change.to === 'Approved' || change.to === 'Denied') && from === 'Pending') ||
			(change.to === 'Started' && from === 'Approved') ||
			(change.to === 'Finished' && from === 'Started') ||
			change.to === 'Quarantined';
		if (!allowed) return;
		this.setStatus(elevation, change.to, change.at, change);
	}

	/** Changes an elevation's status at `at` (now by default), as the portal or the user would. */
	setStatus(
		elevation: Elevation,
		status: ElevationStatus,
		at = this.now(),
		details: { by?: { name: string; email: string }; reason?: string } = {},
	): void {
		elevation.status = status;
		if (status === 'Approved' || status === 'Denied') elevation.decisionTime = at;
		if (status === 'Approved') {
			elevation.approvedBy = details.by?.name ?? 'API';
			elevation.approvedByEmail = details.by?.email ?? null;
		}
		if (status === 'Denied') {
			elevation.deniedBy = details.by?.name ?? 'API';
			elevation.deniedByEmail = details.by?.email ?? null;
			elevation.deniedReason = details.reason ?? null;
		}
		if (status === 'Started') elevation.startTime = at;
		if (status === 'Finished') elevation.endTime = at;
		this.stamp(elevation, at);
	}

	/** What the API's approve does to a pending request: approved now, run a minute later. */
	approve(elevation: Elevation, by?: { name: string; email: string }): void {
		const now = this.now();
		this.setStatus(elevation, 'Approved', now, { by });
		const duration = (elevation.kind === 'app' ? 2 : 30) * MINUTE;
		elevation.schedule = [
			{ at: now + MINUTE, to: 'Started' },
			{ at: now + MINUTE + duration, to: 'Finished' },
		];
	}

	deny(elevation: Elevation, reason?: string, by?: { name: string; email: string }): void {
		this.setStatus(elevation, 'Denied', this.now(), { by, reason });
		elevation.schedule = [];
	}

	/** Entries created or changed at `deltaTime` or later (inclusive) or strictly after it. */
	changedSince(deltaTime: bigint, inclusive: boolean): Elevation[] {
		return this.elevations
			.filter((e) => (inclusive ? e.changeTick >= deltaTime : e.changeTick > deltaTime))
			.sort((a, b) => (a.changeTick < b.changeTick ? -1 : a.changeTick > b.changeTick ? 1 : 0));
	}

	/** Stamps a change: a tick of its time, after every tick handed out before, and odd. */
	private stamp(elevation: Elevation, at: number): void {
		let tick = ticksAt(at) + 1n;
		if (tick <= this.lastTick) tick = this.lastTick + 1n;
		if (tick % 2n === 0n) tick += 1n;
		this.lastTick = tick;
		elevation.changeTick = tick;
	}
}

/** An audit log entry as the API shows it; `localOffsetMs` gives the tenant's local times. */
export function toAuditLogEntry(e: Elevation, localOffsetMs: number, wantScanDetails: boolean): Record<string, unknown> {
	return {
		...shared(e, e.kind === 'app' ? 'Run As Admin' : 'Admin Session', e.status),
		ssoValidated: false,
		requestTime: localTime(e.requestTime, localOffsetMs),
		requestTimeUTC: localTime(e.requestTime, 0),
		startTime: e.startTime === null ? null : localTime(e.startTime, localOffsetMs),
		startTimeUTC: e.startTime === null ? null : localTime(e.startTime, 0),
		endTime: e.endTime === null ? null : localTime(e.endTime, localOffsetMs),
		endTimeUTC: e.endTime === null ? null : localTime(e.endTime, 0),
		responseTime: e.decisionTime === null ? null : duration(e.decisionTime - e.requestTime),
		application: e.application ? { ...e.application, virustotalLink: virusTotalLink(e.application.sha256) } : null,
		elevatedApplications:
			e.application && (e.status === 'Started' || e.status === 'Finished')
				? [{ ...e.application, virustotalLink: virusTotalLink(e.application.sha256) }]
				: [],
		scanResults: wantScanDetails ? e.scanResults.map((s) => ({ ...s })) : [],
		installs: [],
		uninstalls: [],
	};
}

/** A request as the API shows it: decided, started and finished all read Approved. */
export function toRequest(e: Elevation, localOffsetMs: number, wantScanDetails: boolean): Record<string, unknown> {
	const status = requestStatus(e);
	const application = e.application
		? { ...e.application, virustotalLink: virusTotalLink(e.application.sha256) }
		: { file: null, path: null, name: null, vendor: null, version: null, sha256: null, scanResult: null, scanResultCode: null, threat: null, virustotalLink: null };
	return {
		...shared(e, e.kind === 'app' ? 'Run As Admin' : 'Session', status),
		requestTime: localTime(e.requestTime, localOffsetMs),
		application,
		scanResults: wantScanDetails ? e.scanResults.map((s) => ({ ...s })) : [],
	};
}

/** The fields audit log entries and requests both have. */
function shared(e: Elevation, type: string, status: ElevationStatus): Record<string, unknown> {
	return {
		id: e.id,
		traceNo: String(100_000 + (e.id % 900_000)),
		settingsName: 'Global',
		type,
		typeCode: e.kind === 'app' ? 2 : 1,
		status,
		statusCode: STATUS_CODES[status],
		reason: e.reason,
		approvedBy: e.approvedBy,
		approvedByEmail: e.approvedByEmail,
		deniedReason: e.deniedReason,
		deniedBy: e.deniedBy,
		deniedByEmail: e.deniedByEmail,
		auditlogLink: `https://www.adminbyrequest.com/Auditlog?id=${e.id}`,
		user: { ...e.user },
		computer: { ...e.computer },
	};
}

export function requestStatus(e: Elevation): ElevationStatus {
	return e.status === 'Started' || e.status === 'Finished' ? 'Approved' : e.status;
}

function localTime(ms: number, offsetMs: number): string {
	return new Date(ms + offsetMs).toISOString().replace('Z', '');
}

/** A .NET TimeSpan as the API prints it: "18:02:41.8130000". */
function duration(ms: number): string {
	const total = Math.max(0, ms);
	const hours = Math.floor(total / 3_600_000);
	const minutes = Math.floor((total % 3_600_000) / 60_000);
	const seconds = Math.floor((total % 60_000) / 1000);
	const fraction = String(total % 1000).padStart(3, '0');
	return `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}:${String(seconds).padStart(2, '0')}.${fraction}0000`;
}

function virusTotalLink(sha256: string): string {
	return `https://www.virustotal.com/gui/file/${sha256}`;
}

function hex(random: () => number, length: number): string {
	let text = '';
	while (text.length < length) text += Math.floor(random() * 16).toString(16).toUpperCase();
	return text;
}
