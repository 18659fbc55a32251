/**
 * `npm run screenshots`: PNGs of the nodes and the example workflows in the real n8n editor, into
 * docs/screenshots/. Starts the demo (simulators + a real n8n with this package, see demo.ts) on
 * free ports in its own user folder, signs in with Debian's headless Chromium driven by
 * playwright-core (which never downloads a browser), captures each screen and stops everything.
 *
 * Env: CHROMIUM_PATH (default /usr/bin/chromium), N8N_DEMO_VERSION (default 2.41.3),
 * SCREENSHOTS_ONLY (comma-separated shot names, to redo some), SCREENSHOTS_URL (capture from an
 * already running demo, e.g. `npm start`, instead of starting one; the execution shot then waits
 * for whatever the simulators produce).
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, selectors, type Browser, type BrowserContext, type FrameLocator, type Locator, type Page } from 'playwright-core';
import { DEMO_OWNER, startDemo, type Demo } from './demo';
import { ROOT, sleep } from './n8n';
import { EXAMPLE_CREDENTIAL_IDS, EXAMPLE_IDS } from './workflows';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const CHROMIUM_ARGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	// Without these Chromium keeps calling Google services, which floods a closed network.
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];
const OUT = path.join(ROOT, 'docs', 'screenshots');
const VIEWPORT = { width: 1440, height: 900 };

/**
 * n8n's editor remembers in localStorage which one-time hints it has shown; setting these before
 * it loads keeps them from covering the view (keys from n8n-editor-ui 2.8).
 */
const QUIET_EDITOR: Record<string, string> = {
	N8N_THEME: 'light',
	N8N_PIN_DATA_DISCOVERY_NDV: 'true', // "You can pin this output instead of waiting for a test event"
	N8N_PIN_DATA_DISCOVERY_CANVAS: 'true',
	N8N_MAPPING_ONBOARDED: 'true',
	N8N_TABLE_HOVER_ONBOARDED: 'true',
	N8N_AUTOCOMPLETE_ONBOARDED: 'true',
	N8N_HIDE_ACTIVATION_ALERT: 'true',
	N8N_HIDE_HIDE_GITHUB_STAR_BUTTON: 'true',
};

/** The Admin By Request Trigger with a couple of filters and options set, for its parameter panel. */
const SCRATCH_WORKFLOW = {
	name: 'Screenshots: Admin By Request Trigger parameters',
	nodes: [
		{
			id: '5c7a7c40-0000-4000-8000-000000000001',
			name: 'Admin By Request Trigger',
			type: 'n8n-nodes-vtmonitor-adminbyrequest.adminByRequestTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: {
				pollTimes: { item: [{ mode: 'everyMinute' }] },
				filters: { codes: [93, 94], minLevel: 2 },
				options: { startFrom: 'lookback', lookbackDays: 7 },
			},
			credentials: { adminByRequestApi: { id: EXAMPLE_CREDENTIAL_IDS.abr, name: 'Admin By Request account' } },
		},
	],
	connections: {},
	settings: { executionOrder: 'v1' },
};

interface Shot {
	name: string;
	caption: string;
	take: (page: Page, ctx: ShotContext) => Promise<void>;
}

interface ShotContext {
	baseUrl: string;
	demo?: Demo;
	/** A workflow the script creates for the parameter panels (see SCRATCH_WORKFLOW). */
	scratchWorkflowId: string;
	/** A signed-in page for REST calls. */
	api?: Page;
	/** The execution of the alert-to-ticket example the execution shots show, once found. */
	executionId?: string;
}

const log = (line: string) => console.log(`[screenshots] ${line}`);

// ---------------------------------------------------------------------------------------------
// n8n editor helpers (selectors of n8n 2.8: its elements carry data-test-id)

async function signIn(page: Page, baseUrl: string): Promise<void> {
	await page.goto(`${baseUrl}/signin`);
	await page.locator('input[name="emailOrLdapLoginId"]').fill(DEMO_OWNER.email);
	await page.locator('input[name="password"]').fill(DEMO_OWNER.password);
	await page.getByTestId('signin-form').getByRole('button', { name: 'Sign in' }).click();
	await page.waitForURL((url) => !url.pathname.startsWith('/signin'), { timeout: 60_000 });
}

/**
 * Closes what n8n shows uninvited: toasts, banners, dismissible callouts, the NPS survey and
 * what's-new modals (dialogs the shot opened itself stay open), then parks the mouse where
 * hovering shows no tooltip.
 */
async function dismissPopups(page: Page): Promise<void> {
	const closers = [
		page.locator('.el-notification .el-notification__closeBtn'),
		page.locator('[data-test-id^="banner-"][data-test-id$="-close"]'),
		page.getByTestId('callout-dismiss-icon'),
		page.locator('[data-test-id="nps-survey-modal"] .el-dialog__headerbtn'),
		page.locator('[data-test-id^="whats-new"] .el-dialog__headerbtn'),
	];
	for (const closer of closers) {
		for (const element of await closer.all()) {
			if (await element.isVisible().catch(() => false)) await element.click({ timeout: 2_000 }).catch(() => undefined);
		}
	}
	await parkMouse(page);
}

async function parkMouse(page: Page): Promise<void> {
	await page.mouse.move(VIEWPORT.width / 2, VIEWPORT.height - 1);
	await sleep(300);
}

/**
 * n8n's REST API as the signed-in editor calls it: from the page, with the session cookie and the
 * `browser-id` header the session is bound to.
 */
async function rest(page: Page, method: string, pathname: string, body?: unknown): Promise<unknown> {
	const result = await page.evaluate(
		async ({ method, pathname, body }) => {
			const storage = (globalThis as unknown as { localStorage: { getItem(key: string): string | null } }).localStorage;
			const response = await fetch(pathname, {
				method,
				headers: { 'content-type': 'application/json', 'browser-id': storage.getItem('n8n-browserId') ?? '' },
				body: body === undefined ? undefined : JSON.stringify(body),
			});
			return { status: response.status, text: await response.text() };
		},
		{ method, pathname, body },
	);
	if (result.status >= 400) throw new Error(`${method} ${pathname}: HTTP ${result.status} ${result.text.slice(0, 500)}`);
	return result.text ? JSON.parse(result.text) : undefined;
}

async function openWorkflow(page: Page, baseUrl: string, id: string): Promise<void> {
	await page.goto(`${baseUrl}/workflow/${id}`);
	await page.locator('[data-test-id="canvas-node"]').first().waitFor({ timeout: 60_000 });
	await settle(page);
}

/** Lets animations, fonts and lazy icons finish. */
async function settle(page: Page, ms = 800): Promise<void> {
	await page.waitForLoadState('networkidle').catch(() => undefined);
	await page.evaluate('document.fonts.ready');
	await sleep(ms);
}

async function openNode(page: Page, name: string): Promise<Locator> {
	await page.locator(`[data-test-id="canvas-node"][data-node-name="${name}"]`).dblclick();
	const ndv = page.getByTestId('ndv');
	await ndv.waitFor();
	await settle(page);
	return ndv;
}

/** Waits for the node's output (after a run) and shows it as JSON, the view that shows every field. */
async function showOutputAsJson(page: Page, ndv: Locator): Promise<void> {
	const output = ndv.getByTestId('output-panel');
	await output.getByText(/\d+ items?/).first().waitFor({ timeout: 60_000 });
	await output.getByText('JSON', { exact: true }).click();
	await settle(page);
}

/**
 * A successful trigger execution of the alert-to-ticket example that made tickets. With our own
 * demo, add alert events first so that the next poll (every minute) certainly has some.
 */
async function ticketExecution(ctx: ShotContext): Promise<string> {
	if (ctx.executionId) return ctx.executionId;
	let since = 0;
	if (ctx.demo) {
		since = Date.now();
		for (const eventCode of [93, 94, 92]) ctx.demo.abr.addEvent({ eventCode });
		log('waiting for the next poll of the alert-to-ticket example (at most a minute)...');
	}
	const filter = encodeURIComponent(JSON.stringify({ workflowId: EXAMPLE_IDS.abrAlertTicket, status: ['success'] }));
	const deadline = Date.now() + 150_000;
	while (Date.now() < deadline) {
		const { data } = (await rest(ctx.api!, 'GET', `/rest/executions?filter=${filter}&limit=20`)) as {
			data: { results: Array<{ id: string; mode: string; startedAt: string }> };
		};
		const found = data.results.find((execution) => execution.mode === 'trigger' && Date.parse(execution.startedAt) > since);
		if (found) return (ctx.executionId = found.id);
		await sleep(2_000);
	}
	throw new Error('no execution of the alert-to-ticket example within 150 s');
}

async function openExecution(page: Page, ctx: ShotContext): Promise<FrameLocator> {
	const id = await ticketExecution(ctx);
	await page.goto(`${ctx.baseUrl}/workflow/${EXAMPLE_IDS.abrAlertTicket}/executions/${id}`);
	// The executions tab shows the run in an iframe holding a read-only canvas.
	const preview = page.frameLocator('iframe');
	await preview.locator('[data-test-id="canvas-node"]').first().waitFor({ timeout: 60_000 });
	await settle(page, 1_500);
	return preview;
}

// ---------------------------------------------------------------------------------------------
// The screens

const SHOTS: Shot[] = [
	...(['Admin By Request', 'VirusTotal Monitor'] as const).map(
		(app): Shot => ({
			name: `nodes-panel-${app.toLowerCase().replace(/ /g, '-')}`,
			caption: `The node panel, searched for "${app}": its trigger and actions`,
			take: async (page, { baseUrl }) => {
				await openWorkflow(page, baseUrl, 'exDailyReport00');
				await page.getByTestId('node-creator-plus-button').click();
				await page.getByTestId('node-creator').locator('input').first().fill(app);
				await page.getByTestId('node-creator-item-name').getByText(app, { exact: true }).click();
				const creator = page.getByTestId('node-creator');
				await creator.getByText('Get many events').first().waitFor();
				// In a workflow that has a trigger already, the Triggers section starts collapsed.
				await creator.getByText(/^Triggers \(/).click();
				await creator.getByText(`On new ${app} event`).first().waitFor();
				await settle(page);
			},
		}),
	),
	...(
		[
			['abr-alert-to-ticket', EXAMPLE_IDS.abrAlertTicket, 'Example abr-alert-to-ticket.json: Admin By Request Trigger → alert, blocked or malware → ticket'],
			['vt-detected-to-message', EXAMPLE_IDS.vtDetectedMessage, 'Example vt-detected-to-message.json: VirusTotal Monitor Trigger → DETECTED → message'],
			['daily-report', EXAMPLE_IDS.dailyReport, 'Example daily-report.json: both Get Many operations, each aggregated into one daily report'],
		] as const
	).map(
		([file, id, caption]): Shot => ({
			name: `workflow-${file}`,
			caption,
			take: async (page, { baseUrl }) => {
				await openWorkflow(page, baseUrl, id);
			},
		}),
	),
	{
		name: 'abr-trigger-parameters',
		caption: 'Admin By Request Trigger with filters and options set; Fetch Test Event shows the latest matching event',
		take: async (page, { baseUrl, scratchWorkflowId }) => {
			// A scratch workflow: n8n 2 saves every edit made in the editor, and the examples stay as they are.
			await openWorkflow(page, baseUrl, scratchWorkflowId);
			const ndv = await openNode(page, 'Admin By Request Trigger');
			await ndv.getByRole('button', { name: 'Fetch Test Event' }).first().click();
			await showOutputAsJson(page, ndv);
		},
	},
	{
		name: 'vt-get-many-parameters',
		caption: 'VirusTotal Monitor Get Many with filters Action DETECTED and Level at least 2, run against the simulator',
		take: async (page, { baseUrl }) => {
			await openWorkflow(page, baseUrl, 'exDailyReport00');
			const ndv = await openNode(page, 'Detections (level 2+)');
			await ndv.getByTestId('node-execute-button').click();
			await showOutputAsJson(page, ndv);
		},
	},
	{
		name: 'abr-credential',
		caption: 'The Admin By Request credential: API key (stored encrypted, never shown), data center or custom base URL',
		take: async (page, { baseUrl }) => {
			await page.goto(`${baseUrl}/home/credentials`);
			await page.getByText('Admin By Request account').first().click();
			await page.getByTestId('credential-edit-dialog').waitFor();
			await settle(page);
		},
	},
	{
		name: 'execution-abr-alert-to-ticket',
		caption: 'A run of the alert-to-ticket example started by the trigger: new events, the alerts kept, one ticket each',
		take: async (page, ctx) => {
			await openExecution(page, ctx);
		},
	},
	{
		name: 'execution-ticket-output',
		caption: 'The same run, the Ticket node: events in, tickets (title, priority, body) out',
		take: async (page, ctx) => {
			const preview = await openExecution(page, ctx);
			await preview.locator('[data-test-id="canvas-node"][data-node-name="Ticket"]').dblclick();
			const ndv = preview.getByTestId('ndv');
			await ndv.waitFor();
			const output = ndv.getByTestId('output-panel');
			await output.getByText(/\d+ items?/).first().waitFor();
			await output.getByText('Table', { exact: true }).click();
			// Give the output (the tickets) the room the input takes by default.
			const handle = await ndv.getByTestId('panel-drag-button').boundingBox();
			if (handle) {
				await page.mouse.move(handle.x + handle.width / 2, handle.y + handle.height / 2);
				await page.mouse.down();
				await page.mouse.move(handle.x + handle.width / 2 - 260, handle.y + handle.height / 2, { steps: 10 });
				await page.mouse.up();
			}
			await settle(page);
		},
	},
];

// ---------------------------------------------------------------------------------------------

async function capture(browser: Browser, ctx: ShotContext, only: string[]): Promise<string[]> {
	const context: BrowserContext = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1, locale: 'en-US', timezoneId: 'UTC' });
	context.setDefaultTimeout(30_000);
	await context.addInitScript(`for (const [key, value] of Object.entries(${JSON.stringify(QUIET_EDITOR)})) localStorage.setItem(key, value);`);
	const written: string[] = [];
	let scratchWorkflowId: string | undefined;
	let api: Page | undefined;
	try {
		api = await context.newPage();
		await signIn(api, ctx.baseUrl);
		const created = await rest(api, 'POST', '/rest/workflows', SCRATCH_WORKFLOW);
		scratchWorkflowId = (created as { data: { id: string } }).data.id;
		ctx.scratchWorkflowId = scratchWorkflowId;
		ctx.api = api;
		for (const shot of SHOTS) {
			if (only.length && !only.includes(shot.name)) continue;
			const page = await context.newPage();
			try {
				await shot.take(page, ctx);
				await dismissPopups(page);
				const file = path.join(OUT, `${shot.name}.png`);
				await page.screenshot({ path: file });
				written.push(file);
				log(`${path.relative(ROOT, file)} (${Math.round(fs.statSync(file).size / 1024)} KB): ${shot.caption}`);
			} catch (error) {
				const file = path.join(ROOT, '.cache', `screenshots-failed-${shot.name}.png`);
				await page.screenshot({ path: file }).catch(() => undefined);
				throw new Error(`shot ${shot.name}: ${(error as Error).message}\n(the page as it was: ${file})`);
			} finally {
				await page.close();
			}
		}
	} finally {
		if (api && scratchWorkflowId) {
			// n8n 2 deletes only archived workflows; n8n 1 has no archive route and deletes directly.
			await rest(api, 'POST', `/rest/workflows/${scratchWorkflowId}/archive`).catch(() => undefined);
			await rest(api, 'DELETE', `/rest/workflows/${scratchWorkflowId}`).catch(() => undefined);
		}
		await context.close();
	}
	return written;
}

async function main(): Promise<number> {
	if (!fs.existsSync(CHROMIUM)) {
		console.error(
			`Chromium not found at ${CHROMIUM}. npm run screenshots drives Debian's headless Chromium:\n` +
				`  sudo apt-get install chromium\n` +
				`or set CHROMIUM_PATH to another Chromium or Chrome binary.`,
		);
		return 1;
	}
	const only = (process.env.SCREENSHOTS_ONLY ?? '').split(',').filter(Boolean);
	const started = Date.now();
	let demo: Demo | undefined;
	let browser: Browser | undefined;
	let interrupted = false;
	const onSignal = () => {
		interrupted = true;
		log('interrupted, stopping...');
		void Promise.allSettled([browser?.close(), demo?.stop()]).then(() => process.exit(130));
	};
	process.on('SIGINT', onSignal);
	process.on('SIGTERM', onSignal);
	try {
		let ctx: ShotContext;
		if (process.env.SCREENSHOTS_URL) {
			ctx = { baseUrl: process.env.SCREENSHOTS_URL.replace(/\/$/, ''), scratchWorkflowId: '' };
		} else {
			log('starting the demo (simulators and n8n) on free ports...');
			demo = await startDemo({
				version: process.env.N8N_DEMO_VERSION,
				port: 0,
				abrPort: 0,
				vtPort: 0,
				userFolder: path.join(ROOT, '.cache', 'screenshots-n8n'),
				log,
			});
			ctx = { baseUrl: demo.n8nUrl, demo, scratchWorkflowId: '' };
			log(`n8n ${demo.version} ready at ${demo.n8nUrl} after ${Math.round((Date.now() - started) / 1000)} s`);
		}
		fs.mkdirSync(OUT, { recursive: true });
		browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
		selectors.setTestIdAttribute('data-test-id');
		const written = await capture(browser, ctx, only);
		log(`wrote ${written.length} screenshot(s) to ${path.relative(ROOT, OUT)}/ in ${Math.round((Date.now() - started) / 1000)} s`);
		return 0;
	} catch (error) {
		if (!interrupted) console.error(`[screenshots] ${(error as Error).message}`);
		return 1;
	} finally {
		await browser?.close().catch(() => undefined);
		if (demo) {
			log('stopping n8n and the simulators...');
			await demo.stop();
		}
	}
}

void main().then((code) => process.exit(code));
