import { buildAuditLogQuery } from '../../nodes/AdminByRequest/actions/auditLog/getAll.operation';
import { nextPageSize, toChoice } from '../../nodes/AdminByRequest/actions/common/query';
import { optionalEmail, optionalReason } from '../../nodes/AdminByRequest/actions/request/decisionFields';
import { buildRequestQuery } from '../../nodes/AdminByRequest/actions/request/getAll.operation';

describe('buildAuditLogQuery', () => {
	it('sends nothing that was not asked for', () => {
		expect(buildAuditLogQuery({}, {}, true, undefined)).toEqual({ path: '/auditlog', qs: {}, startId: undefined, newestCount: undefined, limit: undefined });
	});

	it('maps type, status, dates, scope and scan details', () => {
		expect(
			buildAuditLogQuery({ type: 'SESSION', status: 'quarantined', startDate: '2026-02-01', user: 'CONTOSO\\jdoe' }, { includeScanDetails: true }, false, 9),
		).toEqual({
			path: '/users/CONTOSO%5Cjdoe/auditlog',
			qs: { type: 'session', status: 'Quarantined', startdate: '2026-02-01', wantscandetails: 1 },
			startId: undefined,
			newestCount: undefined,
			limit: 9,
		});
		expect(buildAuditLogQuery({ newestFirst: true }, {}, false, 10_000).newestCount).toBe(10_000);
	});
});

describe('buildRequestQuery', () => {
	it('allows at most 1,000 per Limit and page, and has no date or scope filters', () => {
		expect(buildRequestQuery({ status: 'Pending', days: 3, computerName: 'PC' }, {}, false, 1_000)).toEqual({
			path: '/requests',
			qs: { status: 'Pending' },
			startId: undefined,
			newestCount: undefined,
			limit: 1_000,
		});
		expect(() => buildRequestQuery({}, {}, false, 1_001)).toThrow(/^Limit: must be a whole number from 1 to 1,000/);
		expect(nextPageSize(undefined, 1_000)).toBe(1_000);
		expect(nextPageSize(2_500, 1_000)).toBe(1_000);
	});
});

describe('toChoice', () => {
	it('matches without regard to case and answers the API spelling', () => {
		expect(toChoice(' pending ', 'Status', ['Approved', 'Pending'])).toBe('Pending');
		expect(() => toChoice('Pending&type=app', 'Status', ['Pending'])).toThrow(/^Status: must be one of Pending/);
	});
});

describe('Approve and Deny fields', () => {
	it.each(['it-admin@contoso.com', ' jane.doe+abr@sub.contoso.co.uk '])('accepts the e-mail %j', (email) => {
		expect(optionalEmail(email, 'Approved By')).toBe(email.trim());
	});

	it.each(['Jane Doe', 'a@b', 'a@b.com,c@d.com', 'a@b.com\r\nx: y', '<a@b.com>'])('refuses %j', (value) => {
		expect(() => optionalEmail(value, 'Denied By')).toThrow(/^Denied By: must be the e-mail address of a portal user/);
	});

	it('treats empty as absent', () => {
		expect(optionalEmail('  ', 'Approved By')).toBeUndefined();
		expect(optionalReason('')).toBeUndefined();
		expect(optionalReason(undefined)).toBeUndefined();
	});

	it('keeps a reason with line breaks and tabs, refuses other control characters and more than 1,000 characters', () => {
		expect(optionalReason(' Not now.\r\n\tAsk your manager. ')).toBe('Not now.\r\n\tAsk your manager.');
		expect(optionalReason('é'.repeat(1_000))).toHaveLength(1_000);
		expect(() => optionalReason('x'.repeat(1_001))).toThrow(/^Reason: is 1,001 characters long/);
		expect(() => optionalReason('bell\u0007')).toThrow(/^Reason: must not contain control characters/);
		expect(() => optionalReason('del\u007f')).toThrow(/^Reason:/);
	});
});
