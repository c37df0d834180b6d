/**
 * What the CMS browser tests share: `npm run cms` started in a throw-away site on free ports and
 * stopped again, the Decap login, and small fixtures. The tests differ in what the editor does,
 * not in how the CMS is brought up.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Page } from 'playwright-core';
import { NODE, PROJECT, userEnv } from './fixtureSite.ts';

/** The collection the CMS opens on: this year's reports. */
export const THIS_YEAR = `reports-${new Date().getFullYear()}`;

/** A 16×16 PNG, small enough to write inline, real enough for Decap's media library. */
export const PNG = Buffer.from(
	'iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAIAAACQkWg2AAAAGElEQVR4nGP4z8BAEmIY1TCqYVTDcNIAAOd+P8H2OYMnAAAAAElFTkSuQmCC',
	'base64'
);

/** A port nobody listens on right now (127.0.0.1, asked of the system with port 0). */
export function freePort(): Promise<number> {
	return new Promise((resolvePort, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as { port: number };
			server.close(() => resolvePort(port));
		});
	});
}

/** Polls `check` every 200 ms until it says yes (a throw counts as no), or fails after `ms`. */
export async function waitFor(check: () => Promise<boolean>, what: string, ms = 60_000) {
	const until = Date.now() + ms;
	while (Date.now() < until) {
		if (await check().catch(() => false)) return;
		await new Promise((r) => setTimeout(r, 200));
	}
	throw new Error(`timed out waiting for ${what}`);
}

/** Opens /admin/<path> and logs in through Decap's login page. */
export async function login(page: Page, sitePort: number, path = '') {
	// Decap remembers the last login; every test starts from the login page.
	await page.addInitScript(() => localStorage.removeItem('decap-cms-user'));
	await page.goto(`http://127.0.0.1:${sitePort}/admin/${path}`);
	await page.getByRole('button', { name: '登录', exact: true }).click({ timeout: 30_000 });
}

export interface RunningCms {
	process: ChildProcess;
	/** Astro's dev server: the site and /admin. */
	sitePort: number;
	/** The local backend Decap saves through. */
	cmsPort: number;
	/**
	 * Stops `npm run cms` unless it has exited already. SIGTERM, so that it stops its Astro dev
	 * server (its own process group, which a kill of this group would leave running and writing
	 * into the site while it is deleted); SIGKILL after 15 s if it has not exited by then.
	 */
	stop(): Promise<void>;
}

/** Starts `npm run cms` in `root` on two free ports and waits until /admin/ answers. */
export async function startCms(root: string): Promise<RunningCms> {
	const [sitePort, cmsPort] = [await freePort(), await freePort()];
	const cms = spawn(NODE, [join(PROJECT, 'scripts/cms.ts')], {
		cwd: root,
		// As a user's shell starts it: vitest's NODE_ENV=test makes Astro's dev server answer 404s.
		env: userEnv({ PORT: String(sitePort), CMS_PORT: String(cmsPort) }),
		stdio: ['ignore', 'pipe', 'pipe'],
		detached: true,
	});
	let output = '';
	cms.stdout!.on('data', (d: Buffer) => (output += d));
	cms.stderr!.on('data', (d: Buffer) => (output += d));
	const exited = new Promise<void>((done) => cms.once('exit', () => done()));
	const kill = (signal: NodeJS.Signals) => {
		try {
			process.kill(-cms.pid!, signal);
		} catch {}
	};
	const running: RunningCms = {
		process: cms,
		sitePort,
		cmsPort,
		async stop() {
			if (!cms.pid || cms.exitCode !== null) return;
			const gone = () => Promise.race([exited.then(() => true), sleep(15_000).then(() => false)]);
			kill('SIGTERM');
			if (!(await gone())) {
				kill('SIGKILL');
				await gone();
			}
		},
	};
	try {
		await waitFor(
			async () => (await fetch(`http://127.0.0.1:${sitePort}/admin/`)).ok,
			`npm run cms to start:\n${output}`
		);
	} catch (error) {
		await running.stop();
		throw error;
	}
	return running;
}
