/** Workflow and credential JSON for the end-to-end runs, in the shape `n8n import:*` takes. */
import fs from 'node:fs';
import path from 'node:path';
import { PACKAGE_NAME, ROOT, type Credential } from './n8n';

/** For schedules (the Schedule Trigger node accepts a cron at several seconds of the minute). */
export const EVERY_10_SECONDS = '0,10,20,30,40,50 * * * * *';

/**
 * Poll Times for every 10 s: n8n 2.41 rejects a poll cron that fires at varying seconds ("The
 * polling interval is too short"), but takes six crons at one fixed second each (as do 2.8 and 1.x).
 */
export const POLL_EVERY_10_SECONDS = {
	item: [0, 10, 20, 30, 40, 50].map((second) => ({ mode: 'custom', cronExpression: `${second} * * * * *` })),
};

export const CREDENTIAL_IDS = {
	abr: 'e2eAbrCredential',
	vt: 'e2eVtCredential',
	abrWrongKey: 'e2eAbrWrongKey',
	vtWrongKey: 'e2eVtWrongKey',
};

/** An Admin By Request credential on the simulator's custom base URL. */
function abrCredential(id: string, name: string, baseUrl: string, apiKey: string): Credential {
	return { id, name, type: 'adminByRequestApi', data: { apiKey, dataCenter: 'custom', baseUrl } };
}

function vtCredential(id: string, name: string, baseUrl: string, apiKey: string): Credential {
	return { id, name, type: 'virusTotalMonitorApi', data: { apiKey, baseUrl } };
}

export function credentials(abrBaseUrl: string, abrKey: string, vtBaseUrl: string, vtKey: string): Credential[] {
	return [
		abrCredential(CREDENTIAL_IDS.abr, 'Admin By Request (simulator)', abrBaseUrl, abrKey),
		vtCredential(CREDENTIAL_IDS.vt, 'VirusTotal Monitor (simulator)', vtBaseUrl, vtKey),
		abrCredential(CREDENTIAL_IDS.abrWrongKey, 'Admin By Request (wrong key)', abrBaseUrl, 'not-the-key'),
		vtCredential(CREDENTIAL_IDS.vtWrongKey, 'VirusTotal Monitor (wrong key)', vtBaseUrl, 'not-the-key'),
	];
}

const credentialRef = {
	abr: (id: string) => ({ adminByRequestApi: { id, name: id } }),
	vt: (id: string) => ({ virusTotalMonitorApi: { id, name: id } }),
};

let uuidCounter = 0;
function nodeId(): string {
	uuidCounter += 1;
	return `00000000-0000-4000-8000-${String(uuidCounter).padStart(12, '0')}`;
}

function workflow(id: string, name: string, nodes: Array<Record<string, unknown>>, connections: Record<string, unknown>) {
	return { id, name, active: false, nodes, connections, settings: { executionOrder: 'v1' }, pinData: {} };
}

function manualThen(id: string, name: string, node: Record<string, unknown>) {
	const manual = { id: nodeId(), name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} };
	return workflow(id, name, [manual, { id: nodeId(), position: [220, 0], typeVersion: 1, ...node }], {
		Start: { main: [[{ node: node.name, type: 'main', index: 0 }]] },
	});
}

export const WORKFLOW_IDS = {
	abrGetMany: 'e2eAbrGetMany00',
	vtGetMany: 'e2eVtGetMany000',
	abrWrongKey: 'e2eAbrWrongKey0',
	vtFault: 'e2eVtFault00000',
	abrTrigger: 'e2eAbrTrigger00',
	vtTrigger: 'e2eVtTrigger000',
	/** Max Pages per Poll 2, on its own simulator: a burst of events in one second. */
	vtBurst: 'e2eVtBurst00000',
	/** On its own simulator: answered 429 with a Retry-After hint. */
	vtBackoff: 'e2eVtBackoff000',
};

/** The credentials of the burst and backoff triggers' own simulators. */
export const EXTRA_CREDENTIAL_IDS = { vtBurst: 'e2eVtBurstCred', vtBackoff: 'e2eVtBackoffCred' };

export function extraCredentials(vtBurstUrl: string, vtBurstKey: string, vtBackoffUrl: string, vtBackoffKey: string): Credential[] {
	return [
		vtCredential(EXTRA_CREDENTIAL_IDS.vtBurst, 'VirusTotal Monitor (burst simulator)', vtBurstUrl, vtBurstKey),
		vtCredential(EXTRA_CREDENTIAL_IDS.vtBackoff, 'VirusTotal Monitor (backoff simulator)', vtBackoffUrl, vtBackoffKey),
	];
}

export const ABR_NODE = 'Admin By Request';
export const VT_NODE = 'VirusTotal Monitor';
export const ABR_TRIGGER = 'Admin By Request Trigger';
export const VT_TRIGGER = 'VirusTotal Monitor Trigger';

/** Get Many with filters: ABR blocked executions (code 92) on one computer; VT DETECTED at level >= 3. */
export function getManyWorkflows(abrComputer: string) {
	const abrGetMany = (credentialId: string) => ({
		name: ABR_NODE,
		type: `${PACKAGE_NAME}.adminByRequest`,
		parameters: { resource: 'event', operation: 'getAll', returnAll: true, filters: { code: 92, computerName: abrComputer, days: 30 }, options: {} },
		credentials: credentialRef.abr(credentialId),
	});
	const vtGetMany = {
		name: VT_NODE,
		type: `${PACKAGE_NAME}.virusTotalMonitor`,
		parameters: { resource: 'event', operation: 'getAll', returnAll: true, filters: { action: 'DETECTED', level: 3, levelOperator: 'atLeast' }, options: {} },
		credentials: credentialRef.vt(CREDENTIAL_IDS.vt),
	};
	return [
		manualThen(WORKFLOW_IDS.abrGetMany, 'e2e ABR Get Many', abrGetMany(CREDENTIAL_IDS.abr)),
		manualThen(WORKFLOW_IDS.vtGetMany, 'e2e VT Get Many', vtGetMany),
		manualThen(WORKFLOW_IDS.abrWrongKey, 'e2e ABR wrong key', abrGetMany(CREDENTIAL_IDS.abrWrongKey)),
		manualThen(WORKFLOW_IDS.vtFault, 'e2e VT simulator fault', vtGetMany),
	];
}

/** A VirusTotal Monitor Trigger alone in a workflow, polling every 10 s. */
function vtTriggerWorkflow(id: string, name: string, credentialId: string, options: Record<string, unknown> = {}) {
	return workflow(
		id,
		name,
		[
			{
				id: nodeId(),
				name: VT_TRIGGER,
				type: `${PACKAGE_NAME}.virusTotalMonitorTrigger`,
				typeVersion: 1,
				position: [0, 0],
				parameters: { pollTimes: POLL_EVERY_10_SECONDS, filters: {}, options },
				credentials: credentialRef.vt(credentialId),
			},
		],
		{},
	);
}

/**
 * The VirusTotal triggers of the burst check (Max Pages per Poll 2) and the backoff check, each
 * on its own simulator, starting from "now".
 */
export function extraTriggerWorkflows() {
	return [
		vtTriggerWorkflow(WORKFLOW_IDS.vtBurst, 'e2e VT Trigger, burst', EXTRA_CREDENTIAL_IDS.vtBurst, { maxPagesPerPoll: 2, startFrom: 'now' }),
		vtTriggerWorkflow(WORKFLOW_IDS.vtBackoff, 'e2e VT Trigger, backoff', EXTRA_CREDENTIAL_IDS.vtBackoff, { startFrom: 'now' }),
	];
}

/** Both triggers alone, polling every 10 s, starting from "now". */
export function triggerWorkflows() {
	const pollTimes = POLL_EVERY_10_SECONDS;
	return [
		workflow(
			WORKFLOW_IDS.abrTrigger,
			'e2e ABR Trigger',
			[
				{
					id: nodeId(),
					name: ABR_TRIGGER,
					type: `${PACKAGE_NAME}.adminByRequestTrigger`,
					typeVersion: 1,
					position: [0, 0],
					parameters: { pollTimes, filters: {}, options: {} },
					credentials: credentialRef.abr(CREDENTIAL_IDS.abr),
				},
			],
			{},
		),
		workflow(
			WORKFLOW_IDS.vtTrigger,
			'e2e VT Trigger',
			[
				{
					id: nodeId(),
					name: VT_TRIGGER,
					type: `${PACKAGE_NAME}.virusTotalMonitorTrigger`,
					typeVersion: 1,
					position: [0, 0],
					parameters: { pollTimes, filters: {}, options: {} },
					credentials: credentialRef.vt(CREDENTIAL_IDS.vt),
				},
			],
			{},
		),
	];
}

/** The credential ids the example workflows (examples/*.json) name. */
export const EXAMPLE_CREDENTIAL_IDS = { abr: 'exAbrCredential', vt: 'exVtCredential' };

export const EXAMPLE_IDS = {
	abrAlertTicket: 'exAbrAlertTicket',
	vtDetectedMessage: 'exVtDetectedMsg',
	dailyReport: 'exDailyReport00',
	abrRequestApproval: 'exAbrRequestApproval',
};

export function exampleCredentials(abrBaseUrl: string, abrKey: string, vtBaseUrl: string, vtKey: string): Credential[] {
	return [
		abrCredential(EXAMPLE_CREDENTIAL_IDS.abr, 'Admin By Request account', abrBaseUrl, abrKey),
		vtCredential(EXAMPLE_CREDENTIAL_IDS.vt, 'VirusTotal Monitor account', vtBaseUrl, vtKey),
	];
}

interface ExampleWorkflow {
	id: string;
	name: string;
	nodes: Array<{ type: string; parameters: Record<string, unknown> }>;
}

/**
 * The example workflows as the repo ships them; with `cronExpression`, their schedules replaced by
 * it and their poll times by POLL_EVERY_10_SECONDS.
 */
export function exampleWorkflows(cronExpression?: string): ExampleWorkflow[] {
	const folder = path.join(ROOT, 'examples');
	return fs
		.readdirSync(folder)
		.filter((file) => file.endsWith('.json'))
		.sort()
		.map((file) => JSON.parse(fs.readFileSync(path.join(folder, file), 'utf8')) as ExampleWorkflow)
		.map((example) => {
			if (!cronExpression) return example;
			for (const node of example.nodes) {
				if (node.parameters.pollTimes) node.parameters.pollTimes = POLL_EVERY_10_SECONDS;
				if (node.type === 'n8n-nodes-base.scheduleTrigger') {
					node.parameters.rule = { interval: [{ field: 'cronExpression', expression: cronExpression }] };
				}
			}
			return example;
		});
}
