import type {
	IAuthenticateGeneric,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

export class AdminByRequestApi implements ICredentialType {
	name = 'adminByRequestApi';

	displayName = 'Admin By Request API';

	icon = { light: 'file:../icons/adminByRequest.svg', dark: 'file:../icons/adminByRequest.dark.svg' } as const;

	documentationUrl =
		'https://github.com/n8n-nodes-vtmonitor-adminbyrequest/n8n-nodes-vtmonitor-adminbyrequest#admin-by-request-api-credential';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'The API key from the Admin By Request portal (Settings > Tenant Settings > API Keys)',
		},
		{
			displayName: 'Data Center',
			name: 'dataCenter',
			type: 'options',
			options: [
				{ name: 'DC1 (Europe)', value: 'dc1', description: 'https://dc1api.adminbyrequest.com' },
				{ name: 'DC2 (USA)', value: 'dc2', description: 'https://dc2api.adminbyrequest.com' },
				{ name: 'DC3', value: 'dc3', description: 'https://dc3api.adminbyrequest.com' },
				{ name: 'Custom Base URL', value: 'custom' },
			],
			default: 'dc1',
			description:
				'The data center your tenant lives in: the API answers only on its own. The portal shows it in the API URL under Settings.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			placeholder: 'https://dc4api.adminbyrequest.com',
			required: true,
			displayOptions: { show: { dataCenter: ['custom'] } },
			description:
				'The API base URL, without /events. Must use https://, except for a loopback host (localhost, 127.x.x.x, [::1]).',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				apikey: '={{$credentials.apiKey}}',
			},
		},
	};

	// A plain-http custom URL is upgraded to https here (the nodes refuse it outright), so the test
	// never sends the key in clear text to a remote host.
	test: ICredentialTestRequest = {
		request: {
			baseURL:
				'={{ ($credentials.dataCenter === "custom" ? String($credentials.baseUrl).trim().replace(/^http:\\/\\/(?!(localhost|127\\.\\d+\\.\\d+\\.\\d+|\\[::1\\])([:/]|$))/i, "https://") : "https://" + $credentials.dataCenter + "api.adminbyrequest.com").replace(/\\/+$/, "") }}',
			url: '/events',
			method: 'GET',
			qs: { take: 1 },
			disableFollowRedirect: true,
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message: 'Admin By Request rejected the API key: check the key (portal: Settings > Tenant Settings > API Keys)',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 500,
					message:
						'Admin By Request answered HTTP 500, which is what a key gets in the wrong data center: check Data Center',
				},
			},
		],
	};
}
