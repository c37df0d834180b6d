/**
 * A throw-away copy of the project with other content: the real code (src/, astro.config.mjs,
 * package.json) copied, node_modules linked, and a content/ and public/ of its own. The
 * benchmark builds 10,000 generated reports there, the tests build fixtures there; the
 * project's own content/ is never touched.
 */
import {
	cpSync,
	existsSync,
	mkdirSync,
	mkdtempSync,
	rmSync,
	symlinkSync,
	writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

/** The project root (where package.json is). */
export const PROJECT = resolve(import.meta.dirname, '../..');

export interface ThrowawaySite {
	root: string;
	dist: string;
	/** Build cache of this copy (HUIBAO_CACHE_DIR), inside the copy. */
	cacheDir: string;
	write(path: string, content: string | Uint8Array): void;
	remove(path: string): void;
	cleanup(): void;
}

export function createThrowawaySite(
	options: { sampleContent?: boolean; prefix?: string } = {}
): ThrowawaySite {
	const root = mkdtempSync(join(tmpdir(), options.prefix ?? 'huibao-site-'));
	for (const file of ['astro.config.mjs', 'package.json', 'tsconfig.json'])
		cpSync(join(PROJECT, file), join(root, file));
	cpSync(join(PROJECT, 'src'), join(root, 'src'), { recursive: true });
	if (existsSync(join(PROJECT, 'admin')))
		cpSync(join(PROJECT, 'admin'), join(root, 'admin'), { recursive: true });
	symlinkSync(join(PROJECT, 'node_modules'), join(root, 'node_modules'));
	if (options.sampleContent !== false) {
		cpSync(join(PROJECT, 'content'), join(root, 'content'), { recursive: true });
		cpSync(join(PROJECT, 'public'), join(root, 'public'), { recursive: true });
	} else {
		mkdirSync(join(root, 'content/reports'), { recursive: true });
		cpSync(join(PROJECT, 'content/categories.yml'), join(root, 'content/categories.yml'));
		cpSync(join(PROJECT, 'content/settings.yml'), join(root, 'content/settings.yml'));
		// Files the pages refer to (favicon, QR code), without the sample uploads.
		cpSync(join(PROJECT, 'public'), join(root, 'public'), {
			recursive: true,
			filter: (src) => !src.includes(`${join('public', 'uploads')}`),
		});
	}
	return {
		root,
		dist: join(root, 'dist'),
		cacheDir: join(root, '.cache'),
		write(path, content) {
			mkdirSync(dirname(join(root, path)), { recursive: true });
			writeFileSync(join(root, path), content);
		},
		remove(path) {
			rmSync(join(root, path), { recursive: true, force: true });
		},
		cleanup() {
			rmSync(root, { recursive: true, force: true });
		},
	};
}
