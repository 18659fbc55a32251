import { Workflow, type ICredentialType, type INode } from 'n8n-workflow';
import { request } from 'undici';

import { loadPackage, nodeTypeName } from './support/n8nHarness';
import { ABR_KEY, startAbrFixture, type AbrFixture } from './support/abrFixture';

let fx: AbrFixture;
let credential: ICredentialType;
let workflow: Workflow;
let node: INode;

beforeAll(async () => {
	fx = await startAbrFixture({ otherDataCenterKeys: ['key-of-another-data-center'] });
	credential = (await loadPackage()).credentialTypes.adminByRequestApi.type;
	node = {
		id: 'n',
		name: 'Admin By Request',
		type: nodeTypeName('adminByRequest'),
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
	workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes: fx.harness.nodeTypes });
});
afterAll(async () => fx.sim.stop());

/** Resolves the credential's test request the way n8n's credential tester does. */
function resolveTestRequest(data: Record<string, unknown>) {
	const credentials = { dataCenter: 'dc1', baseUrl: '', ...data };
	const resolve = (value: string) =>
		String(workflow.expression.getSimpleParameterValue(node, value, 'internal', { $credentials: credentials }));
	const { request: test } = credential.test!;
	return { baseURL: resolve(test.baseURL!), url: test.url!, qs: test.qs, headers: { apikey: resolve('={{$credentials.apiKey}}') } };
}

describe('Admin By Request API credential', () => {
	it('declares an apikey header, a password field and a test request', () => {
		expect(credential.properties.find((p) => p.name === 'apiKey')?.typeOptions?.password).toBe(true);
		expect(credential.authenticate).toEqual({ type: 'generic', properties: { headers: { apikey: '={{$credentials.apiKey}}' } } });
		expect(credential.test?.request).toMatchObject({ url: '/events', qs: { take: 1 }, disableFollowRedirect: true });
		// n8n's credential tester shows these messages for these answers.
		expect(credential.test?.rules).toEqual([
			{ type: 'responseCode', properties: { value: 401, message: expect.stringMatching(/rejected the API key/) } },
			{ type: 'responseCode', properties: { value: 500, message: expect.stringMatching(/wrong data center: check Data Center/) } },
		]);
	});

	it.each([
		[{ dataCenter: 'dc1' }, 'https://dc1api.adminbyrequest.com'],
		[{ dataCenter: 'dc2' }, 'https://dc2api.adminbyrequest.com'],
		[{ dataCenter: 'dc3' }, 'https://dc3api.adminbyrequest.com'],
		[{ dataCenter: 'custom', baseUrl: ' https://abr.example.com/ ' }, 'https://abr.example.com'],
		[{ dataCenter: 'custom', baseUrl: 'http://abr.example.com' }, 'https://abr.example.com'],
		[{ dataCenter: 'custom', baseUrl: 'http://127.0.0.1.example.com' }, 'https://127.0.0.1.example.com'],
		[{ dataCenter: 'custom', baseUrl: 'http://localhost:8801' }, 'http://localhost:8801'],
		[{ dataCenter: 'custom', baseUrl: 'http://127.0.0.1:8801/' }, 'http://127.0.0.1:8801'],
	])('test request for %j goes to %s (plain http only for loopback)', (data, expected) => {
		expect(resolveTestRequest({ apiKey: 'k', ...data }).baseURL).toBe(expected);
	});

	it('the test request succeeds with the right key and answers the codes the rules name otherwise', async () => {
		for (const [apiKey, status] of [[ABR_KEY, 200], ['wrong', 401], ['key-of-another-data-center', 500]] as const) {
			const test = resolveTestRequest({ apiKey, dataCenter: 'custom', baseUrl: fx.sim.http.baseUrl });
			const response = await request(`${test.baseURL}${test.url}?take=${String(test.qs?.take)}`, { headers: test.headers });
			await response.body.dump();
			expect(response.statusCode).toBe(status);
		}
	});
});
