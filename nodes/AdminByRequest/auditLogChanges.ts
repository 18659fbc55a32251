import type { IDataObject } from 'n8n-workflow';

import {
	MAX_REMEMBERED_STATUSES,
	TICKS_AT_UNIX_EPOCH,
	TICKS_PER_MS,
} from './apiAssumptions';
import type { AbrEntry } from './transport';

/**
 * What the Audit Log Change trigger keeps in static data, under `auditLog` (apart from the other
 * Trigger On choices' checkpoints, so each choice goes on from its own):
 * - `deltaTime`: the feed's last `timeNow`, as the exact decimal string the API wrote (it is above
 *   2^53, where a JavaScript number would round it);
 * - `baselineId`: the highest entry id seen; an entry above it, seen for the first time, is new;
 * - `statuses`: the identities already delivered: the last status seen per entry id, for the
 *   MAX_REMEMBERED_STATUSES entries seen most recently. The feed repeats the entries changed at
 *   `deltaTime` (its boundary is inclusive, or may be): such a repeat has the status last seen and
 *   is skipped. The same map gives each change its `previousStatus`.
 */
export interface AuditCheckpoint {
	deltaTime: string;
	baselineId: number;
	statuses: Array<[number, string]>;
}

export interface AuditChange extends IDataObject {
	id: number;
	changeType: 'new' | 'changed';
	previousStatus: string | null;
}

const KEY = 'auditLog';
const TICK_TEXT = /^\d{1,20}$/;

export function readAuditCheckpoint(data: IDataObject | undefined): AuditCheckpoint | undefined {
	const raw = data?.[KEY] as IDataObject | undefined;
	if (!raw || typeof raw !== 'object') return undefined;
	const { deltaTime, baselineId, statuses } = raw;
	if (typeof deltaTime !== 'string' || !TICK_TEXT.test(deltaTime)) return undefined;
	if (typeof baselineId !== 'number' || !Number.isSafeInteger(baselineId) || baselineId < 0) return undefined;
	if (
		!Array.isArray(statuses) ||
		!statuses.every(
			(pair) => Array.isArray(pair) && pair.length === 2 && Number.isSafeInteger(pair[0]) && typeof pair[1] === 'string',
		)
	) {
		return undefined;
	}
	return {
		deltaTime,
		baselineId,
		statuses: (statuses as Array<[number, string]>).map(([id, status]) => [id, status]),
	};
}

/** Stored under its own key; nothing is written when nothing changed. */
export function auditCheckpointData(checkpoint: AuditCheckpoint): IDataObject {
	return { [KEY]: JSON.parse(JSON.stringify(checkpoint)) as IDataObject };
}

export function writeAuditCheckpoint(data: IDataObject, checkpoint: AuditCheckpoint): void {
	if (JSON.stringify(data[KEY]) === JSON.stringify(checkpoint)) return;
	data[KEY] = auditCheckpointData(checkpoint)[KEY];
}

/** The .NET tick of a moment, as the delta feed counts time (see apiAssumptions). */
export function ticksOf(epochMs: number): string {
	return (TICKS_AT_UNIX_EPOCH + BigInt(Math.floor(epochMs)) * TICKS_PER_MS).toString();
}

/**
 * The exact `timeNow` of a delta feed answer, from its raw text: JSON.parse has already rounded the
 * number in `body`, so the digits are taken from the text, where a `"timeNow":` key (not one escaped
 * inside a string) is followed by a number that parses to the same double as the parsed value (so
 * a nested key of the same name with another value cannot be taken). Undefined when there is no
 * such single value. A `timeNow` sent as a string of digits is taken as it is.
 */
export function exactTimeNow(body: unknown, text: string): string | undefined {
	if (!body || typeof body !== 'object' || Array.isArray(body)) return undefined;
	const parsed = (body as IDataObject).timeNow;
	if (typeof parsed === 'string') return TICK_TEXT.test(parsed.trim()) ? BigInt(parsed.trim()).toString() : undefined;
	if (typeof parsed !== 'number' || !Number.isInteger(parsed) || parsed < 0) return undefined;
	const candidates = new Set<string>();
	for (const match of text.matchAll(/(?<!\\)"timeNow"\s*:\s*(\d{1,20})(?![\d.eE])/g)) {
		if (Number(match[1]) === parsed) candidates.add(BigInt(match[1]).toString());
	}
	return candidates.size === 1 ? [...candidates][0] : undefined;
}

/** The later of two ticks, compared exactly. */
export function laterTick(a: string, b: string): string {
	return BigInt(a) >= BigInt(b) ? a : b;
}

function entryStatus(entry: AbrEntry): string {
	const status = entry.status ?? entry.statusCode;
	return status === undefined || status === null ? '' : String(status);
}

/**
 * Takes one delta feed answer: returns the entries to emit (each identity, entry id and status,
 * once, in the feed's order) and the checkpoint after it. An entry whose status is the one last
 * seen is a repeat (the feed's boundary, or an answer given again) and is skipped.
 */
export function applyDeltaAnswer(
	checkpoint: AuditCheckpoint,
	entries: readonly AbrEntry[],
	timeNow: string,
): { emit: AuditChange[]; checkpoint: AuditCheckpoint } {
	const statuses = new Map(checkpoint.statuses);
	const emit: AuditChange[] = [];
	let baselineId = checkpoint.baselineId;
	for (const entry of entries) {
		if (entry.id > baselineId) baselineId = entry.id;
		const status = entryStatus(entry);
		const previous = statuses.get(entry.id);
		statuses.delete(entry.id);
		statuses.set(entry.id, status);
		if (previous === status) continue;
		emit.push({
			...entry,
			changeType: previous === undefined && entry.id > checkpoint.baselineId ? 'new' : 'changed',
			previousStatus: previous ?? null,
		});
	}
	return {
		emit,
		checkpoint: {
			deltaTime: laterTick(checkpoint.deltaTime, timeNow),
			baselineId,
			statuses: [...statuses].slice(-MAX_REMEMBERED_STATUSES),
		},
	};
}
