import type { IDataObject, IPollFunctions } from 'n8n-workflow';

/**
 * Where a trigger started, kept where every n8n version saves it after activation.
 *
 * The first poll of an activation decides the starting checkpoint ("now", or the lookback). n8n
 * 2.41 with durable poll cursors runs that poll as a test poll and throws away what it wrote to the
 * node's static data, so the first scheduled poll would decide "now" again, later, and the events
 * in between would never be emitted. The workflow's global static data takes no part in the
 * cursor: n8n saves it after activation on every version and engine. A poll that finds no
 * checkpoint of its own starts from this anchor instead of deciding again.
 *
 * Keyed by node id and name: a renamed or new node starts afresh, as its node static data does.
 * A node whose trigger keeps several kinds of checkpoint (the Admin By Request Trigger's "Trigger
 * On" choices, each under its own keys) keeps their starts side by side, as its node static data
 * keeps their checkpoints: a write adds its keys to the anchor and leaves the others alone, so a
 * choice switched away and back finds its own start again.
 */
export function readStartAnchor(ctx: IPollFunctions): IDataObject | undefined {
	const anchors = ctx.getWorkflowStaticData('global').triggerStart as IDataObject | undefined;
	const anchor = anchors?.[anchorKey(ctx)];
	return anchor && typeof anchor === 'object' && !Array.isArray(anchor) ? (anchor as IDataObject) : undefined;
}

export function writeStartAnchor(ctx: IPollFunctions, checkpoint: IDataObject): void {
	const global = ctx.getWorkflowStaticData('global');
	const anchors = { ...((global.triggerStart as IDataObject | undefined) ?? {}) };
	const key = anchorKey(ctx);
	const previous = anchors[key];
	const kept = previous && typeof previous === 'object' && !Array.isArray(previous) ? (previous as IDataObject) : {};
	anchors[key] = { ...kept, ...(JSON.parse(JSON.stringify(checkpoint)) as IDataObject) };
	global.triggerStart = anchors;
}

function anchorKey(ctx: IPollFunctions): string {
	const node = ctx.getNode();
	return `${node.id ?? ''}:${node.name}`;
}
