/**
 * The approval example (examples/abr-request-approval.json) inside a running n8n: two pending
 * requests are made; for each, the test waits until the example's execution waits for the answer,
 * takes the Approve or Deny link from its message, calls it as the approver would, and checks that
 * the simulator's request ended approved or denied by that approver.
 */
import assert from 'node:assert/strict';
import type { AdminByRequestSimulator } from '../simulator/adminByRequestSimulator';
import { sleep, type ExecutionData, type N8n } from './n8n';
import { EXAMPLE_IDS } from './workflows';

const TIMEOUT_MS = 120_000;
const APPROVER = 'it-admin@contoso.com';

function messages(data: ExecutionData): Array<Record<string, unknown>> {
	const runs = data?.resultData?.runData?.['Message to approver'] ?? [];
	return runs.flatMap((run) => (run.data?.main?.[0] ?? []).map((item) => item.json));
}

/** The link in the message of the execution that now waits for an answer about `requestId`. */
async function linkFor(n8n: N8n, requestId: number, decision: 'Approve' | 'Deny'): Promise<string> {
	const deadline = Date.now() + TIMEOUT_MS;
	while (Date.now() < deadline) {
		for (const run of await n8n.executions(EXAMPLE_IDS.abrRequestApproval)) {
			const last = messages(run.data).at(-1);
			if (run.status !== 'waiting' || Number(last?.requestId) !== requestId) continue;
			const link = new RegExp(`^${decision}: (\\S+)$`, 'm').exec(String(last?.text))?.[1];
			assert.ok(link, `the message carries a ${decision} link: ${String(last?.text)}`);
			return link.replace('//localhost:', '//127.0.0.1:');
		}
		await sleep(1_000);
	}
	throw new Error(`no execution of the approval example waited for request ${requestId} within ${TIMEOUT_MS / 1000} s`);
}

export async function checkApprovalExample(n8n: N8n, abr: AdminByRequestSimulator, log: (line: string) => void): Promise<void> {
	// Start From "Now": the example's activation poll must come before the requests it should see.
	const activationPoll = () => abr.requests.some((r) => r.path === '/requests' && r.query.get('last') === '1' && r.status === 200);
	const activatedBy = Date.now() + TIMEOUT_MS;
	while (!activationPoll() && Date.now() < activatedBy) await sleep(500);
	assert.ok(activationPoll(), 'the approval example made its activation request');

	const toApprove = abr.addPendingRequest({ kind: 'app' });
	const toDeny = abr.addPendingRequest();
	for (const [request, decision] of [
		[toApprove, 'Approve'],
		[toDeny, 'Deny'],
	] as const) {
		const link = await linkFor(n8n, request.id, decision);
		assert.match(link, new RegExp(`approver=${encodeURIComponent(APPROVER)}`));
		const response = await fetch(link);
		assert.equal(response.status, 200, `resuming ${link}`);
		log(`approval example: request ${request.id} waited for its answer; ${decision} link called`);
	}

	const decided = () => [abr.request(toApprove.id), abr.request(toDeny.id)];
	const deadline = Date.now() + TIMEOUT_MS;
	while (decided().some((r) => r?.status === 'Pending') && Date.now() < deadline) await sleep(1_000);
	const [approved, denied] = decided();
	assert.deepEqual(
		{ status: approved?.status, approvedByEmail: approved?.approvedByEmail },
		{ status: 'Approved', approvedByEmail: APPROVER },
		'the first request ended approved by the approver',
	);
	assert.deepEqual(
		{ status: denied?.status, deniedByEmail: denied?.deniedByEmail, deniedReason: denied?.deniedReason },
		{ status: 'Denied', deniedByEmail: APPROVER, deniedReason: 'Not approved' },
		'the second request ended denied by the approver, with the reason',
	);
	const finishedBy = Date.now() + TIMEOUT_MS;
	let runs = await n8n.executions(EXAMPLE_IDS.abrRequestApproval);
	while (runs.some((run) => run.status === 'waiting' || run.status === 'running') && Date.now() < finishedBy) {
		await sleep(1_000);
		runs = await n8n.executions(EXAMPLE_IDS.abrRequestApproval);
	}
	assert.deepEqual(runs.map((run) => run.status).filter((status) => status !== 'success'), [], 'every approval run finished');
	log(`approval example: ${runs.length} execution(s); request ${toApprove.id} approved, ${toDeny.id} denied, by ${APPROVER}`);
}
