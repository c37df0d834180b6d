/** Pieces both simulated hosts answer alike: trees by `<ref>:<path>`, blobs, commit JSON. */
import type { CommitInfo, GitRepo, TreeEntry } from './git.ts';
import { HttpError, type Call } from './server.ts';

/** The repository the path names must be the simulated one: `/repos/<owner>/<name>/…`. */
export function checkRepo(call: Call, owner: string, name: string) {
	if (`${owner}/${name}`.toLowerCase() !== call.options.repo.toLowerCase())
		throw new HttpError(404, 'Not Found');
}

/**
 * Resolves a tree argument as the hosts take it: a tree or commit sha, a branch name, or
 * `<branch>:<path>` (git's extended sha syntax, which Decap uses to list a folder).
 */
export async function resolveTree(repo: GitRepo, spec: string): Promise<string> {
	const colon = spec.indexOf(':');
	const ref = colon < 0 ? spec : spec.slice(0, colon);
	const path = colon < 0 ? '' : spec.slice(colon + 1).replace(/^\/+|\/+$/g, '');
	const commit = /^[0-9a-f]{40}$/.test(ref) ? ref : await repo.head(ref);
	if (!commit) throw new HttpError(404, 'Not Found');
	const tree = await repo.treeAt(commit, path);
	if (!tree || tree.type !== 'tree') throw new HttpError(404, 'Not Found');
	return tree.sha;
}

export async function treeEntries(
	call: Call,
	spec: string,
	recursive: boolean
): Promise<{ sha: string; entries: TreeEntry[] }> {
	const sha = await resolveTree(call.repo, spec);
	return { sha, entries: await call.repo.listTree(sha, recursive) };
}

export async function blob(call: Call, sha: string) {
	const content = await call.repo.readObject(sha);
	if (!content) throw new HttpError(404, 'Not Found');
	return {
		sha,
		size: content.length,
		url: call.url(`/repos/${call.options.repo}/git/blobs/${sha}`),
		content: content.toString('base64'),
		encoding: 'base64',
	};
}

export function person(p: CommitInfo['author']) {
	return { name: p.name, email: p.email, date: p.date };
}

export function commitJson(call: Call, c: CommitInfo) {
	return {
		sha: c.sha,
		url: call.url(`/repos/${call.options.repo}/git/commits/${c.sha}`),
		author: person(c.author),
		committer: person(c.committer),
		message: c.message.replace(/\n$/, ''),
		tree: { sha: c.tree, url: call.url(`/repos/${call.options.repo}/git/trees/${c.tree}`) },
		parents: c.parents.map((sha) => ({
			sha,
			url: call.url(`/repos/${call.options.repo}/git/commits/${sha}`),
		})),
	};
}

/** The author of commits made through the API: the token's user, now. */
export function editor(call: Call) {
	return { name: call.options.user.name, email: call.options.user.email };
}

export function paged<T>(
	call: Call,
	items: T[],
	sizeParam: string,
	defaultSize: number,
	maxSize: number
): T[] {
	const size = Math.min(Math.max(Number(call.query.get(sizeParam)) || defaultSize, 1), maxSize);
	const page = Math.max(Number(call.query.get('page')) || 1, 1);
	if (page * size < items.length) {
		const next = new URLSearchParams(call.query);
		next.set('page', String(page + 1));
		call.headers.link = `<${call.url(call.path)}?${next}>; rel="next"`;
	}
	call.headers['x-total-count'] = String(items.length);
	return items.slice((page - 1) * size, page * size);
}
