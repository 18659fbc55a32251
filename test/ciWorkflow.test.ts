/**
 * GitHub's CI runs the e2e targets as a matrix of jobs; together they must be exactly the targets
 * `npm run test:e2e` runs by default (and .ci/run runs here), each job caching the n8n it runs.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { ROOT } from './e2e/n8n';
import { DEFAULT_TARGETS } from './e2e/run';

interface E2eJob {
	strategy: { matrix: { include: Array<{ n8n: string; targets: string }> } };
	steps: Array<{ name?: string; with?: { path?: string }; env?: Record<string, string> }>;
}

const workflow = parse(fs.readFileSync(path.join(ROOT, '.github', 'workflows', 'ci.yml'), 'utf8')) as {
	jobs: { e2e: E2eJob };
};
const { include } = workflow.jobs.e2e.strategy.matrix;

it('the e2e matrix runs every default e2e target once, and nothing else', () => {
	const targets = include.flatMap((job) => job.targets.split(','));
	expect([...targets].sort()).toEqual([...DEFAULT_TARGETS].sort());
});

it('each e2e job runs only targets of the n8n it caches', () => {
	for (const job of include) {
		for (const target of job.targets.split(',')) expect(target.split(':')[0]).toBe(job.n8n);
	}
	const cache = workflow.jobs.e2e.steps.find((step) => step.with?.path?.includes('n8n-${{ matrix.n8n }}'));
	expect(cache?.with?.path).toContain('node-*');
	const run = workflow.jobs.e2e.steps.find((step) => step.env?.N8N_E2E_VERSIONS);
	expect(run?.env?.N8N_E2E_VERSIONS).toBe('${{ matrix.targets }}');
});
