/**
 * The sample site built by the real build script, served from 127.0.0.1 and opened in Chromium:
 * what the browser tests of the reading site (layout, screenshots, accessibility) start from.
 */
import { launchBrowser, type Browser } from './browser.ts';
import { createFixtureSite, type FixtureSite } from './fixtureSite.ts';
import { serveStatic, type StaticServer } from './staticServer.ts';

export interface BuiltSite {
	site: FixtureSite;
	server: StaticServer;
	browser: Browser;
	/** Closes the browser and the server and removes the site. */
	close(): Promise<void>;
}

/** Builds a fresh copy of the sample site, serves its dist/ and launches the browser. */
export async function openBuiltSite(): Promise<BuiltSite> {
	const site = createFixtureSite();
	let server: StaticServer | undefined;
	let browser: Browser | undefined;
	const close = async () => {
		await browser?.close();
		await server?.close();
		site.cleanup();
	};
	try {
		const built = await site.run('build');
		if (built.code !== 0) throw new Error(`build failed:\n${built.stdout}\n${built.stderr}`);
		server = await serveStatic(site.dist);
		browser = await launchBrowser();
		return { site, server, browser, close };
	} catch (error) {
		await close();
		throw error;
	}
}
