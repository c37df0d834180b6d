/** Shared set-up for the importer tests: temp projects, fixture pages, rendering Markdown back. */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';
import remarkRehype from 'remark-rehype';
import rehypeStringify from 'rehype-stringify';
import rehypeParse from 'rehype-parse';
import { toText } from 'hast-util-to-text';
import { main } from '../../src/importer/cli.ts';

export const REPO = path.resolve(import.meta.dirname, '../..');
export const FIXTURES = path.join(REPO, 'tests/fixtures/legacy');
export const SCRIPT = path.join(REPO, 'scripts/import.ts');

/** The shipped categories (content/categories.yml), so tests do not depend on the real file. */
export const CATEGORIES_YML = `categories:
  - { slug: notices, name: { zh: 通知公告, en: Notices }, order: 1 }
  - { slug: news, name: { zh: 协会动态, en: Association News }, order: 2 }
  - { slug: party, name: { zh: 党建工作, en: Party Building }, order: 3 }
  - { slug: standards, name: { zh: 标准规范, en: Standards }, order: 4 }
  - { slug: training, name: { zh: 教育培训, en: Training }, order: 5 }
  - { slug: industry, name: { zh: 行业发展, en: Industry }, order: 6 }
  - { slug: members, name: { zh: 会员服务, en: Member Services }, order: 7 }
  - { slug: policy, name: { zh: 政策法规, en: Policies and Regulations }, order: 8 }
`;

/**
 * A temp directory holding a project (`project/content/categories.yml`) and the fixture pages
 * (`pages/`), with the GBK pages encoded from their UTF-8 sources. Commands run with this
 * directory as cwd, so origins read `pages/…`.
 */
export async function makeWorkspace(): Promise<{ dir: string; project: string; pages: string }> {
	const dir = await mkdtemp(path.join(os.tmpdir(), 'huibao-import-'));
	const project = path.join(dir, 'project');
	await mkdir(path.join(project, 'content'), { recursive: true });
	await writeFile(path.join(project, 'content/categories.yml'), CATEGORIES_YML);
	const pages = path.join(dir, 'pages');
	await cp(path.join(FIXTURES, 'html'), path.join(pages, 'html'), { recursive: true });
	await cp(path.join(FIXTURES, 'text'), path.join(pages, 'text'), { recursive: true });
	await mkdir(path.join(pages, 'gbk'));
	for (const name of await readdir(path.join(FIXTURES, 'gbk'))) {
		await writeFile(path.join(pages, 'gbk', name.replace(/\.src$/, '')), await gbkFixture(name));
	}
	return { dir, project, pages };
}

/** A fixture source encoded as GBK; throws if a character has no GBK code (the fixture is wrong). */
export async function gbkFixture(name: string): Promise<Buffer> {
	const text = await readFile(path.join(FIXTURES, 'gbk', name), 'utf8');
	const bytes = iconv.encode(text, 'gbk');
	if (iconv.decode(bytes, 'gbk') !== text)
		throw new Error(`${name} has characters GBK cannot encode`);
	return bytes;
}

/** Runs the CLI in-process with `cwd`; returns exit code and output lines. */
export async function runImport(
	cwd: string,
	args: string[]
): Promise<{ code: number; out: string[]; err: string[] }> {
	const out: string[] = [];
	const err: string[] = [];
	const code = await main(args, {
		out: (l) => out.push(...l.split('\n')),
		err: (l) => err.push(...l.split('\n')),
		cwd,
	});
	return { code, out, err };
}

/**
 * A Node that runs TypeScript directly: this one if it strips types (22.18+), else the
 * project's Node 24 (vitest may have been started by the system's older Node).
 */
export function nodeBinary(): string {
	const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
	if (major > 22 || (major === 22 && minor >= 18)) return process.execPath;
	const local = path.join(REPO, 'node_modules/.bin/node');
	return existsSync(local) ? local : process.execPath;
}

/** Runs `node scripts/import.ts …` as a child process. */
export function runCli(
	cwd: string,
	args: string[]
): Promise<{ code: number | null; stdout: string; stderr: string }> {
	return new Promise((resolve, reject) => {
		const child = spawn(nodeBinary(), [SCRIPT, ...args], {
			cwd,
			env: { ...process.env, NO_COLOR: '1' },
		});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (d) => (stdout += d));
		child.stderr.on('data', (d) => (stderr += d));
		child.on('error', reject);
		child.on('close', (code) => resolve({ code, stdout, stderr }));
	});
}

/** Every file under a directory, path → bytes: to prove a run changed nothing. */
export async function snapshot(dir: string): Promise<Map<string, string>> {
	const files = new Map<string, string>();
	const walk = async (d: string) => {
		for (const entry of await readdir(d, { withFileTypes: true })) {
			const full = path.join(d, entry.name);
			if (entry.isDirectory()) await walk(full);
			else files.set(path.relative(dir, full), (await readFile(full)).toString('base64'));
		}
	};
	if (existsSync(dir)) await walk(dir);
	return files;
}

const toHtml = unified()
	.use(remarkParse)
	.use(remarkGfm)
	.use(remarkRehype, { allowDangerousHtml: true })
	.use(rehypeStringify, { allowDangerousHtml: true });

/** Markdown rendered to HTML (raw HTML kept), as a browser would receive it. */
export function renderHtml(markdown: string): string {
	return String(toHtml.processSync(markdown));
}

/** The text a reader sees when the Markdown is rendered. */
export function renderedText(markdown: string): string {
	return toText(unified().use(rehypeParse, { fragment: true }).parse(renderHtml(markdown)));
}

/** Text without any whitespace: the body must survive character for character, spacing aside. */
export function squashText(text: string): string {
	return text.replace(/[\s\u00a0\u3000\ufeff]+/g, '');
}
