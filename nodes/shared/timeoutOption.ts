import type { INodeProperties } from 'n8n-workflow';

/** The "Timeout" option every node and trigger of this package offers. */
export const timeoutOption: INodeProperties = {
	displayName: 'Timeout',
	name: 'timeout',
	type: 'number',
	typeOptions: { minValue: 1000 },
	default: 30000,
	description:
		'How long to wait for each answer from the API, in milliseconds, before failing with a timeout',
};
