/**
 * 关怀模式 for the browser tests. The reading pages' inline script (src/lib/site/readingScript.ts)
 * remembers it in localStorage under READING_STORAGE_KEY and marks <html data-care>; the tests
 * set the same entry, as a reader's earlier choice would. Where that script is not in the tree,
 * CARE_MODE is false and the tests that need the mode are skipped.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { PROJECT } from './fixtureSite.ts';

const SCRIPT = join(PROJECT, 'src/lib/site/readingScript.ts');

export const CARE_MODE = existsSync(SCRIPT);

/** Turns 关怀模式 on or off for the page's origin; takes effect from the next page loaded. */
export async function setCareMode(page: Page, origin: string, on: boolean): Promise<void> {
	const { READING_STORAGE_KEY: key } = (await import(pathToFileURL(SCRIPT).href)) as {
		READING_STORAGE_KEY: string;
	};
	if (!page.url().startsWith(origin)) await page.goto(`${origin}/404.html`);
	await page.evaluate(
		([k, care]) =>
			care ? localStorage.setItem(k, JSON.stringify({ care: true })) : localStorage.removeItem(k),
		[key, on] as [string, boolean]
	);
}
