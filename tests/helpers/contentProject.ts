/**
 * Throw-away content projects for validation tests: the project's categories.yml and
 * settings.yml, a public/ with a few uploads, and the files a test gives — validated with the
 * real validateSite(), the first step of `npm run check` and `npm run build`.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { validateSite, type ValidatedSite } from '../../src/lib/build/validateSite.ts';
import { ContentCache, contentCacheKey } from '../../src/lib/content/contentCache.ts';
import { formatProblem, sortProblems } from '../../src/lib/content/problem.ts';
import { PROJECT } from './fixtureSite.ts';

export interface ContentProject {
	root: string;
	cacheDir: string;
	write(path: string, content: string | Uint8Array): void;
	validate(): Promise<
		ValidatedSite & { lines: string[]; html(digest: string): string | undefined }
	>;
	cleanup(): void;
}

export function contentProject(files: Record<string, string | Uint8Array> = {}): ContentProject {
	const root = mkdtempSync(join(tmpdir(), 'huibao-content-'));
	const cacheDir = join(root, '.cache');
	const write = (path: string, content: string | Uint8Array) => {
		mkdirSync(dirname(join(root, path)), { recursive: true });
		writeFileSync(join(root, path), content);
	};
	mkdirSync(join(root, 'content'), { recursive: true });
	cpSync(join(PROJECT, 'content/categories.yml'), join(root, 'content/categories.yml'));
	cpSync(join(PROJECT, 'content/settings.yml'), join(root, 'content/settings.yml'));
	write('public/images/wechat-qr.svg', '<svg xmlns="http://www.w3.org/2000/svg"/>');
	write('public/uploads/2024/a.png', new Uint8Array([0x89, 0x50, 0x4e, 0x47]));
	write('public/uploads/2024/a.pdf', '%PDF-1.4\n');
	for (const [path, content] of Object.entries(files)) write(path, content);
	return {
		root,
		cacheDir,
		write,
		async validate() {
			const result = await validateSite({ root, cacheDir, workers: 0 });
			const cache = ContentCache.open(
				cacheDir,
				contentCacheKey(root, result.content?.settings.timezone ?? 'Asia/Shanghai')
			);
			return {
				...result,
				lines: sortProblems(result.problems).map(formatProblem),
				html: (digest) => cache.readHtml(digest),
			};
		},
		cleanup() {
			rmSync(root, { recursive: true, force: true });
		},
	};
}

/** A valid report's text; `extra` goes into the front matter, `body` after it. */
export const report = (extra = '', body = '正文。', title = '标题') =>
	`---\ntitle: ${title}\ndate: 2024-03-15\ncategory: news\n${extra}---\n${body}\n`;
