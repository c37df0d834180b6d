/**
 * A SIMULATION of a git host's REST API — Gitea API v1 or the GitHub REST API — for the real
 * Decap CMS in a browser test or benchmark. It is NOT Gitea or GitHub: it answers the requests
 * Decap 3.16.3's `gitea` and `github` backends make (see ./gitea.ts and ./github.ts for the list
 * and the Decap source lines), over a real git repository read and written through git itself
 * (./git.ts), with the hosts' paging rules:
 *
 * - Gitea: `git/trees` gives at most 1,000 entries per page (`per_page` cannot raise it:
 *   setting.API.DefaultGitTreesPerPage, services/repository/files/tree.go), `truncated` says more
 *   pages follow;
 * - GitHub: a recursive tree stops at 100,000 entries with `truncated: true`.
 *
 * It serves 127.0.0.1 on a free port, checks the token (`Authorization: token …` or
 * `Bearer …`), answers CORS preflights for the admin's origin, sends ETag and Cache-Control
 * headers (conditional requests get 304) and counts every request by endpoint kind.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GitRepo } from './git.ts';
import { giteaRoutes } from './gitea.ts';
import { githubRoutes } from './github.ts';

export type HostKind = 'gitea' | 'github';

export interface GitHostOptions {
	kind: HostKind;
	/** Path of a git repository (bare or not) holding the branch editors publish to. */
	repoDir: string;
	/** `owner/name` as the CMS config names it. */
	repo: string;
	/** The one token the host accepts. */
	token: string;
	/** The user the token belongs to. */
	user?: { login: string; name: string; email: string };
	/** Origin allowed by CORS (Gitea's [cors] ALLOW_DOMAIN); GitHub answers `*`. */
	allowOrigin?: string;
	/** Largest recursive tree GitHub returns before `truncated` (100,000). */
	githubTreeLimit?: number;
	/** Gitea's DefaultGitTreesPerPage (1,000). */
	giteaTreesPerPage?: number;
}

/** One answered request, as the count records it. */
export interface RequestRecord {
	method: string;
	/** Endpoint kind, e.g. `GET git/blobs`, `GET commits`, `POST contents`. */
	kind: string;
	path: string;
	status: number;
	/** When it was answered (performance.now()). */
	at: number;
}

export interface GitHost {
	kind: HostKind;
	origin: string;
	/** What Decap's `api_root` must be: `<origin>/api/v1` (Gitea) or `<origin>` (GitHub). */
	apiRoot: string;
	repo: GitRepo;
	/** Every request except CORS preflights, in order. */
	requests: RequestRecord[];
	/** CORS preflights (OPTIONS): answered without a token, not counted by hosts' rate limits. */
	preflights: number;
	/** Requests per endpoint kind, with `total`, `304` (not modified) and `unknown` (no such endpoint). */
	counts(): Record<string, number>;
	reset(): void;
	close(): Promise<void>;
}

export class HttpError extends Error {
	readonly status: number;
	constructor(status: number, message: string) {
		super(message);
		this.status = status;
	}
}

/** What a route handler gets. */
export interface Call {
	method: string;
	/** Path below the API root, decoded segments kept as sent: `/repos/o/r/git/blobs/<sha>`. */
	path: string;
	query: URLSearchParams;
	body: any;
	repo: GitRepo;
	options: Required<Omit<GitHostOptions, 'allowOrigin'>> & { allowOrigin?: string };
	/** Absolute URL of a path below the API root (for `url` fields and Link headers). */
	url(path: string): string;
	/** Extra response headers (Link, X-Total-Count). */
	headers: Record<string, string>;
}

export interface Route {
	method: string;
	/** Matched against Call.path; named groups become params. */
	pattern: RegExp;
	kind: string;
	handle(call: Call, params: Record<string, string>): Promise<unknown> | unknown;
	/** Status of a success (default 200). */
	status?: number;
}

export async function startGitHost(options: GitHostOptions): Promise<GitHost> {
	const full = {
		user: { login: 'editor', name: '测试编辑', email: 'editor@example.org' },
		githubTreeLimit: 100_000,
		giteaTreesPerPage: 1000,
		...options,
	};
	const repo = new GitRepo(options.repoDir);
	const prefix = options.kind === 'gitea' ? '/api/v1' : '';
	const routes = options.kind === 'gitea' ? giteaRoutes : githubRoutes();
	const requests: RequestRecord[] = [];
	let preflights = 0;
	let origin = '';

	const server = createServer((req, res) => {
		handle(req, res).catch((error: unknown) => {
			if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
			res.end(JSON.stringify({ message: String(error) }));
		});
	});

	async function handle(req: IncomingMessage, res: ServerResponse) {
		const url = new URL(req.url ?? '/', 'http://127.0.0.1');
		const cors = corsHeaders(req, options);
		if (req.method === 'OPTIONS') {
			preflights++;
			res.writeHead(204, {
				...cors,
				'access-control-allow-methods': 'GET, POST, PATCH, PUT, DELETE',
				'access-control-allow-headers':
					'Authorization, Content-Type, If-None-Match, If-Modified-Since, Cache-Control, X-Requested-With',
				'access-control-max-age': '86400',
			});
			return void res.end();
		}
		const method = req.method ?? 'GET';
		const send = (
			status: number,
			kind: string,
			body: unknown,
			extra: Record<string, string> = {}
		) => {
			requests.push({
				method,
				kind,
				path: url.pathname + url.search,
				status,
				at: performance.now(),
			});
			const text = body === undefined ? '' : JSON.stringify(body);
			const headers: Record<string, string> = { ...cors, ...extra, ...hostHeaders(options.kind) };
			if (text) headers['content-type'] = 'application/json; charset=utf-8';
			if (method === 'GET' && status === 200) {
				const etag = `W/"${createHash('sha1').update(text).digest('hex')}"`;
				headers.etag = etag;
				if (req.headers['if-none-match'] === etag) {
					requests.at(-1)!.status = 304;
					res.writeHead(304, headers);
					return void res.end();
				}
			}
			res.writeHead(status, headers);
			res.end(text);
		};

		if (!url.pathname.startsWith(`${prefix}/`))
			return send(404, 'unknown', { message: 'Not Found' });
		const path = url.pathname.slice(prefix.length);
		const route = routes.find((r) => r.method === method && r.pattern.test(path));
		if (!route)
			return send(404, 'unknown', {
				message: 'Not Found',
				documentation_url: 'simulated host: no such endpoint',
			});
		const kind = `${method} ${route.kind}`;
		const token = /^(?:token|Bearer) (.+)$/.exec(req.headers.authorization ?? '')?.[1];
		if (token !== options.token) return send(401, kind, { message: 'Bad credentials' });

		const raw = await new Promise<string>((resolve) => {
			let data = '';
			req.setEncoding('utf8');
			req.on('data', (d: string) => (data += d));
			req.on('end', () => resolve(data));
		});
		const call: Call = {
			method,
			path,
			query: url.searchParams,
			body: raw ? JSON.parse(raw) : undefined,
			repo,
			options: full,
			url: (p) => `${origin}${prefix}${p}`,
			headers: {},
		};
		try {
			const result = await route.handle(call, route.pattern.exec(path)!.groups ?? {});
			send(result === undefined ? 204 : (route.status ?? 200), kind, result, call.headers);
		} catch (error) {
			if (error instanceof HttpError) return send(error.status, kind, { message: error.message });
			throw error;
		}
	}

	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	return {
		kind: options.kind,
		origin,
		apiRoot: `${origin}${prefix}`,
		repo,
		requests,
		get preflights() {
			return preflights;
		},
		counts() {
			const counts: Record<string, number> = { total: requests.length, '304': 0, unknown: 0 };
			for (const r of requests) {
				counts[r.kind] = (counts[r.kind] ?? 0) + 1;
				if (r.status === 304) counts['304']!++;
			}
			return counts;
		},
		reset() {
			requests.length = 0;
			preflights = 0;
		},
		close() {
			repo.close();
			server.closeAllConnections();
			return new Promise((resolve) => server.close(() => resolve()));
		},
	};
}

/** GitHub answers every origin (`*`); Gitea only the configured ALLOW_DOMAIN. */
function corsHeaders(req: IncomingMessage, options: GitHostOptions): Record<string, string> {
	const exposed =
		'ETag, Link, Location, Retry-After, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset, X-Total-Count';
	if (options.kind === 'github')
		return { 'access-control-allow-origin': '*', 'access-control-expose-headers': exposed };
	const origin = req.headers.origin;
	if (origin && (options.allowOrigin === undefined || options.allowOrigin === origin)) {
		return {
			'access-control-allow-origin': origin,
			'access-control-allow-credentials': 'true',
			'access-control-expose-headers': exposed,
			vary: 'Origin',
		};
	}
	return {};
}

/**
 * Caching as the hosts send it: GitHub `private, max-age=60` with `Vary` on the token; Gitea
 * `max-age=0, private, must-revalidate`. GitHub's 5,000/hour budget is announced, not enforced:
 * the count is what the benchmark reports.
 */
function hostHeaders(kind: HostKind): Record<string, string> {
	if (kind === 'gitea')
		return { 'cache-control': 'max-age=0, private, must-revalidate, no-transform' };
	return {
		'cache-control': 'private, max-age=60, s-maxage=60',
		vary: 'Accept, Authorization, Cookie, X-GitHub-OTP',
		'x-ratelimit-limit': '5000',
	};
}
