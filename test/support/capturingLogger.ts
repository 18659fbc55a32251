import { inspect } from 'node:util';
import { Logger } from '@n8n/backend-common';
import { Container } from '@n8n/di';
import { LoggerProxy } from 'n8n-workflow';

/**
 * Stands in for n8n's logger (both the DI Logger n8n-core resolves and n8n-workflow's
 * LoggerProxy) and keeps every line, with its metadata, for the API-key sweep. Install it before
 * the first workflow is activated in the process.
 */
export function installCapturingLogger(): string[] {
	const lines: string[] = [];
	const write = (level: string) => (message: string, metadata?: unknown) => {
		lines.push(`${level} ${message} ${metadata === undefined ? '' : inspect(metadata, { depth: 8 })}`);
	};
	const logger = {
		error: write('error'),
		warn: write('warn'),
		info: write('info'),
		debug: write('debug'),
		scoped: () => logger,
	};
	Container.set(Logger, logger as unknown as Logger);
	LoggerProxy.init(logger as never);
	return lines;
}
