import type { IHttpRequestOptions, INode } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';
import { VirusTotalMonitorSimulator } from './simulator/virusTotalMonitorSimulator';
import { createHarness, nodeTypeName, type Harness } from './support/n8nHarness';

const KEY = 'vt-credential-test-key-92eb5ffee6ae2fec3ad71c777531578f';
let sim: VirusTotalMonitorSimulator;
let harness: Harness;

beforeAll(async () => {
	sim = new VirusTotalMonitorSimulator({ apiKey: KEY });
	await sim.start();
	harness = await createHarness({});
});

afterAll(async () => await sim.stop());

function credentialType() {
	return harness.loader.credentialTypes.virusTotalMonitorApi.type;
}

/** Resolves the credential test's base URL expression the way n8n does for a credential. */
function testBaseUrl(baseUrl: string): string {
	const node: INode = { id: 'n', name: 'n', type: nodeTypeName('virusTotalMonitor'), typeVersion: 1, position: [0, 0], parameters: {} };
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes: harness.nodeTypes });
	const expression = credentialType().test!.request.baseURL as string;
	return String(
		workflow.expression.getSimpleParameterValue(node, expression, 'internal', { $credentials: { apiKey: KEY, baseUrl } }, undefined, ''),
	);
}

describe('VirusTotal Monitor API credential', () => {
	it('is loaded through package.json with the x-apikey header and the default base URL', () => {
		const type = credentialType();
		expect(type.displayName).toBe('VirusTotal Monitor API');
		expect(type.properties.find((p) => p.name === 'baseUrl')?.default).toBe('https://www.virustotal.com/api/v3');
		expect(type.properties.find((p) => p.name === 'apiKey')?.typeOptions?.password).toBe(true);
		expect(type.test?.request).toMatchObject({ url: '/monitor/events', disableFollowRedirect: true });
	});

	it.each([
		['https://www.virustotal.com/api/v3/', 'https://www.virustotal.com/api/v3'],
		['http://vt.example.com/api/v3', 'https://vt.example.com/api/v3'],
		['http://localhost.evil.com/api/v3', 'https://localhost.evil.com/api/v3'],
		['http://127.0.0.1:8080/api/v3', 'http://127.0.0.1:8080/api/v3'],
		['http://localhost/api/v3', 'http://localhost/api/v3'],
	])('test request goes to %s as %s', (input, expected) => {
		expect(testBaseUrl(input)).toBe(expected);
	});

	it.each([
		[KEY, 200, undefined],
		['wrong-key', 401, 'Wrong API key'],
		['vt-key-without-monitor-privilege', 403, 'VT Monitor privilege'],
	])('key %s: the server answers %i and the rule says %s', async (apiKey, status, message) => {
		const type = credentialType();
		const request = type.test!.request as IHttpRequestOptions;
		const response = await fetch(`${testBaseUrl(sim.baseUrl)}${request.url}`, {
			headers: { 'x-apikey': apiKey },
			redirect: 'manual',
		});
		await response.text();
		expect(response.status).toBe(status);
		const rule = type.test!.rules?.find((r) => r.type === 'responseCode' && r.properties.value === status);
		if (message) expect((rule?.properties as { message: string }).message).toContain(message);
		else expect(rule).toBeUndefined();
	});
});
