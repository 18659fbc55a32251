import type { IDataObject, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { parameterError } from './executePerItem';
import { InvalidParameterError } from './InvalidParameterError';
import { withFailure } from './pollFailure';

/**
 * Reads a trigger's "Filters" and "Options" through its validating `read`, so that a bad
 * parameter fails the poll (and activation) before any request, naming the field.
 */
export function readTriggerParameters<T>(
	ctx: IPollFunctions,
	read: (filters: IDataObject, options: IDataObject) => T,
): T {
	try {
		return read(
			ctx.getNodeParameter('filters', {}) as IDataObject,
			ctx.getNodeParameter('options', {}) as IDataObject,
		);
	} catch (error) {
		if (error instanceof InvalidParameterError) throw parameterError(ctx.getNode(), error);
		throw withFailure(new NodeOperationError(ctx.getNode(), error as Error), { cause: 'configuration-invalid' });
	}
}
