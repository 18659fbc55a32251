import { timeoutOption } from '../../shared/timeoutOption';
import type { INodeProperties } from 'n8n-workflow';
import { eventFilterFields } from './filterFields';

export const triggerProperties: INodeProperties[] = [
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: eventFilterFields(false),
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Lookback Hours',
				name: 'lookbackHours',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 720 },
				default: 24,
				description: 'With Start From set to Lookback: how many hours of past events the first poll emits',
			},
			{
				displayName: 'Max Pages per Poll',
				name: 'maxPagesPerPoll',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 100 },
				default: 2,
				description:
					'Most requests one poll may make. Keep it low with a public key (4 requests per minute, 500 per day); a backlog is then emitted over several polls.',
			},
			{
				displayName: 'Start From',
				name: 'startFrom',
				type: 'options',
				options: [
					{ name: 'Now', value: 'now', description: 'Only events from activation on' },
					{ name: 'Lookback', value: 'lookback', description: 'Also the past Lookback Hours' },
				],
				default: 'now',
				description: 'Where the trigger starts on first activation',
			},
			timeoutOption,
		],
	},
];
