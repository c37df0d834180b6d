/**
 * `npm run migrate-layout`: files every report under the year of its date,
 * `content/reports/<lang>/<slug>.md` → `content/reports/<year>/<lang>/<slug>.md`, and moves a
 * report whose year folder no longer matches its date (the date was changed by hand).
 *
 * - In a git work tree, tracked files are moved with `git mv`, so `git log --follow` keeps their
 *   history; untracked files are renamed.
 * - A translation goes where its original goes, whatever its own date says.
 * - Safe to run twice: a report already in its place is left alone; a move onto an existing
 *   file is never made (it is listed instead), so nothing is overwritten.
 * - Reads front matter as data (YAML core schema), never as code; a file whose date cannot be
 *   read is listed and left where it is, for `npm run check` to explain.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { defaultLocale, isLocale, type Locale } from '../../i18n/locales.ts';
import { listReportFiles, REPORTS_DIR, reportFilePath, SLUG_PATTERN, YEAR_PATTERN } from './reportPath.ts';

export interface Move {
	from: string;
	to: string;
}

export interface MigrationPlan {
	moves: Move[];
	/** Files left where they are, with the reason: `file: reason`. */
	skipped: string[];
}

export interface MigrationResult extends MigrationPlan {
	/** How the moves were made. */
	method: 'git mv' | 'rename' | 'none';
}

interface Found {
	file: string;
	/** The folder year, or undefined in the old layout. */
	year?: string;
	lang: Locale;
	slug: string;
	kind: 'md' | 'mdx';
}

/** What would move where; reads every report's date, moves nothing. */
export async function planMigration(root: string): Promise<MigrationPlan> {
	const found: Found[] = [];
	const skipped: string[] = [];
	for (const file of await listReportFiles(root)) {
		const parts = file.slice(REPORTS_DIR.length + 1).split('/');
		const m = /^(.+)\.(mdx?)$/.exec(parts.at(-1) ?? '');
		const folders = parts.slice(0, -1);
		const old = folders.length === 1 && isLocale(folders[0]);
		const current = folders.length === 2 && YEAR_PATTERN.test(folders[0]!) && isLocale(folders[1]);
		if (!m || (!old && !current)) {
			skipped.push(`${file}: not a report file in a known folder; left as it is`);
			continue;
		}
		const lang = (old ? folders[0] : folders[1]) as Locale;
		found.push({ file, lang, slug: m[1]!, kind: m[2] as 'md' | 'mdx', ...(current && { year: folders[0] }) });
	}

	// The year of every original, from its date; translations follow their original.
	const yearOf = new Map<string, string>();
	const years = new Map<Found, string>();
	for (const f of found) {
		const date = readDate(join(root, f.file));
		if (date) years.set(f, date.slice(0, 4));
		if (date && f.lang === defaultLocale) yearOf.set(f.slug, date.slice(0, 4));
	}
	const moves: Move[] = [];
	const targets = new Set<string>();
	for (const f of found) {
		const year = (f.lang === defaultLocale ? undefined : yearOf.get(f.slug)) ?? years.get(f);
		if (!year) {
			skipped.push(`${f.file}: date: cannot be read as YYYY-MM-DD; left as it is`);
			continue;
		}
		if (!SLUG_PATTERN.test(f.slug)) {
			skipped.push(`${f.file}: file name: "${f.slug}" is not a valid slug; left as it is`);
			continue;
		}
		const to = reportFilePath(year, f.lang, f.slug, f.kind);
		if (to === f.file) continue;
		if (existsSync(join(root, to)) || targets.has(to)) {
			skipped.push(`${f.file}: ${to} exists already; nothing overwritten, compare the two and keep one`);
			continue;
		}
		targets.add(to);
		moves.push({ from: f.file, to });
	}
	return { moves, skipped };
}

/** Makes the moves of the plan: `git mv` for tracked files, a rename for the others. */
export async function migrateLayout(root: string, options: { dryRun?: boolean } = {}): Promise<MigrationResult> {
	const plan = await planMigration(root);
	if (options.dryRun || plan.moves.length === 0) return { ...plan, method: 'none' };
	const tracked = trackedFiles(root);
	let usedGit = false;
	// `git mv a b c dir/` moves many files at once: one git process per target folder.
	const byFolder = new Map<string, string[]>();
	for (const move of plan.moves) {
		mkdirSync(join(root, dirname(move.to)), { recursive: true });
		if (tracked?.has(move.from)) {
			const list = byFolder.get(dirname(move.to)) ?? [];
			list.push(move.from);
			byFolder.set(dirname(move.to), list);
		} else renameSync(join(root, move.from), join(root, move.to));
	}
	for (const [folder, sources] of byFolder) {
		for (let i = 0; i < sources.length; i += 500) {
			const result = spawnSync('git', ['--literal-pathspecs', 'mv', '--', ...sources.slice(i, i + 500), `${folder}/`], {
				cwd: root,
				encoding: 'utf8',
			});
			if (result.status !== 0) throw new Error(`git mv into ${folder}/ failed: ${result.stderr.trim()}`);
			usedGit = true;
		}
	}
	for (const entry of readdirSync(join(root, REPORTS_DIR), { withFileTypes: true })) {
		if (entry.isDirectory()) removeEmptyFolders(join(root, REPORTS_DIR, entry.name));
	}
	return { ...plan, method: usedGit ? 'git mv' : 'rename' };
}

/** The date in a report's front matter, as written (`YYYY-MM-DD…`), or undefined. */
function readDate(path: string): string | undefined {
	const text = readFileSync(path, 'utf8').replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
	const m = /^---[ \t]*\n([\s\S]*?)\n---[ \t]*(?:\n|$)/.exec(text);
	if (!m) return undefined;
	try {
		const data = parseYaml(m[1]!, { schema: 'core' }) as { date?: unknown } | null;
		const date = typeof data?.date === 'string' ? data.date : undefined;
		return date && /^\d{4}-\d{2}-\d{2}/.test(date) ? date : undefined;
	} catch {
		return undefined;
	}
}

/** Tracked files under content/reports (paths from the root), or undefined outside a work tree. */
function trackedFiles(root: string): Set<string> | undefined {
	const result = spawnSync('git', ['ls-files', '-z', '--full-name', '--', REPORTS_DIR], { cwd: root, encoding: 'utf8' });
	if (result.status !== 0) return undefined;
	const prefix = spawnSync('git', ['rev-parse', '--show-prefix'], { cwd: root, encoding: 'utf8' }).stdout.trim();
	return new Set(
		result.stdout
			.split('\0')
			.filter(Boolean)
			.map((f) => (prefix && f.startsWith(prefix) ? f.slice(prefix.length) : f)),
	);
}

/** Removes the old `<lang>/` folders (and any other folder) left empty. */
function removeEmptyFolders(dir: string): boolean {
	if (!existsSync(dir)) return true;
	let empty = true;
	for (const entry of readdirSync(dir, { withFileTypes: true })) {
		if (entry.isDirectory() && removeEmptyFolders(join(dir, entry.name))) continue;
		empty = false;
	}
	if (empty) {
		try {
			rmdirSync(dir);
		} catch {
			return false;
		}
	}
	return empty;
}
