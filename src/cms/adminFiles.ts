/**
 * What /admin/ is made of, shared by the dev server (integration.ts) and the build (writeAdmin.ts):
 * the shell page and glue scripts in admin/, the generated config, the preview stylesheet and
 * the prebuilt Decap bundle from node_modules/decap-cms/dist (copied, never bundled by Vite).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import { adminConfigFile } from './config.ts';

/** Files of admin/ served as they are. */
export const ADMIN_STATIC = [
	'boot.js',
	'cms.js',
	'backends.js',
	'hostFixes.js',
	'years.js',
	'preview.js',
	'slug.js',
	'svgSafety.js',
	'phrases.js',
	'admin.css',
] as const;

export interface VendorFiles {
	/** Changes whenever a copied package changes version: `decap-cms@3.16.3 yaml@2.9.1`. */
	version: string;
	decapVersion: string;
	/** Name under /admin/ → absolute path of the file to copy. */
	files: Map<string, string>;
}

const cache = new Map<string, VendorFiles>();

/**
 * Files copied from node_modules into /admin/: the prebuilt decap-cms (entry script, its lazy
 * chunks, wasm, css, licence) and the browser build of `yaml`, with which the admin page reads
 * front matter the way the site does.
 */
export function vendorFiles(root: string): VendorFiles {
	const known = cache.get(root);
	if (known) return known;
	const require = createRequire(join(root, 'package.json'));
	const decapPkg = require.resolve('decap-cms/package.json');
	const yamlPkg = require.resolve('yaml/package.json');
	const version = (pkg: string) =>
		(JSON.parse(readFileSync(pkg, 'utf8')) as { version: string }).version;
	const files = new Map<string, string>();
	const decapDir = join(dirname(decapPkg), 'dist');
	// decap-cms.js and its NNN.decap-cms.js chunks; cms.js is the same app again under another
	// name, and the source maps are 27 MB that no editor needs.
	for (const f of readdirSync(decapDir).sort()) {
		if (/^(?:\d+\.)?decap-cms\.js$|\.wasm$|\.css$|\.LICENSE\.txt$/.test(f))
			files.set(f, join(decapDir, f));
	}
	const yamlDir = join(dirname(yamlPkg), 'browser/dist');
	for (const d of readdirSync(yamlDir, { recursive: true, withFileTypes: true })) {
		if (d.isFile() && d.name.endsWith('.js')) {
			const full = join(d.parentPath, d.name);
			files.set(`yaml/${relative(yamlDir, full).split(sep).join('/')}`, full);
		}
	}
	const decapVersion = version(decapPkg);
	const result = {
		version: `decap-cms@${decapVersion} yaml@${version(yamlPkg)}`,
		decapVersion,
		files,
	};
	cache.set(root, result);
	return result;
}

/** The shell page, with the Decap version in the script URL so browsers fetch a new bundle. */
export function shellPage(root: string, version: string): string {
	return readFileSync(join(root, 'admin/index.html'), 'utf8').replaceAll(
		'%DECAP_VERSION%',
		version
	);
}

/** The site's stylesheet plus a few rules for the preview pane. */
export function previewCss(root: string): string {
	const site = readFileSync(join(root, 'src/styles/global.css'), 'utf8');
	const extra = readFileSync(join(root, 'admin/preview-extra.css'), 'utf8');
	return `${site}\n${extra}`;
}

/** /admin/config.json for this root and environment. */
export function configJson(
	root: string,
	env: Record<string, string | undefined> = process.env
): string {
	return `${JSON.stringify(adminConfigFile(root, env))}\n`;
}

/** Content types of the files /admin/ serves. */
export function contentType(file: string): string {
	const ext = file.slice(file.lastIndexOf('.') + 1);
	return (
		{
			html: 'text/html; charset=utf-8',
			js: 'text/javascript; charset=utf-8',
			css: 'text/css; charset=utf-8',
			json: 'application/json; charset=utf-8',
			wasm: 'application/wasm',
			txt: 'text/plain; charset=utf-8',
		}[ext] ?? 'application/octet-stream'
	);
}
