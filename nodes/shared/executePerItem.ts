import type { IDataObject, IExecuteFunctions, INode, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { InvalidParameterError } from './InvalidParameterError';
import { withFailure } from './pollFailure';

/** The error n8n shows for a bad parameter: the field's name first, raised before any request. */
export function parameterError(
	node: INode,
	error: InvalidParameterError,
	itemIndex?: number,
): NodeOperationError {
	return withFailure(
		new NodeOperationError(node, error.message, {
			itemIndex,
			description: `Fix the "${error.field}" parameter. No request was sent.`,
		}),
		{ cause: 'configuration-invalid' },
	);
}

/**
 * Runs `produce` once per input item, as n8n's regular nodes do: every output item is paired with
 * its input item, and with "Continue On Fail" (`continueOnFail`, the node's `this.continueOnFail()`,
 * read in its execute()) a failing item becomes `{ error }` while the others still run.
 */
export async function executePerItem(
	ctx: IExecuteFunctions,
	continueOnFail: boolean,
	produce: (itemIndex: number) => Promise<IDataObject[]>,
): Promise<INodeExecutionData[][]> {
	const returnData: INodeExecutionData[] = [];
	const items = ctx.getInputData();
	for (let i = 0; i < items.length; i++) {
		let results: IDataObject[];
		try {
			results = await produce(i);
		} catch (error) {
			const failure =
				error instanceof InvalidParameterError ? parameterError(ctx.getNode(), error, i) : (error as Error);
			if (failure instanceof NodeOperationError && failure.context.itemIndex === undefined) {
				failure.context.itemIndex = i;
			}
			if (!continueOnFail) throw failure;
			returnData.push({ json: { error: failure.message }, pairedItem: { item: i } });
			continue;
		}
		// One pairedItem object for all of an input item's results, as n8n's own
		// constructExecutionMetaData does: a Get Many can return 100,000 of them.
		const pairedItem = { item: i };
		for (const json of results) returnData.push({ json, pairedItem });
	}
	return [returnData];
}
