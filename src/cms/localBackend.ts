/**
 * The local backend for `npm run cms`: Decap's proxy protocol (the one decap-server speaks) on
 * 127.0.0.1, writing into the site's working tree.
 *
 * Why not decap-server: its git mode runs `git add .` and checks branches out in the working
 * tree, which sweeps unrelated work into the CMS's commits and switches files under the running
 * dev server. Here:
 * - `fs` mode (default) writes the files and nothing else;
 * - `git` mode also commits, after each publish, exactly the files of that save — the report's
 *   zh/en files and the uploads it references — with `git commit -- <paths>`, on the branch that
 *   is checked out. Other changes, staged or not, stay as they were.
 *
 * What it refuses (docs/cms.md, "What the local backend refuses"):
 * - requests from pages of other sites or under another host name (CSRF, DNS rebinding), bodies
 *   that are not a JSON object or are too large;
 * - reading outside content/ and public/, and any path with a symbolic link on its way;
 * - writing anything but reports (`.md`, by src/lib/content/reportPath.ts), the two data files
 *   and uploads of the admin's types and sizes (MEDIA_LIMITS) into the media folders; SVG with
 *   script (src/lib/media/svgSafety.ts); a new report or a rename onto an existing file;
 * - any write while the repository is in the middle of a merge, rebase, cherry-pick or revert,
 *   or to a file with unresolved conflicts: a later `git merge --abort` would delete or reset it.
 * Report lists are served from a cache of front matter, so 10,000 reports list quickly.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
	existsSync,
	lstatSync,
	mkdirSync,
	readdirSync,
	readFileSync,
	realpathSync,
	renameSync,
	rmSync,
	statSync,
	writeFileSync,
} from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { promisify } from 'node:util';
import { parseReportPath, REPORTS_DIR } from '../lib/content/reportPath.ts';
import { PAGES_DIR, parsePagePath } from '../lib/content/pagePath.ts';
import { svgProblem } from '../lib/media/svgSafety.ts';
import { MEDIA_LIMITS } from './fields.ts';

const run = promisify(execFile);

export type LocalMode = 'fs' | 'git';

export interface LocalBackendOptions {
	root: string;
	mode?: LocalMode;
	host?: string;
	/** 0 picks a free port. */
	port?: number;
	log?: (line: string) => void;
	/** Author of git-mode commits, "Name <email>"; default: git's user, else 汇报 CMS. */
	author?: string;
}

export interface LocalBackend {
	url: string;
	port: number;
	mode: LocalMode;
	close(): Promise<void>;
}

/** Folders the CMS may read, relative to the site root. */
const READABLE = ['content/', 'public/'];
/** A standing page's file, `content/pages/<lang>/<slug>.md`: edited and deleted like a report. */
function isPageFile(rel: string): boolean {
	return rel.startsWith(`${PAGES_DIR}/`) && !('error' in parsePagePath(rel));
}
/** Files the CMS edits besides reports and pages: the `site` collection of src/cms/config.ts. */
export const CMS_DATA_FILES = ['content/categories.yml', 'content/settings.yml'];
/** Where uploads go: the reports' media (public/uploads/<year>/) and the settings' images. */
export const CMS_MEDIA_FOLDERS = ['public/uploads/', 'public/images/'];
/** Largest request: a 20 MB attachment is ~27 MB of base64. */
const MAX_BODY = 64 * 1024 * 1024;
/** Media listed with their bytes (for thumbnails): images up to this size. */
const MEDIA_PREVIEW_BYTES = 1024 * 1024;
/** Browser pages allowed to call the backend. */
const LOCAL_ORIGIN = /^https?:\/\/(?:localhost|127\.0\.0\.1|\[::1\])(?::\d+)?$/;
/** Host names the backend answers to: a DNS-rebound name (evil.example → 127.0.0.1) is refused. */
const LOCAL_HOST = /^(?:localhost|127\.0\.0\.1|\[::1\])(?::\d+)?$/i;
/** git operations during which nothing may be written: `--abort` resets the files they touch. */
const GIT_OPERATIONS: [marker: string, zh: string, en: string][] = [
	['MERGE_HEAD', '合并', 'merge'],
	['rebase-merge', '变基', 'rebase'],
	['rebase-apply', '变基', 'rebase (or git am)'],
	['CHERRY_PICK_HEAD', '拣选', 'cherry-pick'],
	['REVERT_HEAD', '还原', 'revert'],
	['sequencer', '拣选/还原', 'cherry-pick or revert sequence'],
];

class HttpError extends Error {
	status: number;
	constructor(status: number, message: string) {
		super(message);
		this.status = status;
	}
}

const bad = (zh: string, en: string) => new HttpError(400, `${zh} (${en})`);

interface DataFile {
	path: string;
	raw: string;
	newPath?: string;
}
interface Asset {
	path: string;
	bytes: Buffer;
}
type Params = Record<string, unknown>;

/** Starts the backend; resolves once it listens. */
export async function startLocalBackend(options: LocalBackendOptions): Promise<LocalBackend> {
	const root = resolve(options.root);
	const mode = options.mode ?? 'fs';
	const log = options.log ?? (() => {});
	const handler = new ProxyHandler(root, mode, log, options.author);
	await handler.findRepository();
	const server: Server = createServer((req, res) => {
		serve(req, res, handler, log).catch((error: unknown) => {
			// Never let one request take the backend down: answer it and keep serving.
			log(`request failed: ${error instanceof Error ? error.message : String(error)}`);
			if (!res.headersSent)
				res
					.writeHead(500, { 'Content-Type': 'application/json; charset=utf-8' })
					.end(JSON.stringify({ error: '内部错误 (internal error)' }));
		});
	});
	server.requestTimeout = 120_000;
	await new Promise<void>((resolvePromise, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 8081, options.host ?? '127.0.0.1', () => resolvePromise());
	});
	const { port, address } = server.address() as AddressInfo;
	return {
		url: `http://${address.includes(':') ? `[${address}]` : address}:${port}/api/v1`,
		port,
		mode,
		close: () => new Promise((r) => server.close(() => r())),
	};
}

async function serve(
	req: IncomingMessage,
	res: ServerResponse,
	handler: ProxyHandler,
	log: (line: string) => void
) {
	const origin = req.headers.origin;
	if (origin && LOCAL_ORIGIN.test(origin)) {
		res.setHeader('Access-Control-Allow-Origin', origin);
		res.setHeader('Vary', 'Origin');
	}
	if (req.method === 'OPTIONS') {
		res
			.writeHead(204, {
				'Access-Control-Allow-Methods': 'POST, OPTIONS',
				'Access-Control-Allow-Headers': 'Content-Type',
				'Access-Control-Max-Age': '600',
			})
			.end();
		return;
	}
	const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
		res
			.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', ...headers })
			.end(JSON.stringify(body));
	};
	if ((origin && !LOCAL_ORIGIN.test(origin)) || !LOCAL_HOST.test(req.headers.host ?? '')) {
		return json(403, {
			error:
				'只有本机的网页可以使用本地编辑服务 (only pages on this computer may use the local backend)',
		});
	}
	if (req.method !== 'POST' || !/^\/api\/v1\/?$/.test((req.url ?? '').split('?')[0]!))
		return json(404, { error: 'not found' });
	if (Number(req.headers['content-length'] ?? 0) > MAX_BODY) {
		// Answered before reading: the connection closes instead of taking 200 MB first.
		json(413, { error: '请求太大 (request too large)' }, { Connection: 'close' });
		res.on('finish', () => closeSoon(req));
		return;
	}
	let request: { action: string; params: Params };
	try {
		request = parseRequest(await readBody(req));
	} catch (error) {
		const status = error instanceof HttpError ? error.status : 400;
		json(
			status,
			{ error: error instanceof Error ? error.message : 'bad request' },
			status === 413 ? { Connection: 'close' } : {}
		);
		if (status === 413) res.on('finish', () => closeSoon(req));
		return;
	}
	try {
		json(200, await handler.handle(request.action, request.params));
	} catch (error) {
		const status = error instanceof HttpError ? error.status : 500;
		const message = error instanceof Error ? error.message : String(error);
		log(`${request.action}: ${message}`);
		json(status, { error: message });
	}
}

/** `{ action, params }`, or a 400 saying what is wrong. */
function parseRequest(text: string): { action: string; params: Params } {
	let body: unknown;
	try {
		body = JSON.parse(text);
	} catch {
		throw bad('请求不是有效的 JSON', 'the request body is not valid JSON');
	}
	if (!isObject(body) || typeof body.action !== 'string')
		throw bad('请求格式不正确', 'expected a JSON object with an "action"');
	if (body.params !== undefined && !isObject(body.params))
		throw bad('请求参数格式不正确', '"params" must be an object');
	return { action: body.action, params: (body.params as Params | undefined) ?? {} };
}

const isObject = (value: unknown): value is Record<string, unknown> =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

/** A parameter of the expected type, or a 400 naming it. */
function param<T>(
	params: Params,
	name: string,
	type: 'string' | 'array' | 'object',
	optional?: false
): T;
function param<T>(
	params: Params,
	name: string,
	type: 'string' | 'array' | 'object',
	optional: true
): T | undefined;
function param<T>(
	params: Params,
	name: string,
	type: 'string' | 'array' | 'object',
	optional = false
): T | undefined {
	const value = params[name];
	if (value === undefined && optional) return undefined;
	const ok =
		type === 'array'
			? Array.isArray(value)
			: type === 'object'
				? isObject(value)
				: typeof value === type;
	if (!ok)
		throw bad(
			`请求参数 ${name} 格式不正确`,
			`"${name}" must be ${type === 'array' ? 'an array' : `a${type === 'object' ? 'n' : ''} ${type}`}`
		);
	return value as T;
}

/**
 * Closes the connection of a refused request a moment after the answer went out. Closing at
 * once, with the client's bytes still unread, makes the system reset the connection, and the
 * client may lose the answer before it reads it; meanwhile what arrives is read and dropped.
 */
function closeSoon(req: IncomingMessage): void {
	req.resume();
	setTimeout(() => req.destroy(), 1000).unref();
}

function readBody(req: IncomingMessage): Promise<string> {
	return new Promise((resolvePromise, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		const onData = (chunk: Buffer) => {
			size += chunk.length;
			if (size > MAX_BODY) {
				req.off('data', onData);
				chunks.length = 0;
				reject(new HttpError(413, '请求太大 (request too large)'));
				return;
			}
			chunks.push(chunk);
		};
		req.on('data', onData);
		req.on('end', () => resolvePromise(Buffer.concat(chunks).toString('utf8')));
		req.on('error', reject);
	});
}

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

interface ListEntry {
	size: number;
	mtimeMs: number;
	/** What the list shows: the front matter, without the body. */
	data: string;
	id: string;
}

class ProxyHandler {
	root: string;
	mode: LocalMode;
	log: (line: string) => void;
	author?: string;
	/** Front matter of listed files by path, reused while size and mtime stay the same. */
	listCache = new Map<string, ListEntry>();
	tmpDir: string;
	/** The root with its own links resolved (the project may itself live under a link, like /tmp on macOS). */
	realRoot: string;
	/** Files whose presence means a git operation is under way; empty when root is not in git. */
	operationMarkers: { path: string; zh: string; en: string }[] = [];
	inGit = false;
	/** One save at a time: writes and commits never interleave. */
	queue: Promise<unknown> = Promise.resolve();

	constructor(root: string, mode: LocalMode, log: (line: string) => void, author?: string) {
		this.root = root;
		this.mode = mode;
		this.log = log;
		this.author = author;
		this.tmpDir = join(root, 'node_modules/.cache/huibao-cms');
		this.realRoot = realpathSync(root);
	}

	/** Whether the root is in a git work tree (required in git mode), and where its state files are. */
	async findRepository() {
		try {
			const args = GIT_OPERATIONS.flatMap(([marker]) => ['--git-path', marker]);
			const { stdout } = await this.git(['rev-parse', '--show-toplevel', ...args]);
			const [, ...paths] = stdout.split('\n');
			this.operationMarkers = GIT_OPERATIONS.map(([, zh, en], i) => ({
				path: resolve(this.root, paths[i]!),
				zh,
				en,
			}));
			this.inGit = true;
		} catch {
			// Files mode works without git; the guards below then have nothing to look at.
			if (this.mode === 'git') throw new Error(`git mode needs a git repository at ${this.root}`);
		}
	}

	async handle(action: string, params: Params): Promise<unknown> {
		switch (action) {
			case 'info':
				return {
					repo: basename(this.root),
					publish_modes: ['simple'],
					type: this.mode === 'git' ? 'local_git' : 'local_fs',
				};
			case 'entriesByFolder': {
				const folder = this.readable(param(params, 'folder', 'string'));
				const files = listFiles(folder, String(params.extension ?? ''), Number(params.depth ?? 1));
				return files.map((file) => this.listEntry(file));
			}
			case 'entriesByFiles': {
				const files = param<unknown[]>(params, 'files', 'array');
				return files.map((f) => {
					if (!isObject(f) || typeof f.path !== 'string')
						throw bad('请求参数 files 格式不正确', '"files" must be a list of { path }');
					return this.fullEntry(f.path, typeof f.label === 'string' ? f.label : undefined);
				});
			}
			case 'getEntry':
				return this.fullEntry(param(params, 'path', 'string'));
			case 'persistEntry':
				return this.serial(() => this.persistEntry(params));
			case 'getMedia': {
				const folder = this.readable(param(params, 'mediaFolder', 'string'));
				// One level of subfolders too: the library shows every upload, also those of
				// earlier years (public/uploads/2024/…), so last year's logo can be used again.
				return listFiles(folder, '', 2).map((file) => this.mediaFile(file, false));
			}
			case 'getMediaFile':
				return this.mediaFile(this.readable(param(params, 'path', 'string')), true);
			case 'persistMedia': {
				const asset = this.upload(param(params, 'asset', 'object'));
				return this.serial(async () => {
					// Written now, committed with the first report that refers to it (persistEntry).
					await this.guardRepository([asset.path]);
					this.writeAtomic(this.full(asset.path), asset.bytes);
					return this.mediaFile(this.full(asset.path), true);
				});
			}
			case 'deleteFile':
			case 'deleteFiles': {
				const raw =
					action === 'deleteFile'
						? [param<string>(params, 'path', 'string')]
						: param<unknown[]>(params, 'paths', 'array');
				const paths = raw.map((p) => this.deletable(p));
				const options = param<{ commitMessage?: unknown }>(params, 'options', 'object', true);
				const message =
					typeof options?.commitMessage === 'string' && options.commitMessage
						? options.commitMessage
						: '删除文件';
				return this.serial(async () => {
					await this.guardRepository(paths);
					for (const path of paths) rmSync(this.full(path), { force: true });
					if (this.mode === 'git') await this.commit(paths, message, ['已删除文件', 'deleted']);
					return { message: `deleted ${paths.join(', ')}` };
				});
			}
			case 'getDeployPreview':
				return null;
			default:
				throw new HttpError(422, `Unknown action ${action}`);
		}
	}

	serial<T>(task: () => Promise<T>): Promise<T> {
		const next = this.queue.then(task, task);
		this.queue = next.catch(() => undefined);
		return next;
	}

	/**
	 * A site path as a clean relative path (forward slashes) inside content/ or public/, with no
	 * symbolic link on its way: a link committed to the repository (content/x → ~/.ssh) must not
	 * let the CMS read, write or delete outside the project.
	 */
	confined(path: unknown): string {
		if (typeof path !== 'string') throw bad('路径不正确', 'a path must be a string');
		const clean = path.replace(/\\/g, '/').replace(/^\/+/, '');
		if (!clean || clean.includes('\0') || clean.split('/').some((part) => part === '..'))
			throw bad(`路径不正确: ${path}`, 'bad path');
		const rel = relative(this.root, resolve(this.root, clean)).split(sep).join('/');
		if (rel.startsWith('..') || !READABLE.some((dir) => `${rel}/`.startsWith(dir))) {
			throw new HttpError(
				403,
				`只能读写 content/ 和 public/ (only content/ and public/ may be used): ${path}`
			);
		}
		let at = this.root;
		for (const part of rel.split('/')) {
			at = join(at, part);
			let link: boolean;
			try {
				link = lstatSync(at).isSymbolicLink();
			} catch {
				break; // Does not exist (yet): nothing below it can be a link.
			}
			if (link)
				throw new HttpError(
					403,
					`路径经过符号链接，已拒绝 (symbolic links are not followed): ${path}`
				);
		}
		// No link on the way, so the real path is inside the real root; checked once more all the same.
		if (existsSync(at)) {
			const real = relative(this.realRoot, realpathSync(join(this.root, rel)));
			if (real.startsWith('..') || isAbsolute(real))
				throw new HttpError(403, `路径在项目之外 (outside the project): ${path}`);
		}
		return rel;
	}

	full(rel: string): string {
		return join(this.root, rel);
	}

	readable(path: unknown): string {
		return this.full(this.confined(path));
	}

	/**
	 * A file the CMS edits: a report (`.md`, in the layout of reportPath.ts), a standing page
	 * (pagePath.ts) or a data file.
	 */
	dataFile(path: unknown): string {
		const rel = this.confined(path);
		if (CMS_DATA_FILES.includes(rel) || isPageFile(rel)) return rel;
		const parsed = rel.startsWith(`${REPORTS_DIR}/`) ? parseReportPath(rel) : undefined;
		if (parsed && !('error' in parsed) && parsed.kind === 'md') return rel;
		const why =
			parsed && 'error' in parsed
				? parsed.error
				: parsed
					? 'only .md reports'
					: `not a report under ${REPORTS_DIR}/ or ${CMS_DATA_FILES.join(', ')}`;
		throw new HttpError(
			403,
			`编辑器只能写报告（.md）和网站设置文件，不能写此文件 (the CMS writes only reports and site settings: ${why}): ${rel}`
		);
	}

	/** An upload: in a media folder, of a type and size the admin accepts, SVG without script. */
	upload(asset: Record<string, unknown>): Asset {
		const path = this.confined(asset.path);
		if (typeof asset.content !== 'string')
			throw bad('上传内容格式不正确', 'asset.content must be base64 text');
		if (!CMS_MEDIA_FOLDERS.some((dir) => path.startsWith(dir))) {
			throw new HttpError(
				403,
				`上传文件只能放在 ${CMS_MEDIA_FOLDERS.join('、')} 下 (uploads go into ${CMS_MEDIA_FOLDERS.join(', ')}): ${path}`
			);
		}
		const ext = /\.([a-z0-9]+)$/i.exec(path)?.[1]?.toLowerCase() ?? '';
		const image = (MEDIA_LIMITS.image.extensions as readonly string[]).includes(ext);
		const file = (MEDIA_LIMITS.file.extensions as readonly string[]).includes(ext);
		if (!image && !file)
			throw new HttpError(415, `不支持的文件类型 (file type not accepted): ${basename(path)}`);
		// As admin/backends.js checkUpload: the larger limit of the kinds the extension belongs to.
		const max = Math.max(
			image ? MEDIA_LIMITS.image.maxBytes : 0,
			file ? MEDIA_LIMITS.file.maxBytes : 0
		);
		const bytes = Buffer.from(asset.content, 'base64');
		if (bytes.length > max)
			throw new HttpError(
				413,
				`文件太大，最大 ${Math.round(max / 1048576)} MB (file too large): ${basename(path)}`
			);
		const problem = ext === 'svg' ? svgProblem(bytes) : undefined;
		if (problem) {
			throw new HttpError(
				422,
				`SVG 文件含有脚本或外部内容，已拒绝；请另存为普通 SVG 或 PNG 再上传 (SVG refused: ${problem}): ${basename(path)}`
			);
		}
		return { path, bytes };
	}

	/** What the CMS may delete: reports and uploads, never the data files or anything else. */
	deletable(path: unknown): string {
		const rel = this.confined(path);
		if (CMS_MEDIA_FOLDERS.some((dir) => rel.startsWith(dir)) || isPageFile(rel)) return rel;
		const parsed = rel.startsWith(`${REPORTS_DIR}/`) ? parseReportPath(rel) : undefined;
		if (parsed && !('error' in parsed) && parsed.kind === 'md') return rel;
		throw new HttpError(
			403,
			`编辑器只能删除报告和上传的文件 (the CMS deletes only reports and uploads): ${rel}`
		);
	}

	/**
	 * Refuses a write while git is in the middle of an operation, or to a file with unresolved
	 * conflicts. Otherwise `git merge --abort` (and the others) later deletes a new report that
	 * was staged, or resets an edited one, and a save would silently "resolve" a conflict with the
	 * editor's text. Checked before anything is written, in both modes when the site is in git.
	 */
	async guardRepository(paths: string[]) {
		if (!this.inGit) return;
		const operation = this.operationMarkers.find((m) => existsSync(m.path));
		if (operation) {
			throw new HttpError(
				409,
				`仓库正在进行${operation.zh}（git ${operation.en}），请先完成或放弃后再发布，本次未保存任何文件 ` +
					`(the repository is in the middle of a ${operation.en}: finish or abort it first; nothing was saved)`
			);
		}
		const { stdout } = await this.git(['ls-files', '-u', '-z', '--', ...paths]);
		const conflicted = [
			...new Set(
				stdout
					.split('\0')
					.filter(Boolean)
					.map((line) => line.slice(line.indexOf('\t') + 1))
			),
		];
		if (conflicted.length) {
			throw new HttpError(
				409,
				`文件有未解决的合并冲突，请先在 git 中解决，本次未保存任何文件 (unresolved merge conflicts; resolve them in git first, nothing was saved): ${conflicted.join(', ')}`
			);
		}
	}

	listEntry(file: string) {
		const path = this.rel(file);
		const stat = statSync(file);
		let cached = this.listCache.get(path);
		if (!cached || cached.size !== stat.size || cached.mtimeMs !== stat.mtimeMs) {
			const bytes = readFileSync(file);
			cached = {
				size: stat.size,
				mtimeMs: stat.mtimeMs,
				data: frontMatterOnly(bytes.toString('utf8')),
				id: sha256(bytes),
			};
			this.listCache.set(path, cached);
		}
		return { data: cached.data, file: { path, id: cached.id } };
	}

	rel(file: string): string {
		return relative(this.root, file).split(sep).join('/');
	}

	fullEntry(path: string, label?: string) {
		const full = this.readable(path);
		try {
			const bytes = readFileSync(full);
			return { data: bytes.toString('utf8'), file: { path, label, id: sha256(bytes) } };
		} catch {
			return { data: null, file: { path, label, id: null } };
		}
	}

	mediaFile(file: string, withContent: boolean) {
		const path = this.rel(file);
		const stat = statSync(file);
		const image = /\.(?:jpe?g|png|gif|webp|svg)$/i.test(path);
		const content =
			withContent || (image && stat.size <= MEDIA_PREVIEW_BYTES)
				? readFileSync(file).toString('base64')
				: '';
		return {
			id: `${path}:${stat.size}:${stat.mtimeMs}`,
			content,
			encoding: 'base64',
			path,
			name: basename(path),
		};
	}

	/** Writes through a temporary file outside content/, so no watcher sees half a file. */
	writeAtomic(file: string, bytes: Buffer | string) {
		mkdirSync(this.tmpDir, { recursive: true });
		mkdirSync(dirname(file), { recursive: true });
		const tmp = join(
			this.tmpDir,
			`${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`
		);
		writeFileSync(tmp, bytes);
		try {
			renameSync(tmp, file);
		} catch {
			writeFileSync(file, bytes);
			rmSync(tmp, { force: true });
		}
	}

	async persistEntry(params: Params) {
		const options =
			param<{ newEntry?: unknown; commitMessage?: unknown }>(params, 'options', 'object', true) ??
			{};
		const given =
			params.dataFiles !== undefined
				? param<unknown[]>(params, 'dataFiles', 'array')
				: [param(params, 'entry', 'object')];
		// Everything is checked before anything is written: a refused save leaves no file behind.
		const dataFiles: DataFile[] = given.map((f) => {
			if (!isObject(f) || typeof f.raw !== 'string')
				throw bad('请求参数 dataFiles 格式不正确', 'each data file needs a path and raw text');
			return {
				path: this.dataFile(f.path),
				raw: f.raw,
				newPath: f.newPath == null ? undefined : this.dataFile(f.newPath),
			};
		});
		const assets = (param<unknown[]>(params, 'assets', 'array', true) ?? []).map((a) => {
			if (!isObject(a))
				throw bad('请求参数 assets 格式不正确', 'each asset needs a path and content');
			return this.upload(a);
		});
		for (const f of dataFiles) {
			if (options.newEntry && existsSync(this.full(f.path)))
				throw new HttpError(409, `已有同名文件，未覆盖 (a file of that name exists): ${f.path}`);
			if (f.newPath && f.newPath !== f.path && existsSync(this.full(f.newPath))) {
				throw new HttpError(
					409,
					`已有同名文件，未改名 (a file of that name exists; not renamed): ${f.newPath}`
				);
			}
		}
		const touched = new Set<string>([
			...dataFiles.flatMap((f) => [f.path, ...(f.newPath ? [f.newPath] : [])]),
			...assets.map((a) => a.path),
		]);
		await this.guardRepository([...touched]);

		for (const asset of assets) this.writeAtomic(this.full(asset.path), asset.bytes);
		for (const f of dataFiles) {
			const full = this.full(f.path);
			// An unchanged file keeps its bytes and time stamp: nothing to rebuild or commit.
			if (!existsSync(full) || !readFileSync(full).equals(Buffer.from(f.raw)))
				this.writeAtomic(full, f.raw);
			if (f.newPath && f.newPath !== f.path) {
				mkdirSync(dirname(this.full(f.newPath)), { recursive: true });
				renameSync(full, this.full(f.newPath));
			}
		}
		if (this.mode === 'git') {
			for (const upload of this.referencedUploads(dataFiles.map((f) => f.raw))) touched.add(upload);
			const message =
				typeof options.commitMessage === 'string' && options.commitMessage
					? options.commitMessage
					: '更新内容';
			await this.commit([...touched], message, ['已保存到文件', 'saved on disk']);
		}
		return { message: 'entry persisted' };
	}

	/**
	 * Uploads a report refers to (`/uploads/2024/x.png` → public/uploads/2024/x.png) that exist.
	 * An upload from the media library is written at once and committed with the first report
	 * that uses it. `git commit -- <paths>` takes those that are new or changed and passes over the
	 * rest, so git's own status is the list of what waits: it survives a restart of the backend and
	 * needs no state of its own (a set in memory was lost on restart).
	 */
	referencedUploads(texts: string[]): string[] {
		const found = new Set<string>();
		const folders = CMS_MEDIA_FOLDERS.map((dir) =>
			dir.replace(/^public\//, '').replace(/\/$/, '')
		).join('|');
		const reference = new RegExp(`(?<![\\w.-])/((?:${folders})/[^\\s"'<>()\\[\\]\`]+)`, 'g');
		for (const text of texts) {
			for (const match of text.matchAll(reference)) {
				let ref = match[1]!.replace(/[?#].*$/, '');
				try {
					ref = decodeURI(ref);
				} catch {
					// Not percent-encoded after all.
				}
				try {
					const rel = this.confined(`public/${ref}`);
					if (statSync(this.full(rel)).isFile()) found.add(rel);
				} catch {
					// Missing, or not a path the backend would use: nothing to commit.
				}
			}
		}
		return [...found];
	}

	async git(args: string[], env: Record<string, string> = {}) {
		// Paths are literal: an upload named `2*.png` must not match every `2….png`.
		return run('git', ['-c', 'core.quotePath=false', '--literal-pathspecs', ...args], {
			cwd: this.root,
			env: { ...process.env, ...env },
			maxBuffer: 16 * 1024 * 1024,
		});
	}

	/**
	 * Commits exactly `paths` (added, changed or deleted) with `git commit -- <paths>`, leaving
	 * everything else as it was. Only new files are staged first (git cannot commit a file it does
	 * not know); if the commit fails they are unstaged again, so the editor's files stay on disk
	 * and unstaged, where no `git merge --abort` or `reset --merge` removes them.
	 */
	async commit(paths: string[], message: string, done: [zh: string, en: string]) {
		const known = new Set(
			(await this.git(['ls-files', '-z', '--', ...paths])).stdout.split('\0').filter(Boolean)
		);
		const present = paths.filter((path) => existsSync(this.full(path)));
		const gone = paths.filter((path) => !present.includes(path) && known.has(path));
		const added = present.filter((path) => !known.has(path));
		if (!present.length && !gone.length) return;
		const env = await this.identity();
		await this.retry(done, async () => {
			try {
				if (added.length) await this.git(['add', '--', ...added]);
				await this.git(['commit', '--quiet', '-m', message, '--', ...present, ...gone], env);
				this.log(`git commit: ${message} (${[...present, ...gone].join(', ')})`);
			} catch (error) {
				const out = `${(error as { stdout?: string }).stdout ?? ''}${(error as { stderr?: string }).stderr ?? ''}`;
				if (/nothing to commit|no changes added|nothing added/.test(out)) return;
				if (added.length)
					await this.git(['rm', '--cached', '--quiet', '--ignore-unmatch', '--', ...added]).catch(
						() => undefined
					);
				throw error;
			}
		});
	}

	/** git's configured user, or the CMS's own name when none is set. */
	async identity(): Promise<Record<string, string>> {
		const configured = this.author ?? process.env.CMS_GIT_AUTHOR;
		const parsed = configured ? /^(.*?)\s*<([^>]+)>$/.exec(configured) : null;
		if (parsed) {
			return {
				GIT_AUTHOR_NAME: parsed[1]!,
				GIT_AUTHOR_EMAIL: parsed[2]!,
				GIT_COMMITTER_NAME: parsed[1]!,
				GIT_COMMITTER_EMAIL: parsed[2]!,
			};
		}
		const get = async (key: string) => {
			try {
				return (await this.git(['config', key])).stdout.trim();
			} catch {
				return '';
			}
		};
		const [name, email] = [await get('user.name'), await get('user.email')];
		return {
			...(!name && { GIT_AUTHOR_NAME: '汇报 CMS', GIT_COMMITTER_NAME: '汇报 CMS' }),
			...(!email && {
				GIT_AUTHOR_EMAIL: 'cms@huibao.invalid',
				GIT_COMMITTER_EMAIL: 'cms@huibao.invalid',
			}),
		};
	}

	/** Another git command holding the index lock: wait and try again, for up to ~10 s. */
	async retry(done: [zh: string, en: string], task: () => Promise<void>) {
		for (let attempt = 0; ; attempt++) {
			try {
				return await task();
			} catch (error) {
				const out = `${(error as { stderr?: string }).stderr ?? ''}${(error as Error).message}`;
				if (attempt < 40 && /index\.lock|Unable to create .*\.lock/.test(out)) {
					await new Promise((r) => setTimeout(r, 250));
					continue;
				}
				const said = ((error as { stderr?: string }).stderr || (error as Error).message)
					.trim()
					.split('\n')
					.slice(-3)
					.join(' ');
				throw new HttpError(
					500,
					`${done[0]}，但 git 提交失败，未提交、未暂存 (${done[1]} but not committed; nothing staged): ${said}`
				);
			}
		}
	}
}

/** Files under `dir` ending in `extension`, `depth` levels deep (1 = dir itself). */
export function listFiles(dir: string, extension: string, depth: number): string[] {
	if (depth <= 0 || !existsSync(dir)) return [];
	const out: string[] = [];
	for (const d of readdirSync(dir, { withFileTypes: true })) {
		if (d.name.startsWith('.')) continue;
		const full = join(dir, d.name);
		if (d.isDirectory()) out.push(...listFiles(full, extension, depth - 1));
		else if (d.isFile() && full.endsWith(extension)) out.push(full);
	}
	return out.sort();
}

/**
 * A report as the list needs it: its front matter and an empty body. The editor loads the whole
 * file again (getEntry) when a report is opened, so nothing is lost; lists of 10,000 reports send
 * ~3 MB instead of ~150 MB.
 */
export function frontMatterOnly(text: string): string {
	const source = text.replace(/^\uFEFF/, '');
	if (!source.startsWith('---')) return text;
	const end = source.indexOf('\n---', 3);
	if (end < 0) return text;
	const close = source.indexOf('\n', end + 4);
	return `${source.slice(0, close < 0 ? source.length : close)}\n`;
}
