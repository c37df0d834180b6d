/**
 * Throw-away copies of the project for build tests: the real code (src/, astro.config.mjs)
 * with fixture content, in a temp folder, built with the real build script.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

export const PROJECT = resolve(import.meta.dirname, '../..');

export interface RunResult {
	code: number;
	stdout: string;
	stderr: string;
}

export interface FixtureSite {
	root: string;
	dist: string;
	cacheDir: string;
	/** Writes a file relative to the site root (creating folders). */
	write(path: string, content: string | Uint8Array): void;
	remove(path: string): void;
	/** Runs a project script (scripts/<name>.ts) in the site, e.g. run('build'). */
	run(script: string, args?: string[], env?: Record<string, string>): Promise<RunResult>;
	cleanup(): void;
}

export interface FixtureOptions {
	/** Copy the repository's own content/ and public/ (default true). */
	sampleContent?: boolean;
	/** Extra files relative to the site root. */
	files?: Record<string, string | Uint8Array>;
}

export function createFixtureSite(options: FixtureOptions = {}): FixtureSite {
	const root = mkdtempSync(join(tmpdir(), 'huibao-site-'));
	for (const file of ['astro.config.mjs', 'package.json', 'tsconfig.json']) cpSync(join(PROJECT, file), join(root, file));
	cpSync(join(PROJECT, 'src'), join(root, 'src'), { recursive: true });
	symlinkSync(join(PROJECT, 'node_modules'), join(root, 'node_modules'));
	if (options.sampleContent !== false) {
		cpSync(join(PROJECT, 'content'), join(root, 'content'), { recursive: true });
		cpSync(join(PROJECT, 'public'), join(root, 'public'), { recursive: true });
	} else {
		mkdirSync(join(root, 'content/reports/zh'), { recursive: true });
		mkdirSync(join(root, 'public'), { recursive: true });
		cpSync(join(PROJECT, 'content/categories.yml'), join(root, 'content/categories.yml'));
		cpSync(join(PROJECT, 'content/settings.yml'), join(root, 'content/settings.yml'));
	}
	const site: FixtureSite = {
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
		run(script, args = [], env = {}) {
			return runNode(join(PROJECT, 'scripts', `${script}.ts`), args, root, { HUIBAO_CACHE_DIR: join(root, '.cache'), ...env });
		},
		cleanup() {
			rmSync(root, { recursive: true, force: true });
		},
	};
	for (const [path, content] of Object.entries(options.files ?? {})) site.write(path, content);
	return site;
}

/** The project's Node 24 (the npm package `node`), whatever Node runs the tests. */
export const NODE = join(PROJECT, 'node_modules/.bin/node');

/** Runs a Node script (TypeScript allowed) with the project's Node and collects its output. */
export function runNode(script: string, args: string[], cwd: string, env: Record<string, string> = {}): Promise<RunResult> {
	return new Promise((resolvePromise, reject) => {
		const child = spawn(NODE, [script, ...args], {
			cwd,
			env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', FORCE_COLOR: '0', ...env },
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
		child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
		child.on('error', reject);
		child.on('close', (code) => resolvePromise({ code: code ?? 1, stdout, stderr }));
	});
}
