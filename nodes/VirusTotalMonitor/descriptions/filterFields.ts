import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

const actionOptions: INodePropertyOptions[] = [
	{ name: 'Clean', value: 'CLEAN' },
	{ name: 'Comment', value: 'COMMENT' },
	{ name: 'Delete', value: 'DELETE' },
	{ name: 'Detected', value: 'DETECTED' },
	{ name: 'Resolved', value: 'RESOLVED' },
	{ name: 'Upload', value: 'UPLOAD' },
];

const sourceOptions: INodePropertyOptions[] = [
	{ name: 'Analysis', value: 'ANALYSIS' },
	{ name: 'File', value: 'FILE' },
	{ name: 'Quota', value: 'QUOTA' },
];

const timeRangeFields: INodeProperties[] = [
	{
		displayName: 'After',
		name: 'after',
		type: 'dateTime',
		default: '',
		description:
			'Only events at or after this time (whole seconds; a value without time zone is read as UTC)',
	},
	{
		displayName: 'Before',
		name: 'before',
		type: 'dateTime',
		default: '',
		description:
			'Only events at or before this time (whole seconds; a value without time zone is read as UTC)',
	},
];

/** The "Filters" collection: one field per documented filter key, plus raw terms. */
export function eventFilterFields(withTimeRange: boolean): INodeProperties[] {
	const fields: INodeProperties[] = [
		{
			displayName: 'Action',
			name: 'action',
			type: 'options',
			options: actionOptions,
			default: 'DETECTED',
			description: 'Only events of this action',
		},
		{
			displayName: 'Creator ID',
			name: 'creatorId',
			type: 'string',
			default: '',
			description: 'Only events about files uploaded by this user name (a single word)',
		},
		{
			displayName: 'Level',
			name: 'level',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 4, numberPrecision: 0 },
			default: 2,
			description: 'Severity, from 0 (lowest) to 4 (highest); compared with Level Operator',
		},
		{
			displayName: 'Level Operator',
			name: 'levelOperator',
			type: 'options',
			options: [
				{ name: 'At Least', value: 'atLeast', description: 'Level or higher (level:N+)' },
				{ name: 'At Most', value: 'atMost', description: 'Level or lower (level:N-)' },
				{ name: 'Exactly', value: 'exactly', description: 'Only this level (level:N=)' },
			],
			default: 'atLeast',
			description: 'How Level is compared',
		},
		{
			displayName: 'Monitor Key',
			name: 'monitorKey',
			type: 'string',
			default: '',
			description: 'Only events about this monitor item key',
		},
		{
			displayName: 'Owner ID',
			name: 'ownerId',
			type: 'string',
			default: '',
			description: 'Only events of monitor items owned by this group',
		},
		{
			displayName: 'Query',
			name: 'query',
			type: 'string',
			default: '',
			placeholder: 'level:1+ source:FILE',
			description:
				'Raw filter terms added as they are: space-separated key:value, for keys the fields above do not cover',
		},
		{
			displayName: 'Source',
			name: 'source',
			type: 'options',
			options: sourceOptions,
			default: 'ANALYSIS',
			description: 'Only events triggered by this source',
		},
	];
	return withTimeRange ? [fields[0], ...timeRangeFields, ...fields.slice(1)] : fields;
}
