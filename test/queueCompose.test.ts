/**
 * examples/queue-mode: the docker-compose.yml and Dockerfile operators start from. There is no
 * Docker engine here, so they are checked as files: the YAML parses (with its merge keys), and
 * its services, environment and shared settings are those `npm run test:e2e` proves in queue mode
 * (test/e2e/queue.ts), on the n8n version the e2e proves.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { DEFAULT_N8N_VERSION, PACKAGE_NAME, ROOT } from './e2e/n8n';
import { sharedQueueEnv, workerEnv } from './e2e/queue';

const FOLDER = path.join(ROOT, 'examples', 'queue-mode');

interface Service {
	image?: string;
	build?: { context?: string; args?: Record<string, string> };
	command?: string;
	environment?: Record<string, string>;
	volumes?: string[];
	ports?: string[];
	depends_on?: Record<string, { condition: string }>;
	healthcheck?: unknown;
}

const compose = parse(fs.readFileSync(path.join(FOLDER, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
	services: Record<string, Service>;
	volumes?: Record<string, unknown>;
};
const { services } = compose;
const main = services['n8n'];
const worker = services['n8n-worker'];
const n8nServices = [main, worker];

describe('examples/queue-mode/docker-compose.yml', () => {
	test('has a main, a worker, PostgreSQL and Redis', () => {
		expect(Object.keys(services).sort()).toEqual(['n8n', 'n8n-worker', 'postgres', 'redis']);
		expect(main.command ?? 'start').toBe('start');
		expect(worker.command).toBe('worker');
		expect(services.postgres.image).toMatch(/^postgres:\d+/);
		expect(services.redis.image).toMatch(/^redis:\d+/);
		expect(services.postgres.healthcheck).toBeDefined();
		expect(services.redis.healthcheck).toBeDefined();
	});

	test('main and worker run one image, built from the Dockerfile on the n8n version the e2e proves', () => {
		for (const service of n8nServices) {
			expect(service.build?.context).toBe('.');
			expect(service.build?.args?.N8N_VERSION).toBe(DEFAULT_N8N_VERSION);
			expect(service.image).toBe(main.image);
		}
	});

	test('both share the settings the e2e queue run uses: PostgreSQL, queue mode, Redis, one encryption key', () => {
		const postgres = services.postgres.environment!;
		const e2eShared = sharedQueueEnv({ host: 'postgres', port: 5432, database: postgres.POSTGRES_DB, user: postgres.POSTGRES_USER, password: postgres.POSTGRES_PASSWORD }, { host: 'redis', port: 6379 });
		for (const service of n8nServices) {
			const env = service.environment!;
			for (const [key, value] of Object.entries(e2eShared)) expect([key, env[key]]).toEqual([key, value]);
			expect(env.N8N_ENCRYPTION_KEY).toMatch(/^\$\{N8N_ENCRYPTION_KEY/);
			expect(env.N8N_ENCRYPTION_KEY).toBe(main.environment!.N8N_ENCRYPTION_KEY);
			// The hosts are the services' names; the instances wait for both to be healthy.
			expect(services[env.DB_POSTGRESDB_HOST]).toBe(services.postgres);
			expect(services[env.QUEUE_BULL_REDIS_HOST]).toBe(services.redis);
			expect(service.depends_on?.postgres?.condition).toBe('service_healthy');
			expect(service.depends_on?.redis?.condition).toBe('service_healthy');
			// A volume over the user folder would hide the package baked into the image.
			expect((service.volumes ?? []).filter((volume) => /\/home\/node\/\.n8n/.test(volume))).toEqual([]);
		}
	});

	test('only the worker has the health check the e2e gives it; only the main publishes a port', () => {
		const workerOwn = workerEnv(5679);
		for (const [key, value] of Object.entries(workerOwn)) expect(worker.environment![key]).toBe(value);
		expect(main.environment!.QUEUE_HEALTH_CHECK_ACTIVE).toBeUndefined();
		expect(main.ports).toEqual(['5678:5678']);
		expect(worker.ports).toBeUndefined();
	});
});

describe('examples/queue-mode/Dockerfile', () => {
	const dockerfile = fs.readFileSync(path.join(FOLDER, 'Dockerfile'), 'utf8');

	test('starts from the official image of the n8n version the e2e proves', () => {
		expect(dockerfile).toContain(`ARG N8N_VERSION=${DEFAULT_N8N_VERSION}\nFROM n8nio/n8n:\${N8N_VERSION}`);
	});

	test('installs this package where n8n loads community packages, without n8n-workflow', () => {
		expect(dockerfile).toContain(`ARG PACKAGE=${PACKAGE_NAME}@`);
		expect(dockerfile).toMatch(/cd \/home\/node\/\.n8n\/nodes\s*\\\n\s*&& npm install --omit=peer [^\n]*"\$\{PACKAGE\}"/);
		expect(dockerfile).toMatch(/^USER node$/m);
	});
});
