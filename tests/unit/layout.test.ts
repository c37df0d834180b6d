/**
 * One folder per year (content/reports/<year>/<lang>/<slug>.md): what check says about a report
 * in the wrong place, and the command that moves an archive into the layout.
 */
import { execFileSync } from 'node:child_process';
import {
	cpSync,
	existsSync,
	mkdirSync,
	mkdtempSync,
	readFileSync,
	rmSync,
	writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { validateSite } from '../../src/lib/build/validateSite.ts';
import { migrateLayout } from '../../src/lib/content/migrateLayout.ts';
import { formatProblem } from '../../src/lib/content/problem.ts';
import { parseReportPath, reportFilePath } from '../../src/lib/content/reportPath.ts';

const roots: string[] = [];
afterAll(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

function project(files: Record<string, string>): string {
	const root = mkdtempSync(join(tmpdir(), 'huibao-layout-'));
	roots.push(root);
	for (const f of ['content/categories.yml', 'content/settings.yml']) {
		mkdirSync(dirname(join(root, f)), { recursive: true });
		cpSync(f, join(root, f));
	}
	mkdirSync(join(root, 'public'), { recursive: true });
	for (const [path, text] of Object.entries(files)) {
		mkdirSync(dirname(join(root, path)), { recursive: true });
		writeFileSync(join(root, path), text);
	}
	return root;
}

const report = (date: string, title = '标题') =>
	`---\ntitle: ${title}\ndate: ${date}\ncategory: news\n---\n正文。\n`;

async function problemsOf(root: string): Promise<string[]> {
	const { problems } = await validateSite({ root, cacheDir: join(root, '.cache') });
	return problems.map(formatProblem).sort();
}

describe('report paths', () => {
	test('year, language and slug come from the path; the id and URL do not contain the year', () => {
		expect(parseReportPath('content/reports/2024/zh/2024-03-15-annual-report.md')).toEqual({
			year: '2024',
			lang: 'zh',
			slug: '2024-03-15-annual-report',
			kind: 'md',
			id: 'zh/2024-03-15-annual-report',
		});
		expect(reportFilePath('2022-03-15', 'en', 'x')).toBe('content/reports/2022/en/x.md');
	});

	test.each([
		[
			'content/reports/zh/x.md',
			'reports are filed by year: move it to content/reports/<year of its date>/zh/x.md',
		],
		['content/reports/24/zh/x.md', '<year>/<zh|en>/<slug>'],
		['content/reports/2024/fr/x.md', '<year>/<zh|en>/<slug>'],
		['content/reports/2024/zh/sub/x.md', 'no other folders'],
	])('refuses %s', (path, message) => {
		const result = parseReportPath(path);
		expect('error' in result && result.error).toContain(message);
	});
});

describe('npm run check and the year folders', () => {
	test('names a report whose folder is not the year of its date, and a translation apart from its original', async () => {
		const root = project({
			'content/reports/2024/zh/right.md': report('2024-03-15'),
			'content/reports/2024/zh/moved-date.md': report('2023-12-30'),
			'content/reports/2023/zh/apart.md': report('2023-05-01'),
			'content/reports/2024/en/apart.md': report('2023-05-01', 'Apart'),
			'content/reports/zh/old-layout.md': report('2022-01-01'),
		});
		expect(await problemsOf(root)).toEqual([
			'content/reports/2024/en/apart.md: file name: a translation lives beside its original (content/reports/2023/zh/apart.md): move it to content/reports/2023/en/apart.md',
			'content/reports/2024/zh/moved-date.md: date: 2023-12-30 is not in 2024, the year of its folder: move the file to content/reports/2023/zh/moved-date.md (npm run migrate-layout does it)',
			'content/reports/zh/old-layout.md: file name: reports are filed by year: move it to content/reports/<year of its date>/zh/old-layout.md (npm run migrate-layout moves every report)',
		]);
	});

	test('the same slug in two years is a duplicate: one URL, two files', async () => {
		const root = project({
			'content/reports/2024/zh/same.md': report('2024-03-15'),
			'content/reports/2023/zh/same.md': report('2023-03-15'),
		});
		expect(await problemsOf(root)).toEqual([
			'content/reports/2024/zh/same.md: file name: duplicate slug "same" in zh/: content/reports/2023/zh/same.md has it too',
		]);
	});
});

describe('npm run migrate-layout', () => {
	const git = (root: string, ...args: string[]) =>
		execFileSync('git', args, { cwd: root, encoding: 'utf8' });

	test('moves an old archive with git mv (history kept), translations beside originals; a second run does nothing', async () => {
		const root = project({
			'content/reports/zh/2022-03-10-a.md': report('2022-03-10'),
			'content/reports/en/2022-03-10-a.md': report('2023-01-01', 'Translation dated otherwise'),
			'content/reports/zh/2025-06-20-b.md': report('2025-06-20'),
			'content/reports/zh/untracked.md': report('2024-01-02'),
			'content/reports/2024/zh/misfiled.md': report('2021-07-01'),
			'content/reports/zh/no-date.md': '---\ntitle: 无日期\ncategory: news\n---\n正文\n',
		});
		git(root, 'init', '-q', '-b', 'main');
		git(root, 'add', 'content', ':!content/reports/zh/untracked.md');
		git(root, '-c', 'user.name=T', '-c', 'user.email=t@example.org', 'commit', '-qm', 'old layout');
		const before = readFileSync(join(root, 'content/reports/zh/2022-03-10-a.md'), 'utf8');

		const first = await migrateLayout(root);
		expect(first.method).toBe('git mv');
		expect(first.moves.map((m) => `${m.from} → ${m.to}`).sort()).toEqual([
			'content/reports/2024/zh/misfiled.md → content/reports/2021/zh/misfiled.md',
			'content/reports/en/2022-03-10-a.md → content/reports/2022/en/2022-03-10-a.md',
			'content/reports/zh/2022-03-10-a.md → content/reports/2022/zh/2022-03-10-a.md',
			'content/reports/zh/2025-06-20-b.md → content/reports/2025/zh/2025-06-20-b.md',
			'content/reports/zh/untracked.md → content/reports/2024/zh/untracked.md',
		]);
		expect(first.skipped).toEqual([
			'content/reports/zh/no-date.md: date: cannot be read as YYYY-MM-DD; left as it is',
		]);
		expect(readFileSync(join(root, 'content/reports/2022/zh/2022-03-10-a.md'), 'utf8')).toBe(
			before
		);
		// Staged as renames: `git log --follow` keeps the history.
		const status = git(root, 'status', '--porcelain', '-uall');
		expect(status).toContain(
			'R  content/reports/zh/2022-03-10-a.md -> content/reports/2022/zh/2022-03-10-a.md'
		);
		expect(status).toContain('?? content/reports/2024/zh/untracked.md');
		expect(existsSync(join(root, 'content/reports/en'))).toBe(false);
		git(root, '-c', 'user.name=T', '-c', 'user.email=t@example.org', 'commit', '-qm', 'by year');
		expect(
			git(root, 'log', '--follow', '--format=%s', '--', 'content/reports/2022/zh/2022-03-10-a.md')
				.trim()
				.split('\n')
		).toEqual(['by year', 'old layout']);

		const second = await migrateLayout(root);
		expect(second.moves).toEqual([]);
		expect(second.method).toBe('none');
		// What is left for check is the file it could not place.
		expect(await problemsOf(root)).toEqual([
			expect.stringMatching(/^content\/reports\/zh\/no-date\.md: /),
		]);
	});

	test('never overwrites: a move onto an existing file is listed, not made', async () => {
		const root = project({
			'content/reports/zh/x.md': report('2022-03-10', '旧'),
			'content/reports/2022/zh/x.md': report('2022-03-10', '新'),
		});
		const result = await migrateLayout(root);
		expect(result.moves).toEqual([]);
		expect(result.skipped).toEqual([
			'content/reports/zh/x.md: content/reports/2022/zh/x.md exists already; nothing overwritten, compare the two and keep one',
		]);
		expect(readFileSync(join(root, 'content/reports/2022/zh/x.md'), 'utf8')).toContain('新');
		expect(readFileSync(join(root, 'content/reports/zh/x.md'), 'utf8')).toContain('旧');
	});
});
