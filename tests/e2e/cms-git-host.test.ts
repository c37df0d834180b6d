/**
 * The real Decap admin against a SIMULATED Gitea and a SIMULATED GitHub (tests/helpers/gitHost:
 * their REST APIs over a real git repository; not the hosts themselves). For each backend an
 * editor, logged in with a test token where Decap keeps its login, opens the report list, opens
 * a report, changes its title and publishes; the test then reads the repository with git: one
 * new commit on main, by the editor, changing exactly that report's title. The simulated Gitea
 * pages its trees after one entry instead of 1,000, so the paging fix is proven on a small site.
 */
import { rmSync } from 'node:fs';
import matter from 'gray-matter';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { defaultLocale } from '../../src/i18n/locales.ts';
import { FRONT_MATTER } from '../../src/lib/content/parseReport.ts';
import { launchBrowser, type Browser } from '../helpers/browser.ts';
import {
	OFFLINE_ARGS,
	collectionOf,
	editorSession,
	gitIn,
	hostRepository,
	prepareContext,
	publishEntry,
	serveAdminFor,
	slugsIn,
} from '../helpers/cmsHostSession.ts';
import { createFixtureSite, type FixtureSite } from '../helpers/fixtureSite.ts';
import { startGitHost, type HostKind } from '../helpers/gitHost/index.ts';

const SLUG = '2024-07-05-urban-pipeline-renewal-survey';
const NEW_TITLE = '城市地下管网更新改造专题调研报告（修订稿）';

let site: FixtureSite;
let repo: string;

beforeAll(() => {
	site = createFixtureSite();
	repo = hostRepository(site.root);
});

afterAll(() => {
	site?.cleanup();
	if (repo) rmSync(repo, { recursive: true, force: true });
});

describe.each<HostKind>(['gitea', 'github'])('Decap on a simulated %s', (kind) => {
	test('logs in, lists the reports, opens one, publishes a new title: one commit with exactly that edit', async () => {
		const git = gitIn(repo);
		// Gitea answers a tree 1,000 entries per page. A page of one entry here makes every folder of
		// the sample site span pages, as a folder of more than 1,000 reports does on a real Gitea:
		// the list and the save must read them all (admin/hostFixes.js).
		const host = await startGitHost({
			kind,
			repoDir: repo,
			repo: 'assoc/site',
			token: 'test-token-for-the-simulated-host',
			giteaTreesPerPage: 1,
		});
		const { server, config } = await serveAdminFor(site.root, host);
		// A fresh browser profile per backend: nothing cached, no login but the test token.
		const browser: Browser = await launchBrowser({
			timezoneId: 'Asia/Shanghai',
			args: OFFLINE_ARGS,
		});
		const context = browser.context;
		try {
			const file = git('ls-tree', '-r', '--name-only', 'main', '--', 'content/reports')
				.split('\n')
				.find((f) => f.endsWith(`/${defaultLocale}/${SLUG}.md`))!;
			const before = git('rev-parse', 'main').trim();
			const original = matter(git('show', `main:${file}`), FRONT_MATTER);
			const { external } = await prepareContext(context, host);
			const page = await context.newPage();
			const result = await editorSession(page, {
				adminOrigin: server.origin,
				host,
				repo,
				file,
				config,
				title: `${NEW_TITLE}·${kind}`,
				listTimeoutMs: 45_000,
			});

			// The list showed every report of the collection.
			expect(result.missing).toEqual([]);
			expect(result.listed).toBe(slugsIn(repo, collectionOf(config, file).folder).size);

			// One commit on main, by the editor, touching only that file, changing only the title.
			expect(git('rev-list', `${before}..main`).trim().split('\n')).toHaveLength(1);
			expect(
				git('show', '--name-only', '--format=%an <%ae>', 'main').trim().split('\n').filter(Boolean)
			).toEqual(['测试编辑 <editor@example.org>', file]);
			const saved = matter(git('show', `main:${file}`), FRONT_MATTER);
			expect(saved.data).toEqual({ ...original.data, title: `${NEW_TITLE}·${kind}` });
			expect(saved.content).toBe(original.content);
			const subject = git('log', '-1', '--format=%s', 'main').trim();
			expect(subject).toBe(kind === 'github' ? `更新报告“${SLUG}” (#1)` : `更新报告“${SLUG}”`);

			// Every request was one the simulated host knows, with the token.
			const counts = host.counts();
			expect(counts.unknown).toBe(0);
			expect(host.requests.filter((r) => r.status === 401)).toEqual([]);
			if (kind === 'gitea') {
				// Direct publishing (Decap's Gitea backend has no editorial workflow): one ChangeFiles call.
				expect(counts['POST contents']).toBe(1);
				expect(Object.keys(counts).filter((k) => k.includes('pulls'))).toEqual([]);
			} else {
				// Editorial workflow: a cms/ branch and pull request, merged (squash) and deleted.
				expect(counts['POST pulls']).toBe(1);
				expect(counts['PUT pulls/{n}/merge']).toBe(1);
				expect(git('for-each-ref', 'refs/heads/cms/').trim()).toBe('');
				expect(external.every((u) => u.startsWith('https://www.githubstatus.com/'))).toBe(true);
			}
		} finally {
			await browser.close();
			await server.close();
			await host.close();
		}
	});

	test('a date in another year moves only that report and its translation (one rename each); the review workflow refuses it, keeping the form', async () => {
		const git = gitIn(repo);
		// Each backend moves a different report: the repository is shared by both runs.
		const [slug, date] =
			kind === 'gitea'
				? ['2024-03-15-annual-work-report-2023', '2023-03-15']
				: ['2025-04-16-urban-bridge-inspection-campaign', '2024-04-16'];
		const host = await startGitHost({
			kind,
			repoDir: repo,
			repo: 'assoc/site',
			token: 'test-token-for-the-simulated-host',
		});
		const { server, config } = await serveAdminFor(site.root, host);
		const browser: Browser = await launchBrowser({
			timezoneId: 'Asia/Shanghai',
			args: OFFLINE_ARGS,
		});
		try {
			const files = git('ls-tree', '-r', '--name-only', 'main', '--', 'content/reports').split(
				'\n'
			);
			const from = files.filter((f) => f.endsWith(`/${slug}.md`)).sort();
			expect(from).toHaveLength(2);
			const { collection } = collectionOf(
				config,
				from.find((f) => f.includes(`/${defaultLocale}/`))!
			);
			const before = git('rev-parse', 'main').trim();
			await prepareContext(browser.context, host);
			const page = await browser.context.newPage();
			page.on('dialog', (dialog) => void dialog.accept());
			await page.goto(`${server.origin}/admin/#/collections/${collection}/entries/${slug}`);
			const title = page.getByRole('textbox', { name: '标题', exact: true }).first();
			await title.waitFor({ timeout: 45_000 });
			await expect.poll(() => title.inputValue()).not.toBe('');
			await page.getByLabel('日期').nth(0).fill(date);
			const moved = from.map((f) => f.replace(/\/\d{4}\//, `/${date.slice(0, 4)}/`));
			const renames = (range: string[]) =>
				git('diff', '--name-status', '-M', ...range)
					.trim()
					.split('\n')
					.map((l) => l.split('\t').slice(1))
					.sort();
			if (config.decap.zh.publish_mode !== 'editorial_workflow') {
				await publishEntry(page, host, repo, false);
				expect(renames([before, 'main'])).toEqual(from.map((f, i) => [f, moved[i]]).sort());
				expect(git('show', `main:${moved.find((f) => f.includes(`/${defaultLocale}/`))}`)).toMatch(
					new RegExp(`^date: ${date}$`, 'm')
				);
			} else {
				// Under the review workflow a draft cannot change year (Decap cannot load a draft
				// whose files left its collection's folder): the save is refused with a message, the
				// form keeps the editor's date, and nothing reaches the repository.
				const refs = git('for-each-ref').trim();
				await page.getByRole('button', { name: '保存', exact: true }).click();
				await expect
					.poll(() => page.getByText(/审核流程中报告不能换到另一年/).count(), { timeout: 30_000 })
					.toBeGreaterThan(0);
				expect(await page.getByLabel('日期').nth(0).inputValue()).toBe(date);
				expect(git('for-each-ref').trim()).toBe(refs);
				expect(git('rev-parse', 'main').trim()).toBe(before);
			}
		} finally {
			await browser.close();
			await server.close();
			await host.close();
		}
	});
});
