import type { IDataObject } from 'n8n-workflow';
import { DETAIL_SCOPES } from './apiAssumptions';

export type ParsedDetail =
	| { scope: (typeof DETAIL_SCOPES)[number]; kind: string; engine: string; value: string | null }
	| { raw: string };

/** Reads one `details[].v` string: `<engine>:<current|last>:<kind>[:<value>]`; anything else is kept raw. */
export function parseDetail(detail: unknown): ParsedDetail {
	const v = (detail as { v?: unknown } | null)?.v;
	if (typeof v !== 'string') return { raw: typeof detail === 'string' ? detail : JSON.stringify(detail) };
	// Found by position rather than split: every event has details, and a split array per detail
	// was most of what the node adds per event.
	const first = v.indexOf(':');
	const second = first === -1 ? -1 : v.indexOf(':', first + 1);
	if (second === -1) return { raw: v };
	const third = v.indexOf(':', second + 1);
	const engine = v.slice(0, first);
	const scope = v.slice(first + 1, second);
	const kind = third === -1 ? v.slice(second + 1) : v.slice(second + 1, third);
	if (!engine || !(DETAIL_SCOPES as readonly string[]).includes(scope) || !KIND.test(kind)) {
		return { raw: v };
	}
	// A signature may itself contain ':'; everything after the kind is the value.
	const value = third === -1 ? null : v.slice(third + 1);
	return { scope: scope as 'current' | 'last', kind, engine, value };
}

const KIND = /^[a-z_]+$/i;

export function parseDetails(details: unknown): ParsedDetail[] {
	return Array.isArray(details) ? details.map(parseDetail) : [];
}

/** The level as a number (the API sends "1"), or null if it is not one. */
export function levelNumber(level: unknown): number | null {
	if (typeof level === 'number') return Number.isFinite(level) ? level : null;
	if (typeof level === 'string' && /^\s*-?\d+\s*$/.test(level)) return Number(level);
	return null;
}

/**
 * One output item: the event's own fields unchanged, plus derived, clearly named keys. The event is
 * completed in place and returned: callers hand over an object they have just parsed and own, and
 * copying every event into a new object was the costliest step of a Get Many after the transport.
 */
export function toOutputEvent(event: IDataObject): IDataObject {
	event.detailsParsed = parseDetails(event.details) as unknown as IDataObject[];
	event.levelNumber = levelNumber(event.level);
	return event;
}
