import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { executePerItem } from '../../shared/executePerItem';
import { toInteger } from '../../shared/validate';
import * as auditLog from './auditLog';
import * as event from './event';
import * as request from './request';

/** What every operation implements: its result items for input item `i`. */
export type Operation = (this: IExecuteFunctions, i: number, timeoutMs: number) => Promise<IDataObject[]>;

const RESOURCES: Record<string, Record<string, Operation>> = {
	auditLog: auditLog.operations,
	event: event.operations,
	request: request.operations,
};

/**
 * Runs the chosen resource's operation once per input item. Resource and operation are read per
 * item, like every other parameter; a saved workflow without a resource means events (the node's
 * only resource before the audit log and requests came).
 */
export async function route(this: IExecuteFunctions, continueOnFail: boolean): Promise<INodeExecutionData[][]> {
	return await executePerItem(this, continueOnFail, async (i) => {
		const resource = this.getNodeParameter('resource', i) as string;
		const operation = this.getNodeParameter('operation', i) as string;
		const run = own(own(RESOURCES, resource), operation);
		if (!run) {
			throw new NodeOperationError(
				this.getNode(),
				`The operation "${operation}" is not supported for resource "${resource}"`,
				{ itemIndex: i },
			);
		}
		const options = this.getNodeParameter('options', i, {}) as IDataObject;
		const timeoutMs = toInteger(options.timeout ?? 30000, 'Timeout', 1000, 600_000);
		return await run.call(this, i, timeoutMs);
	});
}

/** A record's own entry: never one of Object.prototype's (an expression could name "constructor"). */
function own<T>(record: Record<string, T> | undefined, key: string): T | undefined {
	return record && Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}
