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
 * Paths are confined to content/ and public/; a new report never overwrites an existing file;
 * report lists are served from a cache of front matter, so 10,000 reports list quickly.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { promisify } from 'node:util';
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

/** Folders the CMS may read and write, relative to the site root. */
const WRITABLE = ['content/', 'public/'];
/** Largest request: a 20 MB attachment is ~27 MB of base64. */
const MAX_BODY = 64 * 1024 * 1024;
/** Media listed with their bytes (for thumbnails): images up to this size. */
const MEDIA_PREVIEW_BYTES = 1024 * 1024;
/** Browser pages allowed to call the backend. */
const LOCAL_ORIGIN = /^https?:\/\/(?:localhost|127\.0\.0\.1|\[::1\])(?::\d+)?$/;

class HttpError extends Error {
	status: number;
	constructor(status: number, message: string) {
		super(message);
		this.status = status;
	}
}

interface DataFile {
	path: string;
	raw: string;
	slug?: string;
	newPath?: string;
}
interface Asset {
	path: string;
	content: string;
	encoding: 'base64';
}

/** Starts the backend; resolves once it listens. */
export async function startLocalBackend(options: LocalBackendOptions): Promise<LocalBackend> {
	const root = resolve(options.root);
	const mode = options.mode ?? 'fs';
	const log = options.log ?? (() => {});
	const handler = new ProxyHandler(root, mode, log, options.author);
	if (mode === 'git') await handler.checkGit();
	const server: Server = createServer((req, res) => void serve(req, res, handler, log));
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

async function serve(req: IncomingMessage, res: ServerResponse, handler: ProxyHandler, log: (line: string) => void) {
	const origin = req.headers.origin;
	if (origin && LOCAL_ORIGIN.test(origin)) {
		res.setHeader('Access-Control-Allow-Origin', origin);
		res.setHeader('Vary', 'Origin');
	}
	if (req.method === 'OPTIONS') {
		res.writeHead(204, {
			'Access-Control-Allow-Methods': 'POST, OPTIONS',
			'Access-Control-Allow-Headers': 'Content-Type',
			'Access-Control-Max-Age': '600',
		}).end();
		return;
	}
	const json = (status: number, body: unknown) => {
		res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
	};
	if (origin && !LOCAL_ORIGIN.test(origin)) return json(403, { error: 'only pages on this computer may use the local backend' });
	if (req.method !== 'POST' || !/^\/api\/v1\/?$/.test((req.url ?? '').split('?')[0]!)) return json(404, { error: 'not found' });
	let body: { action?: string; params?: Record<string, unknown> };
	try {
		body = JSON.parse(await readBody(req)) as typeof body;
	} catch (error) {
		return json(error instanceof HttpError ? error.status : 400, { error: error instanceof Error ? error.message : 'bad request' });
	}
	try {
		json(200, await handler.handle(String(body.action), body.params ?? {}));
	} catch (error) {
		const status = error instanceof HttpError ? error.status : 500;
		const message = error instanceof Error ? error.message : String(error);
		log(`${body.action}: ${message}`);
		json(status, { error: message });
	}
}

function readBody(req: IncomingMessage): Promise<string> {
	return new Promise((resolvePromise, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		req.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size > MAX_BODY) {
				reject(new HttpError(413, '文件太大 (request too large)'));
				req.destroy();
				return;
			}
			chunks.push(chunk);
		});
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
	/** Uploads written but not yet committed (git mode): committed with the report that uses them. */
	pendingUploads = new Set<string>();
	tmpDir: string;
	/** One save at a time: writes and commits never interleave. */
	queue: Promise<unknown> = Promise.resolve();

	constructor(root: string, mode: LocalMode, log: (line: string) => void, author?: string) {
		this.root = root;
		this.mode = mode;
		this.log = log;
		this.author = author;
		this.tmpDir = join(root, 'node_modules/.cache/huibao-cms');
	}

	async checkGit() {
		try {
			await this.git(['rev-parse', '--show-toplevel']);
		} catch {
			throw new Error(`git mode needs a git repository at ${this.root}`);
		}
	}

	async handle(action: string, params: Record<string, unknown>): Promise<unknown> {
		switch (action) {
			case 'info':
				return { repo: basename(this.root), publish_modes: ['simple'], type: this.mode === 'git' ? 'local_git' : 'local_fs' };
			case 'entriesByFolder': {
				const folder = this.safe(String(params.folder ?? ''), 'read');
				const files = listFiles(folder, String(params.extension ?? ''), Number(params.depth ?? 1));
				return files.map((file) => this.listEntry(file));
			}
			case 'entriesByFiles':
				return (params.files as { path: string; label?: string }[]).map((f) => this.fullEntry(f.path, f.label));
			case 'getEntry':
				return this.fullEntry(String(params.path));
			case 'persistEntry':
				return this.serial(() => this.persistEntry(params));
			case 'getMedia': {
				const folder = this.safe(String(params.mediaFolder ?? ''), 'read');
				return listFiles(folder, '', 1).map((file) => this.mediaFile(file, false));
			}
			case 'getMediaFile':
				return this.mediaFile(this.safe(String(params.path), 'read'), true);
			case 'persistMedia':
				return this.serial(async () => {
					const asset = params.asset as Asset;
					const file = this.writeAsset(asset);
					if (this.mode === 'git') this.pendingUploads.add(this.rel(file));
					return this.mediaFile(file, true);
				});
			case 'deleteFile':
			case 'deleteFiles': {
				const paths = action === 'deleteFile' ? [String(params.path)] : (params.paths as string[]);
				const message = String((params.options as { commitMessage?: string } | undefined)?.commitMessage ?? '删除文件');
				return this.serial(async () => {
					const files = paths.map((p) => this.safe(p, 'write'));
					for (const file of files) rmSync(file, { force: true });
					if (this.mode === 'git') await this.commit(files.map((f) => this.rel(f)), message);
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

	/** Absolute path of a site path, refused outside content/ and public/. */
	safe(path: string, _use: 'read' | 'write'): string {
		const clean = path.replace(/\\/g, '/').replace(/^\/+/, '');
		if (!clean || clean.includes('\0') || clean.split('/').some((part) => part === '..')) throw new HttpError(400, `路径不正确: ${path}`);
		const full = resolve(this.root, clean);
		const rel = relative(this.root, full).split(sep).join('/');
		const inside = WRITABLE.some((dir) => `${rel}/`.startsWith(dir) || rel.startsWith(dir));
		if (!inside || rel.startsWith('..')) throw new HttpError(403, `只能读写 content/ 和 public/: ${path}`);
		return full;
	}

	rel(file: string): string {
		return relative(this.root, file).split(sep).join('/');
	}

	listEntry(file: string) {
		const path = this.rel(file);
		const stat = statSync(file);
		let cached = this.listCache.get(path);
		if (!cached || cached.size !== stat.size || cached.mtimeMs !== stat.mtimeMs) {
			const bytes = readFileSync(file);
			cached = { size: stat.size, mtimeMs: stat.mtimeMs, data: frontMatterOnly(bytes.toString('utf8')), id: sha256(bytes) };
			this.listCache.set(path, cached);
		}
		return { data: cached.data, file: { path, id: cached.id } };
	}

	fullEntry(path: string, label?: string) {
		try {
			const bytes = readFileSync(this.safe(path, 'read'));
			return { data: bytes.toString('utf8'), file: { path, label, id: sha256(bytes) } };
		} catch (error) {
			if (error instanceof HttpError) throw error;
			return { data: null, file: { path, label, id: null } };
		}
	}

	mediaFile(file: string, withContent: boolean) {
		const path = this.rel(file);
		const stat = statSync(file);
		const image = /\.(?:jpe?g|png|gif|webp|svg)$/i.test(path);
		const content = withContent || (image && stat.size <= MEDIA_PREVIEW_BYTES) ? readFileSync(file).toString('base64') : '';
		return { id: `${path}:${stat.size}:${stat.mtimeMs}`, content, encoding: 'base64', path, name: basename(path) };
	}

	writeAsset(asset: Asset): string {
		const file = this.safe(asset.path, 'write');
		if (!this.rel(file).startsWith('public/')) throw new HttpError(403, `上传文件只能放在 public/ 下: ${asset.path}`);
		const ext = /\.([a-z0-9]+)$/i.exec(file)?.[1]?.toLowerCase() ?? '';
		const allowed = new Set<string>([...MEDIA_LIMITS.image.extensions, ...MEDIA_LIMITS.file.extensions]);
		if (!allowed.has(ext)) throw new HttpError(415, `不支持的文件类型: ${basename(file)}`);
		const bytes = Buffer.from(asset.content, asset.encoding);
		const max = Math.max(MEDIA_LIMITS.file.maxBytes, MEDIA_LIMITS.image.maxBytes);
		if (bytes.length > max) throw new HttpError(413, `文件太大: ${basename(file)}`);
		this.writeAtomic(file, bytes);
		return file;
	}

	/** Writes through a temporary file outside content/, so no watcher sees half a file. */
	writeAtomic(file: string, bytes: Buffer | string) {
		mkdirSync(this.tmpDir, { recursive: true });
		mkdirSync(dirname(file), { recursive: true });
		const tmp = join(this.tmpDir, `${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`);
		writeFileSync(tmp, bytes);
		try {
			renameSync(tmp, file);
		} catch {
			writeFileSync(file, bytes);
			rmSync(tmp, { force: true });
		}
	}

	async persistEntry(params: Record<string, unknown>) {
		const options = (params.options ?? {}) as { newEntry?: boolean; commitMessage?: string };
		const dataFiles = (params.dataFiles as DataFile[] | undefined) ?? (params.entry ? [params.entry as DataFile] : []);
		const assets = (params.assets as Asset[] | undefined) ?? [];
		const targets = dataFiles.map((f) => ({ file: f, full: this.safe(f.path, 'write'), to: f.newPath ? this.safe(f.newPath, 'write') : undefined }));
		if (options.newEntry) {
			const taken = targets.find((t) => existsSync(t.full));
			if (taken) throw new HttpError(409, `已有同名文件，未覆盖: ${this.rel(taken.full)}`);
		}
		const touched = new Set<string>();
		for (const asset of assets) touched.add(this.rel(this.writeAsset(asset)));
		for (const t of targets) {
			// An unchanged file keeps its bytes and time stamp: nothing to rebuild or commit.
			if (!existsSync(t.full) || !readFileSync(t.full).equals(Buffer.from(t.file.raw))) this.writeAtomic(t.full, t.file.raw);
			touched.add(this.rel(t.full));
			if (t.to && t.to !== t.full) {
				mkdirSync(dirname(t.to), { recursive: true });
				renameSync(t.full, t.to);
				touched.add(this.rel(t.to));
			}
		}
		if (this.mode === 'git') {
			// Uploads from the media library that this report refers to go into the same commit.
			const text = dataFiles.map((f) => f.raw).join('\n');
			for (const upload of this.pendingUploads) {
				if (text.includes(`/${upload.replace(/^public\//, '')}`)) {
					touched.add(upload);
					this.pendingUploads.delete(upload);
				}
			}
			await this.commit([...touched], options.commitMessage || '更新内容');
		}
		return { message: 'entry persisted' };
	}

	async git(args: string[], env: Record<string, string> = {}) {
		return run('git', ['-c', 'core.quotePath=false', ...args], { cwd: this.root, env: { ...process.env, ...env }, maxBuffer: 16 * 1024 * 1024 });
	}

	/** Commits exactly `paths` (added, changed or deleted), leaving everything else untouched. */
	async commit(paths: string[], message: string) {
		const present: string[] = [];
		const gone: string[] = [];
		for (const path of paths) {
			if (existsSync(join(this.root, path))) present.push(path);
			else if (await this.tracked(path)) gone.push(path);
		}
		if (!present.length && !gone.length) return;
		const env = await this.identity();
		await this.retry(async () => {
			if (present.length) await this.git(['add', '--', ...present]);
			if (gone.length) await this.git(['rm', '--cached', '--quiet', '--ignore-unmatch', '--', ...gone]);
			try {
				await this.git(['commit', '--quiet', '-m', message, '--', ...present, ...gone], env);
				this.log(`git commit: ${message} (${[...present, ...gone].join(', ')})`);
			} catch (error) {
				const out = `${(error as { stdout?: string }).stdout ?? ''}${(error as { stderr?: string }).stderr ?? ''}`;
				if (/nothing to commit|no changes added|nothing added/.test(out)) return;
				throw error;
			}
		});
	}

	async tracked(path: string): Promise<boolean> {
		try {
			await this.git(['ls-files', '--error-unmatch', '--', path]);
			return true;
		} catch {
			return false;
		}
	}

	/** git's configured user, or the CMS's own name when none is set. */
	async identity(): Promise<Record<string, string>> {
		const configured = this.author ?? process.env.CMS_GIT_AUTHOR;
		const parsed = configured ? /^(.*?)\s*<([^>]+)>$/.exec(configured) : null;
		if (parsed) {
			return { GIT_AUTHOR_NAME: parsed[1]!, GIT_AUTHOR_EMAIL: parsed[2]!, GIT_COMMITTER_NAME: parsed[1]!, GIT_COMMITTER_EMAIL: parsed[2]! };
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
			...(!email && { GIT_AUTHOR_EMAIL: 'cms@huibao.invalid', GIT_COMMITTER_EMAIL: 'cms@huibao.invalid' }),
		};
	}

	/** Another git command holding the index lock: wait and try again, for up to ~10 s. */
	async retry(task: () => Promise<void>) {
		for (let attempt = 0; ; attempt++) {
			try {
				return await task();
			} catch (error) {
				const out = `${(error as { stderr?: string }).stderr ?? ''}${(error as Error).message}`;
				if (attempt < 40 && /index\.lock|Unable to create .*\.lock/.test(out)) {
					await new Promise((r) => setTimeout(r, 250));
					continue;
				}
				throw new HttpError(500, `git 提交失败: ${out.trim().split('\n').slice(-3).join(' ')}`);
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
