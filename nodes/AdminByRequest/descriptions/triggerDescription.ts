import type { INodeProperties } from 'n8n-workflow';

import { EVENT_CODE_OPTIONS } from '../eventCodes';
import { timeoutOption } from '../../shared/timeoutOption';

export const triggerProperties: INodeProperties[] = [
	{
		displayName: 'Trigger On',
		name: 'triggerOn',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'New Event',
				value: 'event',
				description: 'Once for every new event (the Events API)',
			},
			{
				name: 'Audit Log Change',
				value: 'auditLogChange',
				description:
					'Once for every new audit log entry and every later change of one (approved, denied, started, finished, quarantined)',
			},
			{
				name: 'New Pending Request',
				value: 'pendingRequest',
				description: 'Once for every new request that waits for approval',
			},
		],
		default: 'event',
	},
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: { show: { triggerOn: ['event'] } },
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
				description:
					'With Start From "Lookback": how many days back the first poll starts (events, audit log changes or pending requests of those days)',
			},
			{
				displayName: 'Max Events Per Poll',
				name: 'maxEventsPerPoll',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 10000,
				description:
					'At most this many events or requests are read in one poll; a larger backlog continues on the next polls. Audit Log Change reads the whole delta feed answer at once.',
			},
			{
				displayName: 'Start From',
				name: 'startFrom',
				type: 'options',
				options: [
					{
						name: 'Now',
						value: 'now',
						description: 'Emit only what happens after the workflow is activated',
					},
					{
						name: 'Lookback',
						value: 'lookback',
						description: 'First emit what happened in the last "Lookback Days" days',
					},
					{
						name: 'Start ID',
						value: 'startId',
						description: 'First emit every event or pending request from "Start ID" on (not for Audit Log Change)',
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
				description: 'With Start From "Start ID": the ID of the first event or request to emit',
			},
			timeoutOption,
		],
	},
];
