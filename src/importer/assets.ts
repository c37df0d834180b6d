/**
 * Images and attached files of an imported page → `public/uploads/<year>/`.
 *
 * Saved pages reference their files every way there is: `page_files/1.jpg` next to the page,
 * `/uploads/2022/1.jpg` from the old site's root, full `http://old-site/…` addresses, `data:`
 * URIs. Each is looked for on disk near the page; only files of the expected kinds, inside the
 * folders the user gave (or the current directory), are ever read, so a hostile page cannot pull
 * arbitrary local files into the public site. An SVG is copied only when it holds no script
 * (src/lib/media/svgSafety.ts, the check the CMS applies to uploads): opened at its own address
 * it would run on the site's origin.
 */
import { createHash } from 'node:crypto';
import { lstat, readFile, realpath } from 'node:fs/promises';
import path from 'node:path';
import type { Element, ElementContent, Parents } from 'hast';
import { svgProblem } from '../lib/media/svgSafety.ts';
import type { Block } from './blocks.ts';
import { stringProp } from './htmlToBlocks.ts';

const IMAGE_TYPES: Readonly<Record<string, string>> = {
	jpg: 'image/jpeg',
	jpeg: 'image/jpeg',
	png: 'image/png',
	gif: 'image/gif',
	webp: 'image/webp',
	bmp: 'image/bmp',
	svg: 'image/svg+xml',
};
/** Documents an article links to (附件): copied so the link keeps working after the old site is gone. */
const DOCUMENT_EXTS = new Set([
	'pdf',
	'doc',
	'docx',
	'xls',
	'xlsx',
	'ppt',
	'pptx',
	'wps',
	'et',
	'txt',
	'zip',
	'rar',
	'7z',
]);
const MIME_EXT: Readonly<Record<string, string>> = {
	'image/jpeg': 'jpg',
	'image/png': 'png',
	'image/gif': 'gif',
	'image/webp': 'webp',
	'image/bmp': 'bmp',
	'image/svg+xml': 'svg',
};

/** Where a page came from, to find the files it references. */
export interface PageLocation {
	/** Absolute path of the saved page. */
	file: string;
	/** Folders files may be read from: the input folder (or a single page's own folder), never beyond. */
	allowed: string[];
	/** The page's address, for resolving relative links into absolute ones. */
	base?: string;
	/**
	 * Downloads an image that is not on disk (WeChat pages only: their pictures live on WeChat's
	 * servers). Without it nothing is downloaded.
	 */
	download?: (url: string) => Promise<{ bytes: Buffer; ext: string } | { error: string }>;
}

/** One file to copy into public/. */
export interface Upload {
	/** Absolute destination path. */
	target: string;
	/** Site path, `/uploads/2022/…`. */
	url: string;
	bytes: Buffer;
	/** The destination already holds exactly these bytes: nothing to write. */
	present: boolean;
}

/** Result of rewriting a body's references. */
export interface AssetPlan {
	uploads: Upload[];
	warnings: string[];
	/** Images that had to be downloaded and could not be: the page must not be imported without them. */
	failures: string[];
}

/**
 * Rewrites `<img src>` and `<a href>` in the body's HTML nodes to their new homes, planning the
 * copies (written later, only if the report is written). Images that cannot be found are dropped
 * with a warning, or kept as remote addresses when the page's own address makes them absolute;
 * links to pages of the old site that cannot be resolved lose the link and keep their text.
 */
export async function planAssets(
	body: readonly Block[],
	page: PageLocation,
	dest: { publicDir: string; year: string; prefix: string }
): Promise<AssetPlan> {
	const plan: AssetPlan = { uploads: [], warnings: [], failures: [] };
	const byHash = new Map<string, Upload>();
	const names = new Set<string>();

	const place = async (
		bytes: Buffer,
		original: string,
		ext: string
	): Promise<string | undefined> => {
		const problem = ext === 'svg' ? svgProblem(bytes) : undefined;
		if (problem) {
			plan.warnings.push(`${original}: SVG refused (${problem}); left out`);
			return undefined;
		}
		const hash = sha1(bytes);
		const seen = byHash.get(hash);
		if (seen) return seen.url;
		const stem = safeStem(original) || hash.slice(0, 8);
		let name = `${dest.prefix}-${stem}.${ext}`;
		let target = path.join(dest.publicDir, 'uploads', dest.year, name);
		let existing = await readIfExists(target);
		if (names.has(name) || (existing && !existing.equals(bytes))) {
			name = `${dest.prefix}-${stem}-${hash.slice(0, 6)}.${ext}`;
			target = path.join(dest.publicDir, 'uploads', dest.year, name);
			existing = await readIfExists(target);
		}
		const upload: Upload = {
			target,
			url: `/uploads/${dest.year}/${name}`,
			bytes,
			present: existing?.equals(bytes) ?? false,
		};
		names.add(name);
		byHash.set(hash, upload);
		plan.uploads.push(upload);
		return upload.url;
	};

	const visit = async (parent: Parents): Promise<void> => {
		for (let i = 0; i < parent.children.length; i++) {
			const node = parent.children[i]!;
			if (node.type !== 'element') continue;
			if (node.tagName === 'img') {
				const keep = await rewriteImage(node, page, place, plan);
				if (!keep) parent.children.splice(i--, 1);
				continue;
			}
			if (node.tagName === 'a') {
				const keep = await rewriteLink(node, page, place);
				await visit(node);
				if (!keep) {
					parent.children.splice(i, 1, ...(node.children as ElementContent[]));
					i += node.children.length - 1;
				}
				continue;
			}
			await visit(node);
		}
	};
	for (const block of body) {
		if (!block.nodes) continue;
		const holder: Element = {
			type: 'element',
			tagName: 'div',
			properties: {},
			children: block.nodes,
		};
		await visit(holder);
		block.nodes = holder.children;
	}
	return plan;
}

/** The file's new address, or undefined when it may not be published (a warning says why). */
type Place = (bytes: Buffer, original: string, ext: string) => Promise<string | undefined>;

async function rewriteImage(
	img: Element,
	page: PageLocation,
	place: Place,
	plan: AssetPlan
): Promise<boolean> {
	const warnings = plan.warnings;
	const src = stringProp(img, 'src')?.trim() ?? '';
	// Lazy-loading scripts keep the real address in data-*; the src is a placeholder.
	const real = (stringProp(img, 'dataOriginal') ?? stringProp(img, 'dataSrc') ?? src).trim();
	if (!real) return false;
	const alt = stringProp(img, 'alt') ?? '';
	// A page saved by a browser after its script ran has the downloaded copy in src
	// (page_files/640.jpeg) and the address in data-src: the copy on disk comes first.
	if (src && src !== real && !/^(?:[a-z][\w+.-]*:|\/\/)/i.test(src)) {
		const copy = await findLocal(src, page, (ext) => ext in IMAGE_TYPES);
		if (copy) {
			const url = await place(copy.bytes, copy.name, copy.ext);
			if (!url) return false;
			img.properties = { src: url, alt };
			return true;
		}
	}
	const data = /^data:(image\/[\w.+-]+)(;base64)?,(.*)$/is.exec(real);
	if (data) {
		const ext = MIME_EXT[data[1]!.toLowerCase()];
		if (!ext) {
			warnings.push(`image of type ${data[1]} skipped`);
			return false;
		}
		const bytes = data[2]
			? Buffer.from(data[3]!, 'base64')
			: Buffer.from(decodeURIComponent(data[3]!), ext === 'svg' ? 'utf8' : 'latin1');
		const url = await place(bytes, 'image', ext);
		if (!url) return false;
		img.properties = { src: url, alt: stringProp(img, 'alt') ?? '' };
		return true;
	}
	const found = await findLocal(real, page, (ext) => ext in IMAGE_TYPES);
	if (found) {
		const url = await place(found.bytes, found.name, found.ext);
		if (!url) return false;
		img.properties = { src: url, alt };
		return true;
	}
	const remote = absoluteUrl(real, page.base);
	if (remote && page.download) {
		const got = await page.download(remote);
		if ('error' in got) {
			const failure = `image ${remote}: ${got.error}`;
			if (!plan.failures.includes(failure)) plan.failures.push(failure);
			return false;
		}
		// Downloaded pictures are named by their content: WeChat's addresses end in /640 or /0.
		const url = await place(got.bytes, '', got.ext);
		if (!url) return false;
		img.properties = { src: url, alt };
		return true;
	}
	if (remote) {
		warnings.push(`image ${real} not found next to the page; kept as a link to ${remote}`);
		img.properties = { src: remote, alt };
		return true;
	}
	warnings.push(`image ${real} not found next to the page; left out`);
	return false;
}

/** True when the link stays a link. */
async function rewriteLink(a: Element, page: PageLocation, place: Place): Promise<boolean> {
	const href = stringProp(a, 'href')?.trim() ?? '';
	if (!href || href.startsWith('#') || /^javascript:/i.test(href)) return false;
	if (/^(?:mailto|tel):/i.test(href)) {
		a.properties = { href };
		return true;
	}
	const ext = extension(pathPart(href));
	if (DOCUMENT_EXTS.has(ext) || ext in IMAGE_TYPES) {
		const found = await findLocal(href, page, (e) => DOCUMENT_EXTS.has(e) || e in IMAGE_TYPES);
		const url = found && (await place(found.bytes, found.name, found.ext));
		if (url) {
			a.properties = { href: url };
			return true;
		}
		// A refused file is not linked to at its old address either.
		if (found) return false;
	}
	const remote = absoluteUrl(href, page.base);
	if (remote) {
		a.properties = { href: remote };
		return true;
	}
	return false;
}

/** A referenced file on disk: next to the page, or under a folder that mirrors the old site. */
async function findLocal(
	ref: string,
	page: PageLocation,
	accept: (ext: string) => boolean
): Promise<{ bytes: Buffer; name: string; ext: string } | undefined> {
	let refPath = pathPart(ref);
	try {
		refPath = decodeURIComponent(refPath);
	} catch {
		// Keep the raw path: a stray % is not an encoding.
	}
	refPath = refPath.replace(/\\/g, '/');
	const ext = extension(refPath);
	if (!accept(ext)) return undefined;

	const pageDir = path.dirname(page.file);
	const candidates: string[] = [];
	const isAbsolute = /^(?:[a-z][\w+.-]*:)?\/\//i.test(ref) || refPath.startsWith('/');
	if (!isAbsolute) candidates.push(path.resolve(pageDir, refPath));
	// Root-relative and full addresses: a mirrored site has the file under one of the page's
	// parent folders; a browser-saved page has it in its folder.
	const rooted = refPath.replace(/^\/+/, '');
	for (let dir = pageDir; ; dir = path.dirname(dir)) {
		candidates.push(path.resolve(dir, rooted));
		if (
			path.dirname(dir) === dir ||
			!page.allowed.some((root) => isInside(path.dirname(dir), root))
		)
			break;
	}
	candidates.push(path.resolve(pageDir, path.basename(refPath)));

	for (const candidate of candidates) {
		if (!page.allowed.some((root) => isInside(candidate, root))) continue;
		const real = await confined(candidate, page.allowed);
		if (!real) continue;
		return { bytes: await readFile(real), name: path.basename(candidate), ext };
	}
	return undefined;
}

/**
 * The real path of a regular file that lies inside one of the input roots, following no link:
 * an archive from the old site's vendor may hold symbolic links to `~/.ssh/id_rsa` or a project
 * file, and whatever the importer copies into public/uploads/ is published by the next deploy.
 * A link (the file or any folder on its way) is skipped as if the file were not there.
 */
async function confined(candidate: string, roots: readonly string[]): Promise<string | undefined> {
	try {
		if (!(await lstat(candidate)).isFile()) return undefined;
		const real = await realpath(candidate);
		for (const root of roots) {
			const realRoot = await realpath(root).catch(() => undefined);
			// The path as written must equal the real one below the root: no link on the way.
			if (
				realRoot &&
				isInside(real, realRoot) &&
				path.relative(realRoot, real) === path.relative(root, candidate)
			)
				return real;
		}
	} catch {
		// Missing or unreadable: not an asset of this page.
	}
	return undefined;
}

function pathPart(ref: string): string {
	const withoutScheme = ref.replace(/^[a-z][\w+.-]*:\/\/[^/]*/i, '').replace(/^\/\/[^/]*/, '');
	return withoutScheme.replace(/[?#].*$/s, '');
}

function extension(file: string): string {
	return path.extname(file).slice(1).toLowerCase();
}

function absoluteUrl(ref: string, base: string | undefined): string | undefined {
	try {
		const url = base ? new URL(ref, base) : new URL(ref);
		return /^https?:$/.test(url.protocol) ? url.href : undefined;
	} catch {
		return undefined;
	}
}

function isInside(file: string, dir: string): boolean {
	const rel = path.relative(dir, file);
	return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** ASCII file-name stem safe on every OS and CDN; empty for names that are all Chinese. */
function safeStem(name: string): string {
	return path
		.basename(name, path.extname(name))
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '')
		.slice(0, 40)
		.replace(/-+$/, '');
}

function sha1(bytes: Buffer | string): string {
	return createHash('sha1').update(bytes).digest('hex');
}

async function readIfExists(file: string): Promise<Buffer | undefined> {
	try {
		return await readFile(file);
	} catch {
		return undefined;
	}
}
