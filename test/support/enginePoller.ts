/**
 * n8n 2.41's durable scheduler, as it runs a poll trigger, for the engines this package must hold
 * its guarantee on (read in n8n 2.41.3's poll-trigger-task-handler, trigger-execution-context
 * factory and poll-cursor service):
 *
 * - `scheduler` (N8N_SCHEDULER_ENABLED + N8N_SCHEDULER_POLL_TRIGGERS_ENABLED): each tick builds
 *   the workflow afresh from the database; static data is saved when a poll emits, and after
 *   activation; what a poll that returns null (or throws) wrote is dropped, every time.
 * - `durable` (+ N8N_POLLER_DURABLE_CURSORS_ENABLED): the node's static data is a snapshot of a
 *   cursor row (created from the node's static data when first needed), committed with the
 *   execution a poll emitted or alone after a poll that returned null; the activation poll is a
 *   test poll whose snapshot is thrown away unless it emitted. Global static data takes no part:
 *   it is saved with the workflow, after activation and when a poll emits.
 *
 * On both, a restart runs no activation poll (the scheduled jobs outlive it), and the poll gets a
 * time budget (`getPollBudgetMs`). The classic engine is n8n-core's own ActiveWorkflows
 * (ActivePoller in n8nHarness).
 */
import { PollContext } from 'n8n-core';
import type { IDataObject, INode, INodeParameters, IPollFunctions, Workflow } from 'n8n-workflow';
import { Workflow as N8nWorkflow } from 'n8n-workflow';
import { ActivePoller, nodeTypeName, TRIGGER_NAME, type Harness, type PollOutcome } from './n8nHarness';

export type TriggerEngine = 'classic' | 'scheduler' | 'durable';
export const TRIGGER_ENGINES: readonly TriggerEngine[] = ['classic', 'scheduler', 'durable'];

/** What the soaks and tests need of a running trigger, whatever the engine. */
export interface EnginePollerLike {
	activate(): Promise<PollOutcome>;
	poll(): Promise<PollOutcome>;
	restart(): Promise<PollOutcome>;
	deactivate(): Promise<void>;
	/** The user edits the node's parameters and saves the workflow: same node, same static data. */
	editParameters(parameters: INodeParameters): void;
	readonly isActive: boolean;
	readonly savedStaticData: IDataObject;
	/** The trigger node's static data as the next poll will see it. */
	readonly liveNodeData: IDataObject;
}

interface TriggerNode {
	type: string;
	parameters: INodeParameters;
	credentials?: INode['credentials'];
}

/** n8n 2.41's default scheduler budget: a 45 s poll timeout less its 9 s margin. */
export const SCHEDULER_POLL_BUDGET_MS = 36_000;

export function pollerFor(engine: TriggerEngine, harness: Harness, node: TriggerNode): EnginePollerLike {
	return engine === 'classic' ? new ActivePoller(harness, node) : new SchedulerPoller(harness, node, engine);
}

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value ?? {})) as T;

/** n8n 2.41's PollContext: node static data from the cursor snapshot where durable, and a budget. */
class SchedulerPollContext extends PollContext {
	constructor(
		workflow: Workflow,
		node: INode,
		harness: Harness,
		private readonly nodeStaticData: IDataObject | undefined,
		private readonly budgetMs: number,
	) {
		super(workflow, node, harness.additionalData, 'trigger', 'update');
	}

	getWorkflowStaticData(type: string): IDataObject {
		if (type === 'node' && this.nodeStaticData) return this.nodeStaticData;
		return super.getWorkflowStaticData(type);
	}

	getPollBudgetMs(): number {
		return this.budgetMs;
	}
}

export class SchedulerPoller implements EnginePollerLike {
	savedStaticData: IDataObject = {};
	/** The durable engine's cursor row for the trigger node. */
	cursor: IDataObject | undefined;
	private active = false;
	private static counter = 0;
	readonly workflowId = `wf-sched-${++SchedulerPoller.counter}`;
	budgetMs = SCHEDULER_POLL_BUDGET_MS;

	constructor(
		private readonly harness: Harness,
		private readonly node: TriggerNode,
		readonly engine: 'scheduler' | 'durable',
	) {}

	private buildWorkflow(): Workflow {
		return new N8nWorkflow({
			id: this.workflowId,
			name: 'scheduler poll test',
			nodes: [
				{
					id: 'trigger',
					name: TRIGGER_NAME,
					type: nodeTypeName(this.node.type),
					typeVersion: 1,
					position: [0, 0],
					parameters: { pollTimes: { item: [{ mode: 'everyMinute' }] }, ...this.node.parameters },
					credentials: this.node.credentials,
				},
			],
			connections: {},
			active: true,
			nodeTypes: this.harness.nodeTypes,
			staticData: clone(this.savedStaticData),
			settings: { executionOrder: 'v1' },
		});
	}

	/** WorkflowStaticDataService.saveStaticData: writes the workflow's static data if it changed. */
	private saveWorkflow(workflow: Workflow): void {
		const staticData = workflow.staticData as IDataObject & { __dataChanged?: boolean };
		if (staticData.__dataChanged !== true) return;
		const copy = clone(staticData);
		delete copy.__dataChanged;
		this.savedStaticData = copy;
	}

	private async runPoll(testPoll: boolean): Promise<PollOutcome> {
		const workflow = this.buildWorkflow();
		const node = workflow.getNode(TRIGGER_NAME) as INode;
		const durable = this.engine === 'durable';
		// PollCursorService.resolveCursor: the row, created from the node's static data when missing.
		if (durable) this.cursor ??= clone((this.savedStaticData[`node:${TRIGGER_NAME}`] ?? {}) as IDataObject);
		const snapshot = durable ? clone(this.cursor) : undefined;
		const context = new SchedulerPollContext(workflow, node, this.harness, snapshot, this.budgetMs);
		const nodeType = this.harness.nodeTypes.getByNameAndVersion(node.type, 1);
		let result;
		try {
			result = await nodeType.poll!.call(context as unknown as IPollFunctions);
		} catch (error) {
			return { emitted: [], error: error as PollOutcome['error'] };
		}
		if (result) {
			// Emitting: static data saved, the cursor committed with the execution.
			this.saveWorkflow(workflow);
			if (durable) this.cursor = snapshot;
			return { emitted: result[0] ?? [] };
		}
		if (durable && !testPoll) this.cursor = snapshot;
		if (testPoll) this.saveWorkflow(workflow);
		return { emitted: [] };
	}

	/** Activation: the first poll at once, as a test poll; its error fails activation. */
	async activate(): Promise<PollOutcome> {
		const outcome = await this.runPoll(true);
		this.active = outcome.error === undefined;
		return outcome;
	}

	async poll(): Promise<PollOutcome> {
		return await this.runPoll(false);
	}

	/** A restart of n8n: the scheduled jobs and the database outlive it; no activation poll runs. */
	async restart(): Promise<PollOutcome> {
		return { emitted: [] };
	}

	async deactivate(): Promise<void> {
		this.active = false;
	}

	editParameters(parameters: INodeParameters): void {
		this.node.parameters = parameters;
	}

	get isActive(): boolean {
		return this.active;
	}

	get liveNodeData(): IDataObject {
		const data = this.engine === 'durable' ? this.cursor : this.savedStaticData[`node:${TRIGGER_NAME}`];
		return clone((data ?? {}) as IDataObject);
	}
}
