/**
 * The build's admin step: writes dist/admin/ (shell page, generated config, preview styles, glue
 * scripts) and copies the Decap bundle only when its version or files changed, so an incremental
 * `npm run build` pays almost nothing for the CMS. Called once from buildSite.ts after public/
 * is synced.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ADMIN_STATIC, configJson, decapBundle, previewCss, shellPage } from './adminFiles.ts';

export interface WriteAdminOptions {
	root: string;
	dist: string;
	cacheDir: string;
	env?: Record<string, string | undefined>;
}

export interface WriteAdminResult {
	/** The site has no admin/ folder (e.g. a throw-away test site): nothing was written. */
	skipped?: boolean;
	/** Decap bundle files copied (0 when the bundle in dist/admin/ is current). */
	copied: number;
	/** Generated or glue files whose bytes changed. */
	written: number;
	removed: number;
}

interface Stamp {
	version: string;
	files: Record<string, number>;
}

/** Writes dist/admin/; see the module comment. */
export async function writeAdmin(options: WriteAdminOptions): Promise<WriteAdminResult> {
	const { root, dist, cacheDir } = options;
	if (!existsSync(join(root, 'admin/index.html'))) return { skipped: true, copied: 0, written: 0, removed: 0 };
	const out = join(dist, 'admin');
	mkdirSync(out, { recursive: true });
	const bundle = decapBundle(root);

	let written = 0;
	const put = (name: string, content: string | Buffer) => {
		const file = join(out, name);
		const bytes = typeof content === 'string' ? Buffer.from(content) : content;
		if (existsSync(file) && readFileSync(file).equals(bytes)) return;
		writeFileSync(file, bytes);
		written++;
	};
	put('index.html', shellPage(root, bundle.version));
	put('config.json', configJson(root, options.env ?? process.env));
	put('preview.css', previewCss(root));
	for (const name of ADMIN_STATIC) put(name, readFileSync(join(root, 'admin', name)));

	// The bundle: 97 files, 6.4 MB. Copied again only when the version changes or dist/ lost it.
	const stampFile = join(cacheDir, 'cms-admin.json');
	const stamp = readStamp(stampFile);
	const current =
		stamp?.version === bundle.version &&
		bundle.files.every((f) => stamp.files[f] !== undefined && sizeOf(join(out, f)) === stamp.files[f]);
	let copied = 0;
	if (!current) {
		const files: Record<string, number> = {};
		for (const f of bundle.files) {
			copyFileSync(join(bundle.dir, f), join(out, f));
			files[f] = statSync(join(out, f)).size;
			copied++;
		}
		mkdirSync(cacheDir, { recursive: true });
		writeFileSync(stampFile, JSON.stringify({ version: bundle.version, files } satisfies Stamp));
	}

	// Files of an older Decap version (chunk names change between releases).
	const keep = new Set<string>(['index.html', 'config.json', 'preview.css', ...ADMIN_STATIC, ...bundle.files]);
	let removed = 0;
	for (const name of readdirSync(out)) {
		if (!keep.has(name)) {
			rmSync(join(out, name), { recursive: true, force: true });
			removed++;
		}
	}
	return { copied, written, removed };
}

function readStamp(file: string): Stamp | undefined {
	try {
		return JSON.parse(readFileSync(file, 'utf8')) as Stamp;
	} catch {
		return undefined;
	}
}

function sizeOf(file: string): number | undefined {
	try {
		return statSync(file).size;
	} catch {
		return undefined;
	}
}
