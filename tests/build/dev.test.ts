/**
 * The dev server (`npm run dev`): drafts are visible there and only there, and an edited
 * report shows on the next request without a restart.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
	createFixtureSite,
	NODE,
	PROJECT,
	userEnv,
	type FixtureSite,
} from '../helpers/fixtureSite.ts';

const DRAFT = '2026-10-15-fourth-member-congress-preparatory-notice';
let site: FixtureSite;
let server: ChildProcess;
let base: string;

function freePort(): Promise<number> {
	return new Promise((resolve) => {
		const s = createServer().listen(0, '127.0.0.1', () => {
			const { port } = s.address() as { port: number };
			s.close(() => resolve(port));
		});
	});
}

async function get(path: string): Promise<{ status: number; text: string }> {
	const response = await fetch(base + path);
	return { status: response.status, text: await response.text() };
}

beforeAll(async () => {
	site = createFixtureSite();
	const port = await freePort();
	base = `http://127.0.0.1:${port}`;
	server = spawn(
		NODE,
		[
			join(PROJECT, 'node_modules/astro/bin/astro.mjs'),
			'dev',
			'--host',
			'127.0.0.1',
			'--port',
			String(port),
		],
		{
			cwd: site.root,
			env: userEnv({ HUIBAO_CACHE_DIR: site.cacheDir }),
			stdio: 'ignore',
			detached: true,
		}
	);
	for (let i = 0; i < 240; i++) {
		try {
			if ((await fetch(base + '/')).ok) return;
		} catch {}
		await sleep(250);
	}
	throw new Error('the dev server did not start');
}, 90_000);

afterAll(() => {
	if (server?.pid) process.kill(-server.pid, 'SIGTERM');
	site?.cleanup();
});

test('a draft has its page, marked as a draft, under the dev server', async () => {
	const page = await get(`/reports/${DRAFT}/`);
	expect(page.status).toBe(200);
	expect(page.text).toContain('草稿（不会发布）');
	expect((await get('/category/notices/')).text).toContain(`/reports/${DRAFT}/`);
});

test('an edited report shows on the next request', async () => {
	const file = join(site.root, 'content/reports/2023/zh/2023-02-20-member-annual-review-notice.md');
	writeFileSync(
		file,
		readFileSync(file, 'utf8').replace(/^title: .*$/m, 'title: 开发服务器实时更新测试')
	);
	let text = '';
	for (let i = 0; i < 40 && !text.includes('开发服务器实时更新测试'); i++) {
		await sleep(250);
		text = (await get('/reports/2023-02-20-member-annual-review-notice/')).text;
	}
	expect(text).toContain('开发服务器实时更新测试');
}, 30_000);
