/**
 * One editor's session in the real Decap admin against the SIMULATED git host (./gitHost):
 * logged in with a test token placed where Decap keeps its login, open the report list, open a
 * report, change its title, save and publish. Shared by the browser test
 * (tests/e2e/cms-git-host.test.ts) and the request benchmark (scripts/bench-cms-requests.ts).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { writeAdmin } from '../../src/cms/writeAdmin.ts';
import { defaultLocale, type Locale } from '../../src/i18n/locales.ts';
import type { GitHost } from './gitHost/index.ts';
import { serveStatic, type StaticServer } from './staticServer.ts';

export const TEST_TOKEN = 'test-token-for-the-simulated-host';
export const TEST_REPO = 'assoc/site';

/** Runs git in `dir` (file names in UTF-8, not quoted). */
export const gitIn =
	(dir: string) =>
	(...args: string[]) =>
		execFileSync('git', ['-c', 'core.quotePath=false', ...args], {
			cwd: dir,
			encoding: 'utf8',
			maxBuffer: 1 << 28,
		});

/**
 * Commits the site's content/ and public/ and returns a bare clone of it: the repository the
 * simulated host serves, whose `main` the CMS publishes to (as on a host, no working tree).
 */
export function hostRepository(root: string): string {
	const git = gitIn(root);
	git('init', '-q', '-b', 'main');
	git('add', 'content', 'public');
	git(
		'-c',
		'user.name=协会秘书处',
		'-c',
		'user.email=office@example.org',
		'commit',
		'-qm',
		'网站内容'
	);
	const bare = mkdtempSync(join(tmpdir(), 'huibao-host-repo-'));
	git('clone', '-q', '--bare', root, bare);
	return bare;
}

/**
 * The admin as `npm run build` writes it (dist/admin/ from writeAdmin) for a build with
 * CMS_BACKEND=<host kind> and CMS_API_ROOT=<simulated host>, served on 127.0.0.1.
 */
export async function serveAdminFor(
	root: string,
	host: GitHost
): Promise<{ server: StaticServer; config: AdminConfig }> {
	const dist = join(root, 'dist');
	await writeAdmin({
		root,
		dist,
		cacheDir: join(root, '.cache'),
		env: {
			CMS_BACKEND: host.kind,
			CMS_REPO: TEST_REPO,
			CMS_API_ROOT: host.apiRoot,
			CMS_BASE_URL: host.origin,
			CMS_APP_ID: 'huibao-test',
			CMS_LOCAL: 'false',
		},
	});
	const config = JSON.parse(readFileSync(join(dist, 'admin/config.json'), 'utf8')) as AdminConfig;
	return { server: await serveStatic(dist), config };
}

export interface AdminConfig {
	decap: Record<
		Locale,
		{ publish_mode?: string; collections: { name: string; folder?: string }[] }
	>;
}

/** The Decap collection holding a report file, and the entry's slug in it. */
export function collectionOf(
	config: AdminConfig,
	file: string
): { collection: string; folder: string; slug: string } {
	const match = config.decap.zh.collections.find(
		(c) => c.folder && file.startsWith(`${c.folder}/`)
	);
	if (!match) throw new Error(`no CMS collection holds ${file}`);
	return {
		collection: match.name,
		folder: match.folder!,
		slug: file
			.split('/')
			.pop()!
			.replace(/\.mdx?$/, ''),
	};
}

/** Slugs of the default-language reports in a collection folder on `main` (what its list must show). */
export function slugsIn(repo: string, folder: string): Set<string> {
	const files = gitIn(repo)('ls-tree', '-r', '--name-only', 'main', '--', `${folder}/`).split('\n');
	return new Set(
		files
			.filter((f) => f.startsWith(`${folder}/${defaultLocale}/`) && f.endsWith('.md'))
			.map((f) => f.split('/').pop()!.replace(/\.md$/, ''))
	);
}

/**
 * Chromium switches for a session: every host name but 127.0.0.1 resolves to nothing, so the
 * admin cannot reach the internet (Decap's GitHub backend asks githubstatus.com for its
 * status). Done in the resolver, not with Playwright's request routing, which would turn the
 * browser's HTTP cache off and make a warm session look cold.
 */
export const OFFLINE_ARGS = ['--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'];

/**
 * Logs the browser in as Decap itself would after an OAuth/PKCE login: the user, with the token
 * and the backend's name, in localStorage `decap-cms-user` (decap-cms-core backend.ts
 * currentUser → authStore.retrieve → implementation.restoreUser). Returns the list of requests
 * to anything but 127.0.0.1 (refused by OFFLINE_ARGS), filled as they happen.
 */
export async function prepareContext(
	context: BrowserContext,
	host: GitHost
): Promise<{ external: string[] }> {
	const external: string[] = [];
	context.on('request', (request) => {
		const url = new URL(request.url());
		if (/^(?:http|https|ws|wss):$/.test(url.protocol) && url.hostname !== '127.0.0.1')
			external.push(request.url());
	});
	await context.addInitScript(
		({ token, backendName }) => {
			if (!localStorage.getItem('decap-cms-user'))
				localStorage.setItem(
					'decap-cms-user',
					JSON.stringify({ token, backendName, login: 'editor', name: '测试编辑' })
				);
		},
		{ token: TEST_TOKEN, backendName: host.kind }
	);
	return { external };
}

export interface SessionResult {
	/** Milliseconds per step. */
	ms: { list: number; open: number; save: number; total: number };
	/** Entries the list showed, and which of the expected ones it did not show. */
	listed: number;
	missing: string[];
	/** Whether the report was opened from the list (false: by its address, the list lacked it). */
	openedFromList: boolean;
	/** The commit on main after the save. */
	commit: string;
}

/**
 * Waits until the host has had no request for `quietMs` (Decap finished loading); returns when
 * the last request was answered (performance.now() time), so the wait is not counted.
 */
async function hostQuiet(host: GitHost, quietMs = 1500, timeoutMs = 900_000): Promise<number> {
	const until = Date.now() + timeoutMs;
	const last = () => host.requests.at(-1)?.at ?? 0;
	while (Date.now() < until) {
		if (performance.now() - last() >= quietMs) return last();
		await new Promise((r) => setTimeout(r, 100));
	}
	throw new Error('the host kept receiving requests');
}

/**
 * log in → report list → open one report → change its title → save (and, with the editorial
 * workflow, set it ready and publish, which merges the pull request) → wait for the new commit
 * on `main`.
 */
export async function editorSession(
	page: Page,
	options: {
		adminOrigin: string;
		host: GitHost;
		repo: string;
		file: string;
		config: AdminConfig;
		title: string;
		expected?: Set<string>;
		/** How long the list may take to appear (default 15 minutes, for 10,000 reports). */
		listTimeoutMs?: number;
		/** Filled step by step, so a session that fails still tells what it saw. */
		into?: Partial<SessionResult>;
	}
): Promise<SessionResult> {
	const { host, repo, config } = options;
	const { collection, folder, slug } = collectionOf(config, options.file);
	const workflow = config.decap.zh.publish_mode === 'editorial_workflow';
	const head = () => gitIn(repo)('rev-parse', 'main').trim();
	page.on('dialog', (dialog) => void dialog.accept());
	const start = performance.now();

	await page.goto(`${options.adminOrigin}/admin/#/collections/${collection}`);
	const cards = page.locator(`a[href*="/collections/${collection}/entries/"]`);
	const card = page
		.locator(
			`a[href$="/collections/${collection}/entries/${encodeURIComponent(slug)}"], a[href$="/collections/${collection}/entries/${slug}"]`
		)
		.first();
	await cards.first().waitFor({ timeout: options.listTimeoutMs ?? 900_000 });
	const listedAt = Math.max(performance.now(), await hostQuiet(host));
	const shown = new Set(
		(
			await cards.evaluateAll((links) =>
				links.map((a) =>
					decodeURIComponent((a as HTMLAnchorElement).href.split('/entries/')[1] ?? '')
				)
			)
		).filter(Boolean)
	);
	const expected = options.expected ?? slugsIn(repo, folder);
	const missing = [...expected].filter((s) => !shown.has(s));
	const into = options.into ?? {};
	Object.assign(into, {
		listed: shown.size,
		missing,
		ms: { list: listedAt - start, open: 0, save: 0, total: 0 },
	});

	// A report the list does not show (a host's answer was cut short) is opened by its address,
	// as an editor following a link would.
	const openedFromList = shown.has(slug);
	into.openedFromList = openedFromList;
	if (openedFromList) await card.click({ timeout: 60_000 });
	else await page.goto(`${options.adminOrigin}/admin/#/collections/${collection}/entries/${slug}`);
	const title = page.getByRole('textbox', { name: '标题', exact: true }).first();
	await title.waitFor({ timeout: 120_000 });
	// The title as loaded (an entry Decap could not read opens empty: give up after a while).
	for (let i = 0; i < 100 && !(await title.inputValue()); i++)
		await new Promise((r) => setTimeout(r, 100));
	const openedAt = Math.max(performance.now(), await hostQuiet(host, 1000));
	into.ms!.open = openedAt - listedAt;

	await title.fill(options.title);
	await publishEntry(page, host, repo, workflow);
	const end = Math.max(performance.now(), await hostQuiet(host));
	return Object.assign(into, {
		ms: {
			list: listedAt - start,
			open: openedAt - listedAt,
			save: end - openedAt,
			total: end - start,
		},
		listed: shown.size,
		missing,
		openedFromList,
		commit: head(),
	}) as SessionResult;
}

/**
 * Publishes the entry open in the editor and waits for its commit on `main`. With the editorial
 * workflow: save (branch + pull request, status 草稿), set 就绪, publish (merge); without: publish.
 * Decap asks "你确定要发布此内容吗？": accept dialogs on the page first.
 */
export async function publishEntry(page: Page, host: GitHost, repo: string, workflow: boolean) {
	const head = () => gitIn(repo)('rev-parse', 'main').trim();
	const before = head();
	if (workflow) {
		await page.getByRole('button', { name: '保存', exact: true }).click();
		await page.getByText('修改已保存').first().waitFor({ timeout: 120_000 });
		await hostQuiet(host, 1000);
		await page.getByRole('button', { name: /^状态/ }).click();
		await page.getByRole('menuitem', { name: '待发布' }).click();
		await page.getByRole('button', { name: /^状态：待发布/ }).waitFor({ timeout: 60_000 });
		await hostQuiet(host, 1000);
	}
	await page.getByRole('button', { name: '发布', exact: true }).click();
	await page.getByRole('menuitem', { name: '立即发布' }).click();
	const until = Date.now() + 120_000;
	while (head() === before) {
		if (Date.now() > until) throw new Error('no commit reached main');
		await new Promise((r) => setTimeout(r, 200));
	}
}
