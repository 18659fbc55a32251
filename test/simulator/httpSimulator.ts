/**
 * The HTTP side shared by the API simulators: a real server on 127.0.0.1 (random port), a request
 * log, and faults injected on demand, applied to whatever the API handler would have answered.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SimRequest {
	method: string;
	path: string;
	query: URLSearchParams;
	/** The raw query string, as the client encoded it. */
	rawQuery: string;
	headers: http.IncomingHttpHeaders;
}

export interface SimResponse {
	status: number;
	body: unknown;
	headers?: Record<string, string>;
}

export type Fault =
	| { kind: 'status'; status: number; body?: unknown; headers?: Record<string, string> }
	| { kind: 'reset' }
	| { kind: 'truncated' }
	| { kind: 'nonJson' }
	/** An answer written as it is: lets a test send JSON text no serializer would produce. */
	| { kind: 'raw'; status: number; text: string }
	| { kind: 'slow'; delayMs: number };

export interface LoggedRequest extends SimRequest {
	at: number;
	status?: number;
	fault?: Fault['kind'];
}

export type SimHandler = (request: SimRequest) => SimResponse;

export class HttpSimulator {
	readonly requests: LoggedRequest[] = [];
	private readonly faults: Array<{ fault: Fault; when: (request: SimRequest) => boolean }> = [];
	private server?: http.Server;
	private readonly sockets = new Set<import('node:net').Socket>();
	baseUrl = '';
	/** Called for every request before it is answered: lets a test change data mid-poll. */
	onRequest?: (request: SimRequest) => void;

	constructor(private readonly handler: SimHandler) {}

	async start(port = 0): Promise<string> {
		this.server = http.createServer((req, res) => this.serve(req, res));
		this.server.on('connection', (socket) => {
			this.sockets.add(socket);
			socket.on('close', () => this.sockets.delete(socket));
		});
		await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
		const { port: actual } = this.server.address() as AddressInfo;
		this.baseUrl = `http://127.0.0.1:${actual}`;
		return this.baseUrl;
	}

	async stop(): Promise<void> {
		for (const socket of this.sockets) socket.destroy();
		await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
	}

	/** Queues a fault for the next `times` requests that `when` accepts (every request by default). */
	injectFault(fault: Fault, times = 1, when: (request: SimRequest) => boolean = () => true): void {
		for (let i = 0; i < times; i++) this.faults.push({ fault, when });
	}

	clearFaults(): void {
		this.faults.length = 0;
	}

	clearLog(): void {
		this.requests.length = 0;
	}

	private takeFault(request: SimRequest): Fault | undefined {
		const index = this.faults.findIndex((entry) => entry.when(request));
		if (index === -1) return undefined;
		return this.faults.splice(index, 1)[0].fault;
	}

	private serve(req: http.IncomingMessage, res: http.ServerResponse): void {
		const url = new URL(req.url ?? '/', 'http://simulator');
		const request: SimRequest = {
			method: req.method ?? 'GET',
			path: url.pathname,
			query: url.searchParams,
			rawQuery: url.search.replace(/^\?/, ''),
			headers: req.headers,
		};
		const logged: LoggedRequest = { ...request, at: Date.now() };
		this.requests.push(logged);

		this.onRequest?.(request);
		const fault = this.takeFault(request);
		logged.fault = fault?.kind;
		if (fault?.kind === 'reset') {
			req.socket.destroy();
			return;
		}
		if (fault?.kind === 'status') {
			logged.status = fault.status;
			send(res, fault.status, JSON.stringify(fault.body ?? {}), fault.headers);
			return;
		}
		if (fault?.kind === 'raw') {
			logged.status = fault.status;
			send(res, fault.status, fault.text, { 'content-type': 'application/json' });
			return;
		}
		if (fault?.kind === 'nonJson') {
			logged.status = 200;
			send(res, 200, '<html><body>Service temporarily unavailable</body></html>', {
				'content-type': 'text/html',
			});
			return;
		}

		let answer: SimResponse;
		try {
			answer = this.handler(request);
		} catch (error) {
			answer = { status: 500, body: { message: (error as Error).message } };
		}
		logged.status = answer.status;
		// A Buffer is an answer encoded in advance: sent as it is, without serializing or encoding.
		let text: string | Buffer =
			typeof answer.body === 'string' || Buffer.isBuffer(answer.body) ? answer.body : JSON.stringify(answer.body);
		if (fault?.kind === 'truncated') {
			const half = Math.max(1, Math.floor(text.length / 2));
			text = typeof text === 'string' ? text.slice(0, half) : text.subarray(0, half);
		}
		if (fault?.kind === 'slow') {
			setTimeout(() => send(res, answer.status, text, answer.headers), fault.delayMs);
			return;
		}
		send(res, answer.status, text, answer.headers);
	}
}

function send(
	res: http.ServerResponse,
	status: number,
	text: string | Buffer,
	headers: Record<string, string> = {},
): void {
	if (res.destroyed || res.writableEnded) return;
	res.writeHead(status, {
		'content-type': 'application/json; charset=utf-8',
		'content-length': Buffer.byteLength(text),
		...headers,
	});
	res.end(text);
}
