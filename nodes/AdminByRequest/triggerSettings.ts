import type { IDataObject } from 'n8n-workflow';

import { InvalidParameterError } from '../shared/InvalidParameterError';
import { toInteger } from '../shared/validate';
import type { EventFilter } from './pollCheckpoint';

export type StartFrom = 'now' | 'lookback' | 'startId';

/** The "Trigger On" choices; a workflow saved before the parameter existed reads `event`. */
export type TriggerOn = 'event' | 'auditLogChange' | 'pendingRequest';
export const TRIGGER_ON: readonly TriggerOn[] = ['event', 'auditLogChange', 'pendingRequest'];

export interface TriggerSettings {
	triggerOn: TriggerOn;
	filter: EventFilter;
	/** Sent as the API's `code` filter when exactly one code is wanted. */
	serverCode?: number;
	startFrom: StartFrom;
	lookbackDays?: number;
	startId?: number;
	maxEventsPerPoll: number;
	timeoutMs: number;
}

const START_FROM: readonly StartFrom[] = ['now', 'lookback', 'startId'];

/** Validates the trigger's parameters before any request. */
export function readTriggerSettings(
	filters: IDataObject,
	options: IDataObject,
	triggerOnValue: unknown = 'event',
): TriggerSettings {
	const triggerOn = (triggerOnValue ?? 'event') as TriggerOn;
	if (!TRIGGER_ON.includes(triggerOn)) {
		throw new InvalidParameterError('Trigger On', `must be one of ${TRIGGER_ON.join(', ')}; got "${String(triggerOnValue)}"`);
	}
	const rawCodes = filters.codes ?? [];
	const codeList = Array.isArray(rawCodes) ? rawCodes : String(rawCodes).split(',');
	const codes = new Set(
		codeList
			.filter((code) => String(code).trim() !== '')
			.map((code) => toInteger(code, 'Event Code Names or IDs', 0, Number.MAX_SAFE_INTEGER)),
	);
	const minLevel = toInteger(filters.minLevel ?? 0, 'Minimum Level', 0, 2);

	const startFrom = (options.startFrom ?? 'now') as StartFrom;
	if (!START_FROM.includes(startFrom)) {
		throw new InvalidParameterError('Start From', `must be one of ${START_FROM.join(', ')}; got "${String(startFrom)}"`);
	}
	if (options.lookbackDays !== undefined && startFrom !== 'lookback') {
		throw new InvalidParameterError('Lookback Days', 'is used only with Start From "Lookback": set that, or remove Lookback Days');
	}
	if (options.startId !== undefined && startFrom !== 'startId') {
		throw new InvalidParameterError('Start ID', 'is used only with Start From "Start ID": set that, or remove Start ID');
	}
	if (startFrom === 'startId' && triggerOn === 'auditLogChange') {
		throw new InvalidParameterError(
			'Start From',
			'"Start ID" is not available with Trigger On "Audit Log Change", whose feed is ordered by time: use Now or Lookback',
		);
	}
	const lookbackDays =
		startFrom === 'lookback' ? toInteger(options.lookbackDays ?? 7, 'Lookback Days', 1, 3650) : undefined;
	const startId =
		startFrom === 'startId'
			? toInteger(options.startId ?? 1, 'Start ID', 1, Number.MAX_SAFE_INTEGER)
			: undefined;

	return {
		triggerOn,
		filter: { codes, minLevel },
		serverCode: codes.size === 1 ? [...codes][0] : undefined,
		startFrom,
		lookbackDays,
		startId,
		maxEventsPerPoll: toInteger(options.maxEventsPerPoll ?? 10000, 'Max Events Per Poll', 1, 1_000_000),
		timeoutMs: toInteger(options.timeout ?? 30000, 'Timeout', 1000, 600_000),
	};
}
