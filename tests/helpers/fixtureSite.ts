/**
 * Throw-away copies of the project for build tests: the real code with fixture content, built
 * with the real scripts (see src/bench/throwawaySite.ts).
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createThrowawaySite, PROJECT, type ThrowawaySite } from '../../src/bench/throwawaySite.ts';

export { PROJECT };

export interface RunResult {
	code: number;
	stdout: string;
	stderr: string;
}

export interface FixtureSite extends ThrowawaySite {
	/** Runs a project script (scripts/<name>.ts) in the site, e.g. run('build'). */
	run(script: string, args?: string[], env?: Record<string, string>): Promise<RunResult>;
}

export interface FixtureOptions {
	/** Copy the repository's own content/ and public/ (default true). */
	sampleContent?: boolean;
	/** Extra files relative to the site root. */
	files?: Record<string, string | Uint8Array>;
}

export function createFixtureSite(options: FixtureOptions = {}): FixtureSite {
	const base = createThrowawaySite({ sampleContent: options.sampleContent });
	const site: FixtureSite = {
		...base,
		run(script, args = [], env = {}) {
			return runNode(join(PROJECT, 'scripts', `${script}.ts`), args, base.root, {
				HUIBAO_CACHE_DIR: base.cacheDir,
				...env,
			});
		},
	};
	for (const [path, content] of Object.entries(options.files ?? {})) site.write(path, content);
	return site;
}

/** The project's Node 24 (the npm package `node`), whatever Node runs the tests. */
export const NODE = join(PROJECT, 'node_modules/.bin/node');

/**
 * The environment a user's shell would give: without vitest's NODE_ENV=test and VITEST flags,
 * which change how Astro builds and keep its dev server from listening.
 */
export function userEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
	const env = Object.fromEntries(
		Object.entries(process.env).filter(([key]) => key !== 'NODE_ENV' && !key.startsWith('VITEST'))
	);
	return { ...env, ASTRO_TELEMETRY_DISABLED: '1', FORCE_COLOR: '0', ...extra };
}

/** Runs a Node script (TypeScript allowed) with the project's Node and collects its output. */
export function runNode(
	script: string,
	args: string[],
	cwd: string,
	env: Record<string, string> = {}
): Promise<RunResult> {
	return runCollecting(NODE, [script, ...args], { cwd, env: userEnv(env) });
}

/** Runs a program with nothing on stdin and collects its output; a signal counts as exit code 1. */
export function runCollecting(
	command: string,
	args: string[],
	options: { cwd: string; env: NodeJS.ProcessEnv }
): Promise<RunResult> {
	return new Promise((resolvePromise, reject) => {
		const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
		child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
		child.on('error', reject);
		child.on('close', (code) => resolvePromise({ code: code ?? 1, stdout, stderr }));
	});
}
