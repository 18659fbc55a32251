import type { INodeProperties } from 'n8n-workflow';

import { EVENT_CODE_OPTIONS } from '../eventCodes';
import { timeoutOption } from '../../shared/timeoutOption';

export const triggerProperties: INodeProperties[] = [
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{
				displayName: 'Event Code Names or IDs',
				name: 'codes',
				type: 'multiOptions',
				options: EVENT_CODE_OPTIONS,
				default: [],
				description:
					'Only events of these types (all types when empty). Choose from the list, or specify code numbers using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
			{
				displayName: 'Minimum Level',
				name: 'minLevel',
				type: 'options',
				options: [
					{ name: 'Informational (All Events)', value: 0 },
					{ name: 'Warning', value: 1 },
					{ name: 'Alert', value: 2 },
				],
				default: 0,
				description: 'Only events at this severity level or above',
			},
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Lookback Days',
				name: 'lookbackDays',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 7,
				description: 'With Start From "Lookback": how many days of past events the first poll emits',
			},
			{
				displayName: 'Max Events Per Poll',
				name: 'maxEventsPerPoll',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 10000,
				description:
					'At most this many events are read in one poll; a larger backlog continues on the next polls',
			},
			{
				displayName: 'Start From',
				name: 'startFrom',
				type: 'options',
				options: [
					{
						name: 'Now',
						value: 'now',
						description: 'Emit only events that happen after the workflow is activated',
					},
					{
						name: 'Lookback',
						value: 'lookback',
						description: 'First emit the events of the last "Lookback Days" days',
					},
					{
						name: 'Start ID',
						value: 'startId',
						description: 'First emit every event from "Start ID" on',
					},
				],
				default: 'now',
				description:
					'Where the first poll after activation starts. Later polls always continue where the previous one stopped.',
			},
			{
				displayName: 'Start ID',
				name: 'startId',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 1,
				description: 'With Start From "Start ID": the ID of the first event to emit',
			},
			timeoutOption,
		],
	},
];
