import type {
	IAuthenticateGeneric,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

export class VirusTotalMonitorApi implements ICredentialType {
	name = 'virusTotalMonitorApi';

	displayName = 'VirusTotal Monitor API';

	icon = {
		light: 'file:../icons/virusTotalMonitor.svg',
		dark: 'file:../icons/virusTotalMonitor.dark.svg',
	} as const;

	documentationUrl =
		'https://github.com/n8n-nodes-vtmonitor-adminbyrequest/n8n-nodes-vtmonitor-adminbyrequest#virustotal-monitor-api-credential';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'Your VirusTotal API key (profile menu > API key). Its group needs the VT Monitor privilege.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://www.virustotal.com/api/v3',
			required: true,
			description:
				'The API base URL, without /monitor/events. Must use https://, except for a loopback host (localhost, 127.x.x.x, [::1]).',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				'x-apikey': '={{$credentials.apiKey}}',
			},
		},
	};

	// A plain-http remote URL is upgraded to https here (the nodes refuse it outright), so the test
	// never sends the key in clear text to a remote host.
	test: ICredentialTestRequest = {
		request: {
			baseURL:
				'={{ String($credentials.baseUrl).trim().replace(/^http:\\/\\/(?!(localhost|127\\.\\d+\\.\\d+\\.\\d+|\\[::1\\])([:/]|$))/i, "https://").replace(/\\/+$/, "") }}',
			url: '/monitor/events',
			method: 'GET',
			disableFollowRedirect: true,
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message: 'Wrong API key: VirusTotal did not accept it. Copy it again from your VirusTotal profile.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message:
						'The API key is valid, but its group lacks the VT Monitor privilege: ask your VirusTotal group administrator to enable VT Monitor.',
				},
			},
		],
	};
}
