/**
 * Thrown by the pure validation functions; the node turns it into a NodeOperationError that names
 * the field, so those functions stay free of n8n contexts and are unit-testable on their own.
 */
export class InvalidParameterError extends Error {
	constructor(
		readonly field: string,
		readonly problem: string,
	) {
		super(`${field}: ${problem}`);
		this.name = 'InvalidParameterError';
	}
}
