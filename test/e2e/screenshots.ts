/**
 * `npm run screenshots`: PNGs of the nodes and the example workflows in the real n8n editor, into
 * docs/screenshots/. Starts the demo (simulators + a real n8n with this package, see demo.ts) on
 * free ports in its own user folder, signs in with Debian's headless Chromium driven by
 * playwright-core (which never downloads a browser), captures each screen and stops everything.
 *
 * Env: CHROMIUM_PATH (default /usr/bin/chromium), N8N_DEMO_VERSION (default 2.41.3),
 * SCREENSHOTS_ONLY (comma-separated shot names, to redo some), SCREENSHOTS_URL (capture from an
 * already running demo, e.g. `npm start`, instead of starting one; the execution shot then waits
 * for whatever the simulators produce, and the shots that need pending requests of their own are
 * skipped).
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
 * it loads keeps them from covering the view (keys of n8n-editor-ui 2.8 and 2.41).
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

const ABR_NODE_TYPE = 'n8n-nodes-vtmonitor-adminbyrequest.adminByRequest';
const ABR_TRIGGER_TYPE = 'n8n-nodes-vtmonitor-adminbyrequest.adminByRequestTrigger';
const ABR_CREDENTIAL = { adminByRequestApi: { id: EXAMPLE_CREDENTIAL_IDS.abr, name: 'Admin By Request account' } };
/** The approver the Deny shot names (the demo's simulator takes any portal user). */
const APPROVER = 'it-admin@contoso.com';

function scratchWorkflow(name: string, nodes: Array<Record<string, unknown>>, connections: Record<string, unknown> = {}) {
	return {
		name: `Screenshots: ${name}`,
		nodes: nodes.map((node, index) => ({
			id: `5c7a7c40-0000-4000-8000-${String(index + 1).padStart(12, '0')}`,
			typeVersion: 1,
			position: [index * 220, 0],
			...node,
		})),
		connections,
		settings: { executionOrder: 'v1' },
	};
}

function abrTrigger(name: string, parameters: Record<string, unknown>) {
	return scratchWorkflow(name, [
		{
			name: 'Admin By Request Trigger',
			type: ABR_TRIGGER_TYPE,
			parameters: { pollTimes: { item: [{ mode: 'everyMinute' }] }, ...parameters },
			credentials: ABR_CREDENTIAL,
		},
	]);
}

/** A Manual Trigger "Start" and one Admin By Request node `name`, for an action's parameter panel. */
function abrAction(name: string, parameters: Record<string, unknown>) {
	return scratchWorkflow(
		name,
		[
			{ name: 'Start', type: 'n8n-nodes-base.manualTrigger', parameters: {} },
			{ name, type: ABR_NODE_TYPE, parameters, credentials: ABR_CREDENTIAL },
		],
		{ Start: { main: [[{ node: name, type: 'main', index: 0 }]] } },
	);
}

/**
 * The workflows the parameter panels are shown in, created through n8n's REST API for the run and
 * deleted after it: n8n 2 saves every edit made in the editor, and the examples stay as they are.
 * `requestId` is a pending request of the simulator, for Deny.
 */
function scratchWorkflows(requestId: number) {
	return {
		abrTrigger: abrTrigger('Admin By Request Trigger, New Event', {
			filters: { codes: [93, 94], minLevel: 2 },
			options: { startFrom: 'lookback', lookbackDays: 7 },
		}),
		abrTriggerAuditLog: abrTrigger('Admin By Request Trigger, Audit Log Change', { triggerOn: 'auditLogChange', options: {} }),
		abrTriggerPending: abrTrigger('Admin By Request Trigger, New Pending Request', { triggerOn: 'pendingRequest', options: {} }),
		auditLogGetMany: abrAction('Audit log (Run As Admin, 3 days)', {
			resource: 'auditLog',
			operation: 'getAll',
			limit: 10,
			filters: { type: 'app', days: 3 },
			options: {},
		}),
		requestDeny: abrAction('Deny request', {
			resource: 'request',
			operation: 'deny',
			requestId: String(requestId),
			reason: 'Please use the software portal for this application',
			deniedBy: APPROVER,
		}),
	};
}

type ScratchKey = keyof ReturnType<typeof scratchWorkflows>;

interface Shot {
	name: string;
	caption: string;
	/** Needs the script's own demo (it adds simulator data); skipped with SCREENSHOTS_URL. */
	needsDemo?: boolean;
	take: (page: Page, ctx: ShotContext) => Promise<void>;
}

interface ShotContext {
	baseUrl: string;
	demo?: Demo;
	/** The ids of the workflows the script creates for the parameter panels (see scratchWorkflows). */
	scratch: Partial<Record<ScratchKey, string>>;
	/** A signed-in page for REST calls. */
	api?: Page;
	/** The execution of the alert-to-ticket example the execution shots show, once found. */
	executionId?: string;
	/** When alertEvents() added the events that execution is to have (unset: not yet). */
	alertsAddedAt?: number;
}

const log = (line: string) => console.log(`[screenshots] ${line}`);

// ---------------------------------------------------------------------------------------------
// n8n editor helpers (selectors of n8n 2.41 and 2.8: their elements carry data-test-id)

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
		// n8n 2.41 opens the Production Checklist the first time a published workflow is opened.
		page.getByTestId('suggested-actions-close'),
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
 * With our own demo, adds alert events so that the alert-to-ticket example's next poll (every
 * minute) certainly has some. Called before the other shots, so that the poll comes while they run.
 */
function alertEvents(ctx: ShotContext): void {
	if (!ctx.demo || ctx.alertsAddedAt) return;
	ctx.alertsAddedAt = Date.now();
	for (const eventCode of [93, 94, 92]) ctx.demo.abr.addEvent({ eventCode });
}

/** A successful trigger execution of the alert-to-ticket example that made tickets. */
async function ticketExecution(ctx: ShotContext): Promise<string> {
	if (ctx.executionId) return ctx.executionId;
	alertEvents(ctx);
	const since = ctx.alertsAddedAt ?? 0;
	log('waiting for a poll of the alert-to-ticket example (at most a minute)...');
	const filter = encodeURIComponent(JSON.stringify({ workflowId: EXAMPLE_IDS.abrAlertTicket, status: ['success'] }));
	const deadline = Date.now() + 150_000;
	while (Date.now() < deadline) {
		const { data } = (await rest(ctx.api!, 'GET', `/rest/executions?filter=${filter}&limit=20`)) as {
			data: { results: Array<{ id: string; mode: string; startedAt: string }> };
		};
		// The first poll after the alert events were added (the list is newest first).
		const found = data.results.filter((execution) => execution.mode === 'trigger' && Date.parse(execution.startedAt) > since).at(-1);
		if (found) return (ctx.executionId = found.id);
		await sleep(2_000);
	}
	throw new Error('no execution of the alert-to-ticket example within 150 s');
}

async function openExecution(page: Page, ctx: ShotContext): Promise<Page | FrameLocator> {
	const id = await ticketExecution(ctx);
	await page.goto(`${ctx.baseUrl}/workflow/${EXAMPLE_IDS.abrAlertTicket}/executions/${id}`);
	// The executions tab shows the run on a read-only canvas: in the page (n8n 2.41), or in an iframe (2.8).
	const node = '[data-test-id="canvas-node"]';
	await page.locator(`${node}, iframe`).first().waitFor({ timeout: 60_000 });
	const preview = (await page.locator(node).count()) > 0 ? page : page.frameLocator('iframe');
	await preview.locator(node).first().waitFor({ timeout: 60_000 });
	await settle(page, 1_500);
	return preview;
}

// ---------------------------------------------------------------------------------------------
// The screens

const SHOTS: Shot[] = [
	...(
		[
			['Admin By Request', 'Get many events', 'On new pending request'],
			['VirusTotal Monitor', 'Get many events', 'On new VirusTotal Monitor event'],
		] as const
	).map(
		([app, action, lastTrigger]): Shot => ({
			name: `nodes-panel-${app.toLowerCase().replace(/ /g, '-')}`,
			caption: `The node panel, searched for "${app}": its actions and triggers`,
			take: async (page, { baseUrl }) => {
				await openWorkflow(page, baseUrl, EXAMPLE_IDS.dailyReport);
				await page.getByTestId('node-creator-plus-button').click();
				await page.getByTestId('node-creator').locator('input').first().fill(app);
				await page.getByTestId('node-creator-item-name').getByText(app, { exact: true }).click();
				const creator = page.getByTestId('node-creator');
				await creator.getByText(action).first().waitFor();
				// In a workflow that has a trigger already, the Triggers section starts collapsed.
				await creator.getByText(/^Triggers \(/).click();
				const last = creator.getByText(lastTrigger, { exact: true }).first();
				await last.waitFor();
				// Admin By Request's eight actions and three triggers are taller than the panel: scroll to the last.
				await last.scrollIntoViewIfNeeded();
				await settle(page);
			},
		}),
	),
	...(
		[
			['abr-alert-to-ticket', EXAMPLE_IDS.abrAlertTicket, 'Example abr-alert-to-ticket.json: Admin By Request Trigger → alert, blocked or malware → ticket'],
			['abr-request-approval', EXAMPLE_IDS.abrRequestApproval, 'Example abr-request-approval.json: new pending request → message to the approver → wait → Approve or Deny'],
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
	...(
		[
			['abr-trigger-parameters', 'abrTrigger', 'Admin By Request Trigger, New Event, with filters and options set; Fetch Test Event shows the latest matching event', false],
			['abr-trigger-audit-log-change', 'abrTriggerAuditLog', 'Admin By Request Trigger on Audit Log Change; Fetch Test Event shows the newest entry, its changeType and previousStatus last', false],
			['abr-trigger-pending-request', 'abrTriggerPending', 'Admin By Request Trigger on New Pending Request, the Trigger On choices open; Fetch Test Event shows the newest pending request', true],
		] as const
	).map(
		([name, key, caption, needsDemo]): Shot => ({
			name,
			caption,
			needsDemo,
			take: async (page, { baseUrl, scratch }) => {
				await openWorkflow(page, baseUrl, scratch[key]!);
				const ndv = await openNode(page, 'Admin By Request Trigger');
				await ndv.getByRole('button', { name: 'Fetch Test Event' }).first().click();
				await showOutputAsJson(page, ndv);
				if (key === 'abrTriggerAuditLog') {
					// changeType and previousStatus come after the entry's own fields: scroll the output to its end.
					const output = await ndv.getByTestId('output-panel').boundingBox();
					if (output) await page.mouse.move(output.x + output.width / 2, output.y + output.height / 2);
					await page.mouse.wheel(0, 5_000);
					await ndv.getByTestId('output-panel').getByText('previousStatus').first().waitFor();
					await settle(page);
				}
				if (key === 'abrTriggerPending') {
					// Closing a popup later is a click outside, which would close the choices again.
					await dismissPopups(page);
					await ndv.getByTestId('parameter-input-triggerOn').click();
					await page.getByRole('option', { name: /Audit Log Change/ }).first().waitFor();
					await settle(page);
				}
			},
		}),
	),
	...(
		[
			['abr-audit-log-get-many', 'auditLogGetMany', 'Audit log (Run As Admin, 3 days)', 'Admin By Request Audit Log Get Many, Type Run As Admin and Days 3, run against the simulator', false],
			['abr-request-deny', 'requestDeny', 'Deny request', 'Admin By Request Request Deny with a reason and Denied By: the request is denied, outcome and message out', true],
		] as const
	).map(
		([name, key, node, caption, needsDemo]): Shot => ({
			name,
			caption,
			needsDemo,
			take: async (page, { baseUrl, scratch }) => {
				await openWorkflow(page, baseUrl, scratch[key]!);
				const ndv = await openNode(page, node);
				await ndv.getByTestId('node-execute-button').click();
				await showOutputAsJson(page, ndv);
			},
		}),
	),
	{
		name: 'vt-get-many-parameters',
		caption: 'VirusTotal Monitor Get Many with filters Action DETECTED and Level at least 2, run against the simulator',
		take: async (page, { baseUrl }) => {
			await openWorkflow(page, baseUrl, EXAMPLE_IDS.dailyReport);
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
	let api: Page | undefined;
	try {
		api = await context.newPage();
		await signIn(api, ctx.baseUrl);
		ctx.api = api;
		// With our own demo: a request that Deny decides, and one that stays pending for the trigger.
		const toDeny = ctx.demo?.abr.addPendingRequest({ kind: 'app' });
		ctx.demo?.abr.addPendingRequest({ kind: 'session' });
		if (only.length === 0 || only.some((name) => name.startsWith('execution-'))) alertEvents(ctx);
		for (const [key, workflow] of Object.entries(scratchWorkflows(toDeny?.id ?? 4_716_339))) {
			const created = (await rest(api, 'POST', '/rest/workflows', workflow)) as { data: { id: string } };
			ctx.scratch[key as ScratchKey] = created.data.id;
		}
		for (const shot of SHOTS) {
			if (only.length && !only.includes(shot.name)) continue;
			if (shot.needsDemo && !ctx.demo) {
				log(`${shot.name} skipped: it needs the script's own demo (not SCREENSHOTS_URL)`);
				continue;
			}
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
		for (const id of Object.values(ctx.scratch)) {
			// n8n 2 deletes only archived workflows; n8n 1 has no archive route and deletes directly.
			await rest(api!, 'POST', `/rest/workflows/${id}/archive`).catch(() => undefined);
			await rest(api!, 'DELETE', `/rest/workflows/${id}`).catch(() => undefined);
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
			ctx = { baseUrl: process.env.SCREENSHOTS_URL.replace(/\/$/, ''), scratch: {} };
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
			ctx = { baseUrl: demo.n8nUrl, demo, scratch: {} };
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
