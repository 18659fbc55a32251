/**
 * `npm run bench:request-cost`: what one request costs on each layer of n8n-core's request path,
 * against one prepared VirusTotal Monitor page (40 events) on loopback, inside a real n8n execute
 * context (n8n-core's WorkflowExecute, as in `npm run bench`). The simulator runs in this process,
 * so every row includes the same server work; the differences between rows are the layers' cost.
 *
 *   undici                    undici request + JSON.parse (keep-alive: the bench's floor)
 *   node:http, new agent      node:http with a new http.Agent per request (a new connection) + JSON.parse
 *   helpers.httpRequest       n8n-core's httpRequest (axios, a new agent and connection per request)
 *   …WithAuthentication       this.helpers.httpRequestWithAuthentication, credential loaded per request
 *   … credentialsDecrypted    the same, with the credential passed in (loaded once)
 *   … function authenticate   the same, with a credential type whose `authenticate` is a function
 *                             instead of the generic `={{$credentials.apiKey}}` expression
 *
 * Each layer runs REQUESTS sequential requests, ROUNDS times, the layers interleaved; the median per
 * request is printed. Env: BENCH_COST_REQUESTS (500), BENCH_COST_ROUNDS (5).
 */
import 'reflect-metadata';
import http from 'node:http';
import os from 'node:os';
import { request } from 'undici';
import type {
	ICredentialDataDecryptedObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	INodeExecutionData,
	INodeType,
} from 'n8n-workflow';

import { VirusTotalMonitorSimulator } from '../simulator/virusTotalMonitorSimulator';
import { createHarness, runNode } from '../support/n8nHarness';
import { withProbeNodes } from './probeNode';

const REQUESTS = Number(process.env.BENCH_COST_REQUESTS ?? 500);
const ROUNDS = Number(process.env.BENCH_COST_ROUNDS ?? 5);
const KEY = 'vt-cost-key';

const LAYERS = [
	'undici',
	'node:http, new agent',
	'helpers.httpRequest',
	'httpRequestWithAuthentication',
	'… credentialsDecrypted',
	'… credentialsDecrypted, function authenticate',
] as const;
type Layer = (typeof LAYERS)[number];

function options(baseUrl: string): IHttpRequestOptions {
	return {
		method: 'GET',
		baseURL: baseUrl,
		url: '/monitor/events',
		headers: { Accept: 'application/json' },
		encoding: 'text',
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		disableFollowRedirect: true,
		timeout: 30_000,
	};
}

function newAgentGet(url: string): Promise<string> {
	return new Promise((resolve, reject) => {
		const agent = new http.Agent();
		http
			.get(url, { agent, headers: { 'x-apikey': KEY, accept: 'application/json' } }, (res) => {
				const chunks: Buffer[] = [];
				res.on('data', (chunk: Buffer) => chunks.push(chunk));
				res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
				res.on('error', reject);
			})
			.on('error', reject);
	});
}

/** A node that sends REQUESTS requests through one layer and reports the time per request. */
class ProbeNode implements INodeType {
	description = {
		displayName: 'Probe',
		name: 'probe',
		group: ['input'],
		version: 1,
		description: 'Measures one request layer',
		defaults: { name: 'Probe' },
		inputs: ['main'],
		outputs: ['main'],
		credentials: [{ name: 'virusTotalMonitorApi' }, { name: 'probeFunctionAuthApi' }],
		properties: [
			{ displayName: 'Layer', name: 'layer', type: 'string', default: '' },
			{ displayName: 'Base URL', name: 'baseUrl', type: 'string', default: '' },
		],
	} as unknown as INodeType['description'];

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const layer = this.getNodeParameter('layer', 0) as Layer;
		const baseUrl = this.getNodeParameter('baseUrl', 0) as string;
		const data = await this.getCredentials('virusTotalMonitorApi');
		const decrypted = { id: 'vt', name: 'vt', type: 'virusTotalMonitorApi', data };
		const decryptedFn = { id: 'fn', name: 'fn', type: 'probeFunctionAuthApi', data };
		let events = 0;
		const started = performance.now();
		for (let i = 0; i < REQUESTS; i++) {
			let text: string;
			if (layer === 'undici') {
				const response = await request(`${baseUrl}/monitor/events`, { headers: { 'x-apikey': KEY, accept: 'application/json' } });
				text = await response.body.text();
			} else if (layer === 'node:http, new agent') {
				text = await newAgentGet(`${baseUrl}/monitor/events`);
			} else if (layer === 'helpers.httpRequest') {
				const opts = options(baseUrl);
				opts.headers!['x-apikey'] = KEY;
				text = ((await this.helpers.httpRequest(opts)) as { body: string }).body;
			} else if (layer === 'httpRequestWithAuthentication') {
				text = ((await this.helpers.httpRequestWithAuthentication.call(this, 'virusTotalMonitorApi', options(baseUrl))) as { body: string }).body;
			} else if (layer === '… credentialsDecrypted') {
				text = ((await this.helpers.httpRequestWithAuthentication.call(this, 'virusTotalMonitorApi', options(baseUrl), {
					credentialsDecrypted: decrypted,
				})) as { body: string }).body;
			} else {
				text = ((await this.helpers.httpRequestWithAuthentication.call(this, 'probeFunctionAuthApi', options(baseUrl), {
					credentialsDecrypted: decryptedFn,
				})) as { body: string }).body;
			}
			events += (JSON.parse(text) as { data: unknown[] }).data.length;
		}
		const msPerRequest = (performance.now() - started) / REQUESTS;
		return [[{ json: { msPerRequest, events } }]];
	}
}

async function main(): Promise<void> {
	const vt = new VirusTotalMonitorSimulator({ apiKey: KEY, pageSize: 40, prepareAnswers: true });
	for (let i = 0; i < 100; i++) vt.addEvent({ at: Date.now() - (100 - i) * 1000 });
	const baseUrl = await vt.start();
	const harness = await createHarness({
		virusTotalMonitorApi: { apiKey: KEY, baseUrl },
		probeFunctionAuthApi: { apiKey: KEY, baseUrl },
	});
	// A credential type like virusTotalMonitorApi whose authenticate is a function.
	const vtType = harness.loader.credentialTypes.virusTotalMonitorApi.type;
	harness.loader.credentialTypes.probeFunctionAuthApi = {
		type: {
			...vtType,
			name: 'probeFunctionAuthApi',
			properties: vtType.properties,
			authenticate: async (credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions) => {
				requestOptions.headers = { ...requestOptions.headers, 'x-apikey': String(credentials.apiKey) };
				return requestOptions;
			},
		},
		sourcePath: '',
	} as never;
	const probeHarness = withProbeNodes(harness, { probe: new ProbeNode() });

	const results = new Map<Layer, number[]>();
	for (let round = 0; round < ROUNDS + 1; round++) {
		for (const layer of LAYERS) {
			const run = await runNode(probeHarness, {
				type: 'probe',
				parameters: { layer, baseUrl },
				credentials: {
					virusTotalMonitorApi: { id: 'virusTotalMonitorApi', name: 'vt' },
					probeFunctionAuthApi: { id: 'probeFunctionAuthApi', name: 'fn' },
				},
			});
			if (run.error) throw run.error;
			const { msPerRequest, events } = run.items[0].json as { msPerRequest: number; events: number };
			if (events !== REQUESTS * 40) throw new Error(`${layer}: ${events} events`);
			if (round > 0) results.set(layer, [...(results.get(layer) ?? []), msPerRequest]); // round 0 warms up
		}
	}
	await vt.stop();

	console.log(`per request, one 40-event page on loopback; median of ${ROUNDS} rounds of ${REQUESTS} requests`);
	console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, node ${process.version}`);
	const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
	const floor = median(results.get('undici')!);
	for (const layer of LAYERS) {
		const values = results.get(layer)!;
		const m = median(values);
		const spread = `${Math.min(...values).toFixed(3)}–${Math.max(...values).toFixed(3)}`;
		console.log(
			`  ${layer.padEnd(48)} ${m.toFixed(3)} ms  (+${(m - floor).toFixed(3)} ms over undici; runs ${spread})`,
		);
	}
	process.exit(0);
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
