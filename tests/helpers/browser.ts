/**
 * Debian's Chromium driven by playwright-core, for the browser tests: a fresh profile per launch,
 * headless, no sandbox (tests run as root), nothing downloaded. `CHROMIUM_PATH` picks another
 * binary. Call `close()` in afterAll: it ends the browser and removes the profile.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM_ARGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];

export interface Browser {
	context: BrowserContext;
	close(): Promise<void>;
}

export interface LaunchOptions {
	/** Browser time zone, e.g. 'Asia/Shanghai' or 'UTC'. */
	timezoneId?: string;
	locale?: string;
	viewport?: { width: number; height: number };
	/** More Chromium switches. */
	args?: string[];
}

/** Launches Chromium with a throw-away profile. */
export async function launchBrowser(options: LaunchOptions = {}): Promise<Browser> {
	const profile = mkdtempSync(join(tmpdir(), 'huibao-chromium-'));
	const context = await chromium.launchPersistentContext(profile, {
		executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
		headless: true,
		args: [...CHROMIUM_ARGS, ...(options.args ?? [])],
		timezoneId: options.timezoneId,
		locale: options.locale ?? 'zh-CN',
		viewport: options.viewport ?? { width: 1400, height: 1000 },
	});
	return {
		context,
		async close() {
			await context.close().catch(() => {});
			rmSync(profile, { recursive: true, force: true });
		},
	};
}

/**
 * A screenshot for people to look at (.artifacts/). Against the dev server (`npm start`) a page
 * can reload itself while Chromium captures it — the content watcher saw the CMS's last write —
 * and the capture fails ("Unable to capture screenshot"); it is taken again once the page has
 * loaded. What the tests assert never depends on it.
 */
export async function screenshot(
	page: Page,
	path: string,
	options: { fullPage?: boolean } = {}
): Promise<void> {
	for (let attempt = 1; ; attempt++) {
		try {
			await page.screenshot({ path, ...options });
			return;
		} catch (error) {
			if (attempt === 3) throw error;
			await page.waitForLoadState('load');
		}
	}
}
