/**
 * Which CI path a commit takes, from the diff against the commit that is live:
 *
 * - `content`: only content/ (Markdown, YAML) and public/uploads/ changed, as in every CMS
 *   publish. The code is the code that passed every check and test when it went live, so CI
 *   checks the content, builds incrementally and deploys, in one job.
 * - `full`: anything else changed, or the live commit is unknown: check, type-check, every test,
 *   build, deploy.
 * - `none`: the tree is what is live (a re-run, a scheduled run with nothing new).
 *
 * The live commit comes from the bucket (deployedRecord.ts), so two quick publishes (the first
 * cancelled), a failed run or a cancelled one are all covered by the next run's diff.
 */

import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { COMMIT_PATTERN } from './deployedRecord.ts';

const run = promisify(execFile);

export type CiPath = 'content' | 'full' | 'none';

export interface PathDecision {
	path: CiPath;
	/** One line for the CI log: why this path. */
	reason: string;
	/** Files that differ from the live commit (empty when unknown). */
	changed: string[];
}

/**
 * True for files an editor's publish touches and the content check fully validates. `.mdx`
 * reports are left out on purpose: MDX runs code at build time, so it goes through the full path.
 */
export function isContentFile(path: string): boolean {
	if (path.startsWith('public/uploads/')) return true;
	return path.startsWith('content/') && !path.endsWith('.mdx');
}

/** The path for a list of changed files (from `git diff --name-only` against the live commit). */
export function pathForChanges(changed: readonly string[]): PathDecision {
	if (!changed.length)
		return { path: 'none', reason: 'nothing changed since the live commit', changed: [] };
	const code = changed.filter((f) => !isContentFile(f));
	if (!code.length) {
		return {
			path: 'content',
			reason: `only content changed since the live commit (${changed.length} file(s))`,
			changed: [...changed],
		};
	}
	const shown =
		code.slice(0, 5).join(', ') + (code.length > 5 ? `, … (${code.length} in all)` : '');
	return {
		path: 'full',
		reason: `code changed since the live commit: ${shown}`,
		changed: [...changed],
	};
}

async function git(cwd: string, args: string[]): Promise<{ ok: boolean; stdout: string }> {
	try {
		const { stdout } = await run('git', args, { cwd, maxBuffer: 256 * 2 ** 20, encoding: 'utf8' });
		return { ok: true, stdout };
	} catch (error) {
		const code = (error as { code?: unknown }).code;
		// Exit status 1 is git's "no" (not an ancestor, no such object); anything else is a real error.
		if (typeof code === 'number') return { ok: false, stdout: '' };
		throw error;
	}
}

/**
 * Decides the path of `head` (default HEAD) in the repository at `cwd`, given the live commit
 * (undefined when there is no record). Any doubt — no record, a malformed one, a commit this
 * clone does not have, or one that is not an ancestor of `head` (history was rewritten by a
 * force-push) — means `full`.
 */
export async function decideCiPath(options: {
	cwd: string;
	live: string | undefined;
	head?: string;
}): Promise<PathDecision> {
	const { cwd, live } = options;
	const full = (reason: string): PathDecision => ({ path: 'full', reason, changed: [] });
	const head = await git(cwd, [
		'rev-parse',
		'--verify',
		'--end-of-options',
		`${options.head ?? 'HEAD'}^{commit}`,
	]);
	if (!head.ok) throw new Error(`ci-path: ${options.head ?? 'HEAD'} is not a commit in ${cwd}`);
	const headCommit = head.stdout.trim();
	if (!live) return full('no record of a previous deploy');
	if (!COMMIT_PATTERN.test(live))
		return full(`the deploy record names no commit (${JSON.stringify(live.slice(0, 80))})`);
	if (!(await git(cwd, ['cat-file', '-e', `${live}^{commit}`])).ok) {
		return full(
			`the live commit ${live.slice(0, 12)} is not in this clone (history rewritten, or a shallow clone)`
		);
	}
	if (!(await git(cwd, ['merge-base', '--is-ancestor', live, headCommit])).ok) {
		return full(
			`the live commit ${live.slice(0, 12)} is not an ancestor of ${headCommit.slice(0, 12)} (history was rewritten)`
		);
	}
	// -z: paths as they are (Chinese names unquoted); --no-renames: a move lists both ends.
	const diff = await git(cwd, [
		'-c',
		'core.quotePath=false',
		'diff',
		'--name-only',
		'--no-renames',
		'-z',
		live,
		headCommit,
	]);
	if (!diff.ok) return full(`git diff ${live.slice(0, 12)}..${headCommit.slice(0, 12)} failed`);
	return pathForChanges(diff.stdout.split('\0').filter(Boolean));
}
