/**
 * The build's admin step: writes dist/admin/ (shell page, generated config, preview styles, glue
 * scripts) and copies the Decap bundle only when its version or files changed, so an incremental
 * `npm run build` pays almost nothing for the CMS. Called once from buildSite.ts after public/
 * is synced.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { DistUpdate } from '../lib/build/distUpdate.ts';
import { ADMIN_STATIC, configJson, previewCss, shellPage, vendorFiles } from './adminFiles.ts';

export interface WriteAdminOptions {
	root: string;
	dist: string;
	/** How the build changes dist/ (lib/build/distUpdate.ts); default: written straight into `dist`. */
	update?: DistUpdate;
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
	const { root, cacheDir } = options;
	if (!existsSync(join(root, 'admin/index.html')))
		return { skipped: true, copied: 0, written: 0, removed: 0 };
	const update = options.update ?? DistUpdate.direct(options.dist);
	const out = update.path('admin');
	const vendor = vendorFiles(root);

	let written = 0;
	const put = (name: string, content: string | Buffer) => {
		if (update.writeFile(`admin/${name}`, content)) written++;
	};
	put('index.html', shellPage(root, vendor.decapVersion));
	put('config.json', configJson(root, options.env ?? process.env));
	put('preview.css', previewCss(root));
	for (const name of ADMIN_STATIC) put(name, readFileSync(join(root, 'admin', name)));

	// Decap and yaml: ~170 files, 6.9 MB. Copied again only when a version changes or dist/ lost them.
	const stampFile = join(cacheDir, 'cms-admin.json');
	const stamp = readStamp(stampFile);
	const names = [...vendor.files.keys()];
	const current =
		stamp?.version === vendor.version &&
		names.every((f) => stamp.files[f] !== undefined && sizeOf(join(out, f)) === stamp.files[f]);
	let copied = 0;
	// The same version was copied before: dist/ lost some of it behind the build's back.
	if (!current && stamp?.version === vendor.version) update.drifted = true;
	if (!current) {
		const files: Record<string, number> = {};
		for (const [name, from] of vendor.files) {
			update.copyFile(`admin/${name}`, from);
			files[name] = statSync(join(out, name)).size;
			copied++;
		}
		mkdirSync(cacheDir, { recursive: true });
		writeFileSync(stampFile, JSON.stringify({ version: vendor.version, files } satisfies Stamp));
	}

	// Files of an older version (Decap's chunk names change between releases).
	const keep = new Set<string>([
		'index.html',
		'config.json',
		'preview.css',
		...ADMIN_STATIC,
		...names,
	]);
	let removed = 0;
	for (const d of existsSync(out)
		? readdirSync(out, { recursive: true, withFileTypes: true })
		: []) {
		const name = relative(out, join(d.parentPath, d.name)).split(sep).join('/');
		if (d.isFile() && !keep.has(name)) {
			update.remove(`admin/${name}`);
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
