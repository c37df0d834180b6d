/**
 * The same site built with plain Astro, Eleventy (alone, and followed by the Pagefind CLI) and
 * Hugo (the workplace's peer benchmark in
 * ../shared/bench/peers, when present), on the same corpus, for the ratios the targets are set
 * in. The peer folders are copied and installed once into a work folder; Hugo comes from PATH.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

export interface Peer {
	name: string;
	dir: string;
	/** Output folder, relative to dir. */
	out: string;
	/** Command that builds from cold (caches and output removed beforehand). */
	command: [string, ...string[]];
	/** Caches and output to remove before a cold build. */
	clean: string[];
	env: Record<string, string>;
	/** Puts the corpus in place. */
	setup(corpus: string): void;
}

/** The project's Pagefind command line (npm `pagefind`, the extended binary). */
const PAGEFIND_CLI = join(import.meta.dirname, '../../node_modules/.bin/pagefind');

const COPY_FILTER = (src: string) =>
	!/\/(node_modules|dist|_site|public|content|\.astro|\.cache|resources|results[^/]*|corpus[^/]*)$/.test(
		src
	);

export function preparePeers(
	peersDir: string,
	workDir: string,
	log: (line: string) => void
): Peer[] {
	const peers: Peer[] = [];
	mkdirSync(workDir, { recursive: true });
	const install = (name: string) => {
		const dir = join(workDir, name);
		if (!existsSync(join(dir, 'node_modules/.bin'))) {
			rmSync(dir, { recursive: true, force: true });
			cpSync(join(peersDir, name), dir, { recursive: true, filter: COPY_FILTER });
			log(`peers: installing ${name} (npm install, once)…`);
			// `npm ci` trips over Astro 7's platform bindings; `npm install` honours the lockfile.
			execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], {
				cwd: dir,
				stdio: 'inherit',
			});
		}
		return dir;
	};
	const withBin = (dir: string) => ({
		PATH: `${join(dir, 'node_modules/.bin')}:${process.env.PATH}`,
		ASTRO_TELEMETRY_DISABLED: '1',
	});

	if (existsSync(join(peersDir, 'hugo'))) {
		if (spawnSync('hugo', ['version']).status === 0) {
			const dir = join(workDir, 'hugo');
			rmSync(dir, { recursive: true, force: true });
			cpSync(join(peersDir, 'hugo'), dir, { recursive: true, filter: COPY_FILTER });
			peers.push({
				name: 'Hugo',
				dir,
				out: 'public',
				command: ['hugo', '--quiet'],
				clean: ['public', 'resources', '.hugo_build.lock'],
				env: {},
				setup(corpus) {
					rmSync(join(dir, 'content'), { recursive: true, force: true });
					mkdirSync(join(dir, 'content'), { recursive: true });
					cpSync(join(dir, 'content-static/archive'), join(dir, 'content/archive'), {
						recursive: true,
					});
					cpSync(corpus, join(dir, 'content/reports'), { recursive: true });
				},
			});
		} else log('peers: hugo is not installed (apt-get install hugo); skipping Hugo');
	}
	if (existsSync(join(peersDir, 'eleventy'))) {
		const dir = install('eleventy');
		peers.push({
			name: 'Eleventy',
			dir,
			out: '_site',
			command: [join(dir, 'node_modules/.bin/eleventy'), '--quiet'],
			clean: ['_site', '.cache'],
			env: withBin(dir),
			setup(corpus) {
				rmSync(join(dir, 'src/reports'), { recursive: true, force: true });
				cpSync(corpus, join(dir, 'src/reports'), { recursive: true });
				cpSync(join(dir, 'reports.11tydata.js'), join(dir, 'src/reports/reports.11tydata.js'));
			},
		});
		// What a user of Eleventy runs to have search: its cold build, then the Pagefind CLI over
		// the output (the project's own Pagefind, same version as our index). The cold build with
		// search is measured against this.
		peers.push({
			name: 'Eleventy + Pagefind',
			dir,
			out: '_site',
			command: [
				'sh',
				'-c',
				`"${join(dir, 'node_modules/.bin/eleventy')}" --quiet && "${PAGEFIND_CLI}" --site _site --quiet`,
			],
			clean: ['_site', '.cache'],
			env: withBin(dir),
			setup() {
				// The corpus is in place from the Eleventy peer (same folder).
			},
		});
	}
	if (existsSync(join(peersDir, 'astro'))) {
		const dir = install('astro');
		peers.push({
			name: 'plain Astro',
			dir,
			out: 'dist',
			command: [join(dir, 'node_modules/.bin/astro'), 'build'],
			clean: ['dist', '.astro', 'node_modules/.astro'],
			env: withBin(dir),
			setup(corpus) {
				rmSync(join(dir, 'content'), { recursive: true, force: true });
				cpSync(corpus, join(dir, 'content'), { recursive: true });
			},
		});
	}
	return peers;
}

/** HTML pages in an output folder (Hugo's page/1 alias redirects not counted). */
export function countPages(dir: string): number {
	if (!existsSync(dir)) return 0;
	return readdirSync(dir, { recursive: true, withFileTypes: true }).filter(
		(d) =>
			d.isFile() &&
			d.name.endsWith('.html') &&
			!(d.parentPath.endsWith('/page/1') || d.parentPath.includes('/admin'))
	).length;
}
