/**
 * What /admin/ is made of, shared by the dev server (integration.ts) and the build (writeAdmin.ts):
 * the shell page and glue scripts in admin/, the generated config, the preview stylesheet and
 * the prebuilt Decap bundle from node_modules/decap-cms/dist (copied, never bundled by Vite).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { adminConfigFile } from './config.ts';

/** Files of admin/ served as they are. */
export const ADMIN_STATIC = ['boot.js', 'cms.js', 'backends.js', 'preview.js', 'slug.js', 'admin.css'] as const;

export interface DecapBundle {
	dir: string;
	version: string;
	/** File names in dir to ship: the entry script, its lazy chunks, wasm, css, licence. */
	files: string[];
}

/** The installed decap-cms package's prebuilt files. */
export function decapBundle(root: string): DecapBundle {
	const pkg = createRequire(join(root, 'package.json')).resolve('decap-cms/package.json');
	const version = (JSON.parse(readFileSync(pkg, 'utf8')) as { version: string }).version;
	const dir = join(dirname(pkg), 'dist');
	// decap-cms.js and its NNN.decap-cms.js chunks; cms.js is the same app again under another
	// name, and the source maps are 27 MB that no editor needs.
	const files = readdirSync(dir)
		.filter((f) => /^(?:\d+\.)?decap-cms\.js$|\.wasm$|\.css$|\.LICENSE\.txt$/.test(f))
		.sort();
	return { dir, version, files };
}

/** The shell page, with the Decap version in the script URL so browsers fetch a new bundle. */
export function shellPage(root: string, version: string): string {
	return readFileSync(join(root, 'admin/index.html'), 'utf8').replaceAll('%DECAP_VERSION%', version);
}

/** The site's stylesheet plus a few rules for the preview pane. */
export function previewCss(root: string): string {
	const site = readFileSync(join(root, 'src/styles/global.css'), 'utf8');
	const extra = readFileSync(join(root, 'admin/preview-extra.css'), 'utf8');
	return `${site}\n${extra}`;
}

/** /admin/config.json for this root and environment. */
export function configJson(root: string, env: Record<string, string | undefined> = process.env): string {
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
