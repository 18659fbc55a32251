import type { IDataObject } from 'n8n-workflow';
import { InvalidParameterError } from '../shared/InvalidParameterError';
import { readTimeout, readWholeNumber } from '../shared/validate';
import { filterFromParameters } from './eventFilter';

export interface TriggerSettings {
	userFilter: string;
	maxPages: number;
	timeoutMs: number;
	startFrom: 'now' | 'lookback';
	lookbackHours: number;
}

export function readTriggerSettings(filters: IDataObject, options: IDataObject): TriggerSettings {
	const startFrom = String(options.startFrom ?? 'now');
	if (startFrom !== 'now' && startFrom !== 'lookback') {
		throw new InvalidParameterError('Options > Start From', `"${startFrom}" is not one of now, lookback`);
	}
	return {
		userFilter: filterFromParameters(filters, true),
		maxPages: readWholeNumber(options.maxPagesPerPoll, 2, 'Options > Max Pages per Poll', 1, 100),
		timeoutMs: readTimeout(options.timeout),
		startFrom,
		lookbackHours: readWholeNumber(options.lookbackHours, 24, 'Options > Lookback Hours', 1, 720),
	};
}
