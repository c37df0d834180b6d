/**
 * Reads a built site from disk the way a visitor's browser would: every page, every link.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { STAMP_FILE } from '../../src/lib/build/buildStamp.ts';

/**
 * All files of the site under dist, relative with forward slashes. The build stamp is left out:
 * it names the build (a new id each time) and is never published.
 */
export function listDist(dist: string): string[] {
	return readdirSync(dist, { recursive: true, withFileTypes: true })
		.filter((d) => d.isFile())
		.map((d) => relative(dist, join(d.parentPath, d.name)).split(sep).join('/'))
		.filter((f) => f !== STAMP_FILE)
		.sort();
}

/** The file a site path is served from: `/a/` → a/index.html, `/a.xml` → a.xml. */
export function fileForPath(dist: string, path: string): string | undefined {
	const decoded = decodeURIComponent(path.split(/[?#]/)[0]!);
	const candidates = decoded.endsWith('/')
		? [`${decoded}index.html`]
		: [decoded, `${decoded}/index.html`];
	for (const c of candidates) {
		const file = join(dist, c);
		if (existsSync(file) && statSync(file).isFile()) return file;
	}
	return undefined;
}

export function readPage(dist: string, path: string): string {
	const file = fileForPath(dist, path);
	if (!file) throw new Error(`no page at ${path}`);
	return readFileSync(file, 'utf8');
}

/** Site-internal href/src values of an HTML page (no external, mailto, tel or fragment-only). */
export function internalLinks(html: string): string[] {
	const out: string[] = [];
	for (const m of html.matchAll(/\s(?:href|src)="([^"]*)"/g)) {
		const value = m[1]!.replace(/&amp;/g, '&');
		if (value.startsWith('/') && !value.startsWith('//')) out.push(value);
	}
	return out;
}

/** Every internal link of every HTML page in dist that does not resolve to a file. */
export function brokenLinks(dist: string): { page: string; href: string }[] {
	const broken: { page: string; href: string }[] = [];
	for (const file of listDist(dist).filter((f) => f.endsWith('.html'))) {
		for (const href of internalLinks(readFileSync(join(dist, file), 'utf8'))) {
			if (!fileForPath(dist, href)) broken.push({ page: file, href });
		}
	}
	return broken;
}
