/**
 * Content is read only from ordinary files and folders inside the project.
 *
 * A symbolic link under content/ (or public/, which Astro copies into the site as it finds it)
 * may point anywhere on the machine that runs the build (a CI runner's secrets, another
 * checkout); following it would publish that file. Links are therefore never followed: each one
 * is named as a problem, and nothing behind it is read. The rule is simply "no links", wherever
 * they point: git on Windows checks links out as small text files, and the CMS cannot edit them.
 */
import { lstatSync, readdirSync, readlinkSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { Problem } from './problem.ts';

/**
 * The first part of `path` (relative to the root, forward slashes) that is a symbolic link,
 * e.g. `content` for `content/settings.yml` when content/ is a link; undefined when there is none
 * or the path does not exist. The root itself may be reached through links: it is the user's.
 */
export function linkOnPath(root: string, path: string): string | undefined {
	const parts = path.split('/');
	for (let i = 1; i <= parts.length; i++) {
		const part = parts.slice(0, i).join('/');
		try {
			if (lstatSync(join(root, part)).isSymbolicLink()) return part;
		} catch {
			return undefined;
		}
	}
	return undefined;
}

/**
 * `content/reports/zh/a.md: file: is a symbolic link (to /etc/passwd): …`; `link` is the part of
 * the path that is the link, when that is a folder above the file.
 */
export function linkProblem(root: string, path: string, link = path): Problem {
	let target = '';
	try {
		target = ` (to ${readlinkSync(join(root, link))})`;
	} catch {}
	const what = link === path ? `is a symbolic link${target}` : `is inside ${link}/, a symbolic link${target}`;
	return { file: path, field: 'file', message: `${what}: content must be ordinary files and folders inside the project, so it is not read` };
}

/** Every symbolic link in `dir` (relative to the root) and below it, as problems; the links are not followed. */
export function linksUnder(root: string, dir: string): Problem[] {
	const link = linkOnPath(root, dir);
	if (link) return [linkProblem(root, link)];
	let entries;
	try {
		entries = readdirSync(join(root, dir), { recursive: true, withFileTypes: true });
	} catch {
		return [];
	}
	return entries
		.filter((d) => d.isSymbolicLink())
		.map((d) => linkProblem(root, relative(root, join(d.parentPath, d.name)).split(sep).join('/')));
}
