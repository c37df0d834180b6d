/**
 * The simulated git host's rules (tests/helpers/gitHost), checked over plain HTTP: the hosts'
 * tree paging, the token, CORS, ETags, and Gitea's ChangeFiles checks, all over a real
 * repository read back with git.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startGitHost, type GitHost } from '../helpers/gitHost/index.ts';

let dir: string;
const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8' });
const TOKEN = 'secret-test-token';

beforeAll(() => {
	dir = mkdtempSync(join(tmpdir(), 'githost-unit-'));
	git('init', '-q', '-b', 'main');
	mkdirSync(join(dir, 'content/reports/zh'), { recursive: true });
	for (let i = 0; i < 1500; i++)
		writeFileSync(
			join(dir, `content/reports/zh/r-${String(i).padStart(4, '0')}.md`),
			`---\ntitle: 报告${i}\n---\n正文${i}\n`
		);
	git('add', '-A');
	git('-c', 'user.name=T', '-c', 'user.email=t@example.org', 'commit', '-qm', 'init');
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function withHost(
	kind: 'gitea' | 'github',
	run: (
		host: GitHost,
		api: (path: string, init?: RequestInit) => Promise<Response>
	) => Promise<void>,
	extra = {}
) {
	const host = await startGitHost({
		kind,
		repoDir: dir,
		repo: 'assoc/site',
		token: TOKEN,
		allowOrigin: 'http://127.0.0.1:4321',
		...extra,
	});
	try {
		await run(host, (path, init = {}) =>
			fetch(`${host.apiRoot}${path}`, {
				...init,
				headers: {
					Authorization: `token ${TOKEN}`,
					'Content-Type': 'application/json',
					...init.headers,
				},
			})
		);
	} finally {
		await host.close();
	}
}

describe('simulated Gitea', () => {
	test('pages trees at 1,000 entries, whatever per_page asks', async () => {
		await withHost('gitea', async (host, api) => {
			const first = await (
				await api('/repos/assoc/site/git/trees/main:content%2Freports%2Fzh')
			).json();
			expect([first.tree.length, first.truncated, first.total_count]).toEqual([1000, true, 1500]);
			const more = await (
				await api('/repos/assoc/site/git/trees/main:content%2Freports%2Fzh?per_page=5000')
			).json();
			expect(more.tree.length).toBe(1000);
			const second = await (
				await api('/repos/assoc/site/git/trees/main:content%2Freports%2Fzh?page=2')
			).json();
			expect([second.tree.length, second.truncated, second.tree[0].path]).toEqual([
				500,
				false,
				'r-1000.md',
			]);
			expect(host.counts()['GET git/trees']).toBe(3);
		});
	});

	test('refuses a missing or wrong token; answers CORS only for the allowed origin', async () => {
		await withHost('gitea', async (host, api) => {
			expect((await fetch(`${host.apiRoot}/user`)).status).toBe(401);
			expect((await api('/user', { headers: { Authorization: 'token wrong' } })).status).toBe(401);
			expect((await api('/user', { headers: { Authorization: `Bearer ${TOKEN}` } })).status).toBe(
				200
			);
			const allowed = await fetch(`${host.apiRoot}/user`, {
				method: 'OPTIONS',
				headers: { Origin: 'http://127.0.0.1:4321' },
			});
			expect(allowed.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:4321');
			expect(allowed.headers.get('access-control-allow-headers')).toContain('Authorization');
			const other = await fetch(`${host.apiRoot}/user`, {
				method: 'OPTIONS',
				headers: { Origin: 'https://evil.example' },
			});
			expect(other.headers.get('access-control-allow-origin')).toBeNull();
			expect(host.preflights).toBe(2);
		});
	});

	test('ChangeFiles: refuses to create an existing file or update with a stale sha; commits an update with git', async () => {
		await withHost('gitea', async (host, api) => {
			const path = 'content/reports/zh/r-0001.md';
			const sha = git('rev-parse', `main:${path}`).trim();
			const content = Buffer.from('---\ntitle: 新标题\n---\n正文1\n').toString('base64');
			const change = (file: object) =>
				api('/repos/assoc/site/contents', {
					method: 'POST',
					body: JSON.stringify({ branch: 'main', message: '更新', files: [file] }),
				});
			expect((await change({ operation: 'create', path, content })).status).toBe(422);
			expect(
				(await change({ operation: 'update', path, content, sha: '0'.repeat(40) })).status
			).toBe(422);
			const before = git('rev-parse', 'main').trim();
			expect((await change({ operation: 'update', path, content, sha })).status).toBe(201);
			expect(git('rev-parse', 'main^').trim()).toBe(before);
			expect(git('show', '--name-only', '--format=%an|%s', 'main').trim().split('\n')).toEqual([
				'测试编辑|更新',
				'',
				path,
			]);
			expect(git('show', `main:${path}`)).toBe('---\ntitle: 新标题\n---\n正文1\n');
			expect(host.counts()['POST contents']).toBe(3);
		});
	});
});

describe('simulated GitHub', () => {
	test('truncates a recursive tree at its limit; blobs carry an ETag and answer 304 when unchanged', async () => {
		await withHost(
			'github',
			async (host, api) => {
				const tree = await (
					await api('/repos/assoc/site/git/trees/main:content/reports?recursive=1')
				).json();
				expect([tree.tree.length, tree.truncated]).toEqual([1000, true]);
				const blob = await api(`/repos/assoc/site/git/blobs/${tree.tree[1].sha}`);
				const etag = blob.headers.get('etag')!;
				expect(Buffer.from((await blob.json()).content, 'base64').toString()).toMatch(
					/^---\ntitle: 报告/
				);
				expect(
					(
						await api(`/repos/assoc/site/git/blobs/${tree.tree[1].sha}`, {
							headers: { 'If-None-Match': etag },
						})
					).status
				).toBe(304);
				expect(host.counts()['304']).toBe(1);
				expect((await api('/repos/other/repo')).status).toBe(404);
			},
			{ githubTreeLimit: 1000 }
		);
	});
});
