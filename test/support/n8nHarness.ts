/**
 * Runs this package's nodes the way n8n does: the package is loaded through its package.json `n8n`
 * field by n8n-core's PackageDirectoryLoader, regular nodes execute inside WorkflowExecute, and
 * triggers are activated by n8n-core's ActiveWorkflows with real PollContexts. Only the parts of
 * n8n's CLI that a test must control are modelled here: the credential store, the cron clock and
 * the database that keeps static data.
 */
import 'reflect-metadata';
import path from 'node:path';
import { Container } from '@n8n/di';
import {
	ActiveWorkflows,
	ExecutionLifecycleHooks,
	PackageDirectoryLoader,
	PollContext,
	WorkflowExecute,
} from 'n8n-core';
// Not re-exported from n8n-core's index, but it is the class ActiveWorkflows resolves from the container.
import { ScheduledTaskManager } from 'n8n-core/dist/execution-engine/scheduled-task-manager';
import { SSHClientsManager } from 'n8n-core/dist/execution-engine/ssh-clients-manager';
import type {
	CronContext,
	ICredentialDataDecryptedObject,
	ICredentialType,
	ICredentialsHelper,
	IDataObject,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	INodeTypes,
	IRun,
	IVersionedNodeType,
	IWorkflowExecuteAdditionalData,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { NodeHelpers, Workflow } from 'n8n-workflow';

export const PACKAGE_ROOT = path.resolve(__dirname, '..', '..');
export const PACKAGE_NAME = 'n8n-nodes-vtmonitor-adminbyrequest';

let loaderPromise: Promise<PackageDirectoryLoader> | undefined;

/** Loads dist/ through package.json exactly as n8n loads a community package. */
export async function loadPackage(): Promise<PackageDirectoryLoader> {
	loaderPromise ??= (async () => {
		const loader = new PackageDirectoryLoader(PACKAGE_ROOT);
		await loader.loadAll();
		return loader;
	})();
	return await loaderPromise;
}

const START_NODE_TYPE = 'test.start';

/** Stands in for n8n's Manual Trigger: emits one empty item. */
class StartNode implements INodeType {
	description = {
		displayName: 'Start',
		name: 'start',
		group: ['trigger'],
		version: 1,
		description: 'Starts the test workflow',
		defaults: { name: 'Start' },
		inputs: [],
		outputs: ['main'],
		properties: [],
	} as unknown as INodeType['description'];

	async execute(): Promise<INodeExecutionData[][]> {
		return [[{ json: {} }]];
	}
}

class PackageNodeTypes implements INodeTypes {
	constructor(private readonly loader: PackageDirectoryLoader) {}

	getByName(nodeType: string): INodeType | IVersionedNodeType {
		if (nodeType === START_NODE_TYPE) return new StartNode();
		const shortName = nodeType.replace(`${PACKAGE_NAME}.`, '');
		const loaded = this.loader.nodeTypes[shortName];
		if (!loaded) throw new Error(`Unknown node type ${nodeType}`);
		return loaded.type;
	}

	getByNameAndVersion(nodeType: string, version?: number): INodeType {
		return NodeHelpers.getVersionedNodeType(this.getByName(nodeType), version);
	}

	getKnownTypes() {
		return {};
	}
}

/** n8n's CLI CredentialsHelper, reduced to what a node run needs: stored data plus `authenticate`. */
export class TestCredentialsHelper implements ICredentialsHelper {
	/** Every request options object that went through `authenticate`, after signing. */
	readonly signedRequests: IHttpRequestOptions[] = [];

	constructor(
		private readonly loader: PackageDirectoryLoader,
		readonly store: Record<string, ICredentialDataDecryptedObject>,
	) {}

	private credentialType(name: string): ICredentialType {
		const loaded = this.loader.credentialTypes[name];
		if (!loaded) throw new Error(`Unknown credential type ${name}`);
		return loaded.type;
	}

	getParentTypes(): string[] {
		return [];
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions,
		workflow: Workflow,
		node: INode,
	): Promise<IHttpRequestOptions> {
		const { authenticate } = this.credentialType(typeName);
		let signed = requestOptions;
		if (typeof authenticate === 'function') {
			signed = await authenticate(credentials, requestOptions);
		} else if (authenticate?.type === 'generic') {
			for (const [outerKey, values] of Object.entries(authenticate.properties)) {
				const target = ((signed as unknown as Record<string, IDataObject>)[outerKey] ??= {});
				for (const [key, value] of Object.entries(values as Record<string, string>)) {
					target[resolve(key)] = resolve(value);
				}
			}
		}
		this.signedRequests.push(signed);
		return signed;

		function resolve(value: string): string {
			if (typeof value !== 'string' || !value.startsWith('=')) return value;
			const resolved = workflow.expression.getSimpleParameterValue(
				node,
				value,
				'internal',
				{ $credentials: credentials },
				undefined,
				'',
			);
			return resolved ? String(resolved) : '';
		}
	}

	async preAuthentication() {
		return undefined;
	}

	async getCredentials(): Promise<never> {
		throw new Error('not used');
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		nodeCredentials: INodeCredentialsDetails,
		type: string,
	): Promise<ICredentialDataDecryptedObject> {
		const data = this.store[nodeCredentials.id ?? type] ?? this.store[type];
		if (!data) throw new Error(`No credentials of type ${type} in the test store`);
		const withDefaults = NodeHelpers.getNodeParameters(
			this.credentialType(type).properties,
			data as INodeParameters,
			true,
			false,
			null,
			null,
		);
		return { ...withDefaults, ...data } as ICredentialDataDecryptedObject;
	}

	async updateCredentials() {}

	async updateCredentialsOauthTokenData() {}

	getCredentialsProperties(type: string) {
		return this.credentialType(type).properties;
	}
}

export interface Harness {
	loader: PackageDirectoryLoader;
	nodeTypes: PackageNodeTypes;
	credentialsHelper: TestCredentialsHelper;
	additionalData: IWorkflowExecuteAdditionalData;
}

export async function createHarness(
	credentials: Record<string, ICredentialDataDecryptedObject>,
): Promise<Harness> {
	const loader = await loadPackage();
	// Node helpers create n8n-core's SSH client manager, whose cleanup interval would otherwise keep
	// the test process alive after the last test.
	(Container.get(SSHClientsManager) as unknown as { cleanupTimer?: NodeJS.Timeout }).cleanupTimer?.unref();
	const credentialsHelper = new TestCredentialsHelper(loader, credentials);
	const additionalData = {
		credentialsHelper,
		executeWorkflow: async () => {
			throw new Error('not used');
		},
		getRunExecutionData: async () => undefined,
		currentNodeExecutionIndex: 0,
		restApiUrl: 'http://localhost:5678/rest',
		instanceBaseUrl: 'http://localhost:5678/',
		formWaitingBaseUrl: 'http://localhost:5678/form-waiting',
		webhookBaseUrl: 'http://localhost:5678/webhook',
		webhookWaitingBaseUrl: 'http://localhost:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://localhost:5678/webhook-test',
		variables: {},
		logAiEvent: () => {},
		startRunnerTask: async () => {
			throw new Error('not used');
		},
	} as unknown as IWorkflowExecuteAdditionalData;
	return { loader, nodeTypes: new PackageNodeTypes(loader), credentialsHelper, additionalData };
}

export function nodeTypeName(shortName: string): string {
	return `${PACKAGE_NAME}.${shortName}`;
}

export interface NodeRunResult {
	items: INodeExecutionData[];
	/** The error the node ended with, when it failed (continueOnFail off). */
	error?: Error & { description?: string; httpCode?: string | null };
	run: IRun;
}

/**
 * Executes `Start -> node` in WorkflowExecute, as a manual run in the editor does, and returns the
 * node's first output.
 */
export async function runNode(
	harness: Harness,
	node: {
		type: string;
		parameters: INodeParameters;
		credentials?: INode['credentials'];
		continueOnFail?: boolean;
		inputItems?: number;
	},
): Promise<NodeRunResult> {
	const nodeName = 'Under Test';
	const nodes: INode[] = [
		{ id: 'start', name: 'Start', type: START_NODE_TYPE, typeVersion: 1, position: [0, 0], parameters: {} },
		{
			id: 'under-test',
			name: nodeName,
			type: nodeTypeName(node.type),
			typeVersion: 1,
			position: [200, 0],
			parameters: node.parameters,
			credentials: node.credentials,
			onError: node.continueOnFail ? 'continueRegularOutput' : undefined,
		},
	];
	const workflow = new Workflow({
		id: 'wf-node',
		name: 'node test',
		nodes,
		connections: { Start: { main: [[{ node: nodeName, type: 'main', index: 0 }]] } },
		active: false,
		nodeTypes: harness.nodeTypes,
		staticData: {},
		settings: { executionOrder: 'v1' },
	});

	const hooks = new ExecutionLifecycleHooks('manual', 'exec-1', {
		id: workflow.id,
		name: workflow.name,
		nodes,
		connections: workflow.connectionsBySourceNode,
		active: false,
		activeVersionId: null,
		isArchived: false,
		createdAt: new Date(),
		updatedAt: new Date(),
	} as never);
	const additionalData = { ...harness.additionalData, hooks } as IWorkflowExecuteAdditionalData;

	const inputItems = node.inputItems ?? 1;
	const startData: INodeExecutionData[] = Array.from({ length: inputItems }, (_, i) => ({
		json: { index: i },
	}));
	const runExecutionData = {
		startData: {},
		resultData: { runData: {} },
		executionData: {
			contextData: {},
			nodeExecutionStack: [
				{
					node: nodes[1],
					data: { main: [startData.map((item, i) => ({ ...item, pairedItem: { item: i } }))] },
					source: null,
				},
			],
			metadata: {},
			waitingExecution: {},
			waitingExecutionSource: {},
		},
	};
	const execute = new WorkflowExecute(additionalData, 'manual', runExecutionData as never);
	const run = await execute.processRunExecutionData(workflow);
	const taskData = run.data.resultData.runData[nodeName]?.[0];
	const items = taskData?.data?.main?.[0] ?? [];
	const error = (taskData?.error ?? run.data.resultData.error) as NodeRunResult['error'];
	return { items, error, run };
}

/** A ScheduledTaskManager whose crons fire only when the test says so. */
export class ManualClock extends ScheduledTaskManager {
	private readonly ticks = new Map<string, Array<() => void>>();

	constructor() {
		super(
			{ isLeader: true, instanceRole: 'main' } as never,
			{ scoped: () => ({ debug() {}, info() {}, warn() {}, error() {} }) } as never,
			{ activeInterval: 0 } as never,
			{ error() {} } as never,
		);
	}

	registerCron(ctx: CronContext, onTick: () => void): void {
		const list = this.ticks.get(ctx.workflowId) ?? [];
		list.push(onTick);
		this.ticks.set(ctx.workflowId, list);
	}

	deregisterCrons(workflowId: string): void {
		this.ticks.delete(workflowId);
	}

	deregisterAllCrons(): void {
		this.ticks.clear();
	}

	/** Fires every registered cron of the workflow once; resolves when the poll has finished. */
	async tick(workflowId: string): Promise<void> {
		for (const onTick of this.ticks.get(workflowId) ?? []) {
			await (onTick as unknown as () => Promise<void>)();
		}
	}
}

let clock: ManualClock | undefined;
function manualClock(): ManualClock {
	if (!clock) {
		clock = new ManualClock();
		Container.set(ScheduledTaskManager, clock);
	}
	return clock;
}

export interface PollOutcome {
	emitted: INodeExecutionData[];
	error?: Error & { description?: string; httpCode?: string | null };
}

export const TRIGGER_NAME = 'Trigger';

/**
 * An active polling workflow, as n8n's ActiveWorkflowManager runs it: static data is saved (as
 * JSON) only after activation and after a poll that emitted, and only when it changed; a failed or
 * empty poll leaves the saved copy alone while the in-memory object lives on.
 */
export class ActivePoller {
	/** What n8n's database holds for the workflow's static data. */
	savedStaticData: IDataObject;
	private workflow!: Workflow;
	private lastOutcome: PollOutcome = { emitted: [] };
	private static counter = 0;
	readonly workflowId = `wf-poll-${++ActivePoller.counter}`;

	constructor(
		private readonly harness: Harness,
		private readonly node: {
			type: string;
			parameters: INodeParameters;
			credentials?: INode['credentials'];
		},
		savedStaticData: IDataObject = {},
	) {
		this.savedStaticData = JSON.parse(JSON.stringify(savedStaticData));
	}

	private buildWorkflow(): Workflow {
		return new Workflow({
			id: this.workflowId,
			name: 'poll test',
			nodes: [
				{
					id: 'trigger',
					name: TRIGGER_NAME,
					type: nodeTypeName(this.node.type),
					typeVersion: 1,
					position: [0, 0],
					parameters: {
						pollTimes: { item: [{ mode: 'everyMinute' }] },
						...this.node.parameters,
					},
					credentials: this.node.credentials,
				},
			],
			connections: {},
			active: true,
			nodeTypes: this.harness.nodeTypes,
			staticData: JSON.parse(JSON.stringify(this.savedStaticData)),
			settings: { executionOrder: 'v1' },
		});
	}

	private save(): void {
		const staticData = this.workflow.staticData as IDataObject & { __dataChanged?: boolean };
		if (staticData.__dataChanged === true) {
			const copy = JSON.parse(JSON.stringify(staticData)) as IDataObject;
			delete copy.__dataChanged;
			this.savedStaticData = copy;
			staticData.__dataChanged = false;
		}
	}

	/** Activates the workflow: n8n runs the first poll at once and fails activation if it throws. */
	async activate(): Promise<PollOutcome> {
		manualClock();
		this.workflow = this.buildWorkflow();
		this.lastOutcome = { emitted: [] };
		const activeWorkflows = Container.get(ActiveWorkflows);
		try {
			await activeWorkflows.add(
				this.workflowId,
				this.workflow,
				this.harness.additionalData,
				'trigger',
				'activate',
				() => {
					throw new Error('not a trigger node');
				},
				(workflow, node, additionalData, mode, activation) =>
					new PollContext(
						workflow,
						node,
						additionalData,
						mode,
						activation,
						(data) => {
							this.lastOutcome.emitted.push(...(data[0] ?? []));
							this.save();
						},
						(error) => {
							this.lastOutcome.error = error as PollOutcome['error'];
						},
					),
			);
		} catch (error) {
			return { emitted: [], error: error as PollOutcome['error'] };
		}
		this.save();
		return this.lastOutcome;
	}

	/** One scheduled poll. */
	async poll(): Promise<PollOutcome> {
		this.lastOutcome = { emitted: [] };
		await manualClock().tick(this.workflowId);
		return this.lastOutcome;
	}

	/** Models an n8n restart: in-memory static data is dropped and reloaded from the database. */
	async restart(): Promise<PollOutcome> {
		await this.deactivate();
		return await this.activate();
	}

	get isActive(): boolean {
		return Container.get(ActiveWorkflows).isActive(this.workflowId);
	}

	async deactivate(): Promise<void> {
		const activeWorkflows = Container.get(ActiveWorkflows);
		if (activeWorkflows.isActive(this.workflowId)) await activeWorkflows.remove(this.workflowId);
	}

	/** The user edits the node's parameters and saves the workflow: same node, same static data. */
	editParameters(parameters: INodeParameters): void {
		this.node.parameters = parameters;
	}

	/** The live in-memory static data of the running workflow. */
	get liveStaticData(): IDataObject {
		return this.workflow.staticData;
	}

	/** The trigger node's own part of the saved static data (n8n keys it `node:<name>`). */
	get savedNodeData(): IDataObject {
		return (this.savedStaticData[`node:${TRIGGER_NAME}`] ?? {}) as IDataObject;
	}

	get liveNodeData(): IDataObject {
		const data = (this.workflow.staticData[`node:${TRIGGER_NAME}`] ?? {}) as IDataObject;
		return JSON.parse(JSON.stringify(data)) as IDataObject;
	}
}

/** The editor's "Fetch Test Event": one poll in manual mode, outside any activation. */
export async function manualPoll(
	harness: Harness,
	node: { type: string; parameters: INodeParameters; credentials?: INode['credentials'] },
	staticData: IDataObject = {},
): Promise<{ result: INodeExecutionData[][] | null; staticData: IDataObject }> {
	const workflow = new Workflow({
		id: 'wf-manual',
		name: 'manual poll',
		nodes: [
			{
				id: 'trigger',
				name: TRIGGER_NAME,
				type: nodeTypeName(node.type),
				typeVersion: 1,
				position: [0, 0],
				parameters: { pollTimes: { item: [{ mode: 'everyMinute' }] }, ...node.parameters },
				credentials: node.credentials,
			},
		],
		connections: {},
		active: false,
		nodeTypes: harness.nodeTypes,
		staticData: JSON.parse(JSON.stringify(staticData)),
	});
	const triggerNode = workflow.getNode(TRIGGER_NAME) as INode;
	const context = new PollContext(
		workflow,
		triggerNode,
		harness.additionalData,
		'manual' as WorkflowExecuteMode,
		'manual',
	);
	const nodeType = harness.nodeTypes.getByNameAndVersion(triggerNode.type, 1);
	const result = await nodeType.poll!.call(context);
	return { result, staticData: workflow.staticData };
}
