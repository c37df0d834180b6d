/**
 * The GitHub REST API endpoints Decap 3.16.3's `github` backend calls (SIMULATED, see
 * ./server.ts), from node_modules/decap-cms-backend-github/src:
 *
 * - implementation.tsx authenticate: GET /user, GET /repos/{o}/{r} (permissions.push);
 * - API.ts listFiles/getFileSha: GET /repos/{o}/{r}/git/trees/{branch}:{folder}[?recursive=1]
 *   (one answer; a recursive tree stops at 100,000 entries with `truncated: true`);
 * - API.ts fetchBlobContent: GET git/blobs/{sha} (cache: 'force-cache'); readFileMetadata:
 *   GET /repos/{o}/{r}/commits?path=…&sha={branch};
 * - saving with `publish_mode: editorial_workflow` (API.ts editorialWorkflowGit and
 *   publishUnpublishedEntry): POST git/blobs, GET branches/{branch}, POST git/trees,
 *   POST git/commits, POST git/refs, POST pulls, PUT issues/{n}/labels, GET pulls?head=…,
 *   GET compare/{base}...{head}, GET users/{login}, PATCH git/refs/heads/{branch},
 *   PUT pulls/{n}/merge, DELETE git/refs/heads/{branch}, GET search/issues (notes issues);
 * - saving without the workflow: POST git/blobs, GET branches, POST git/trees, POST git/commits,
 *   PATCH git/refs/heads/{branch}.
 *
 * Pull requests and labels live in memory (they are not git data); everything else is git.
 */
import { HttpError, type Call, type Route } from './server.ts';
import { blob, checkRepo, commitJson, editor, paged, treeEntries } from './shared.ts';

const REPO = '/repos/(?<owner>[^/]+)/(?<name>[^/]+)';

interface Pull {
	number: number;
	title: string;
	body: string;
	head: string;
	base: string;
	state: 'open' | 'closed';
	labels: string[];
	created_at: string;
	updated_at: string;
	merged_at: string | null;
	merge_commit_sha: string | null;
}

/** Routes with their own pull-request store (one per simulated host). */
export function githubRoutes(): Route[] {
	const pulls: Pull[] = [];
	const route = (
		method: string,
		path: string,
		kind: string,
		handle: Route['handle'],
		status?: number
	): Route => ({
		method,
		pattern: new RegExp(`^${path}$`),
		kind,
		status,
		handle: (call, params) => {
			if (params.owner) checkRepo(call, params.owner, params.name!);
			return handle(call, params);
		},
	});
	const owner = (call: Call) => call.options.repo.split('/')[0]!;
	const userJson = (call: Call, login = call.options.user.login) => ({
		login,
		id: 1,
		type: 'User',
		avatar_url: '',
		name: login === call.options.user.login ? call.options.user.name : login,
		email: login === call.options.user.login ? call.options.user.email : null,
	});
	/** `owner:branch` or `branch` → branch. */
	const branchOf = (call: Call, head: string) =>
		head.startsWith(`${owner(call)}:`) ? head.slice(owner(call).length + 1) : head;
	const now = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z');

	async function pullJson(call: Call, pr: Pull) {
		const headSha = (await call.repo.head(pr.head)) ?? pr.merge_commit_sha ?? '';
		const baseSha = (await call.repo.head(pr.base)) ?? '';
		const repo = { full_name: call.options.repo, fork: false, owner: { login: owner(call) } };
		return {
			number: pr.number,
			id: pr.number,
			url: call.url(`/repos/${call.options.repo}/pulls/${pr.number}`),
			title: pr.title,
			body: pr.body,
			state: pr.state,
			user: userJson(call),
			labels: pr.labels.map((name, i) => ({ id: i + 1, name, color: 'ededed', description: '' })),
			head: { label: `${owner(call)}:${pr.head}`, ref: pr.head, sha: headSha, repo },
			base: { label: `${owner(call)}:${pr.base}`, ref: pr.base, sha: baseSha, repo },
			created_at: pr.created_at,
			updated_at: pr.updated_at,
			merged_at: pr.merged_at,
			merge_commit_sha: pr.merge_commit_sha,
			mergeable: true,
		};
	}

	const findPull = (n: string) => {
		const pr = pulls.find((p) => p.number === Number(n));
		if (!pr) throw new HttpError(404, 'Not Found');
		return pr;
	};

	async function branchJson(call: Call, name: string) {
		const sha = await call.repo.head(name);
		const c = sha && (await call.repo.commit(sha));
		if (!c) throw new HttpError(404, 'Branch not found');
		return {
			name,
			commit: {
				sha: c.sha,
				url: call.url(`/repos/${call.options.repo}/commits/${c.sha}`),
				commit: commitJson(call, c),
			},
			protected: false,
		};
	}

	return [
		route('GET', '/user', 'user', (call) => userJson(call)),
		route('GET', '/users/(?<login>[^/]+)', 'users', (call, { login }) => userJson(call, login)),
		route('GET', '/search/issues', 'search/issues', () => ({
			total_count: 0,
			incomplete_results: false,
			items: [],
		})),
		route('GET', REPO, 'repo', (call) => ({
			id: 1,
			name: call.options.repo.split('/')[1],
			full_name: call.options.repo,
			owner: { login: owner(call), type: 'Organization' },
			private: true,
			fork: false,
			default_branch: 'main',
			permissions: { admin: false, maintain: false, push: true, triage: true, pull: true },
		})),
		route(
			'GET',
			`${REPO}/collaborators/(?<user>[^/]+)/permission`,
			'collaborators/permission',
			(call, { user }) => ({
				permission: user === call.options.user.login ? 'write' : 'none',
			})
		),
		route('GET', `${REPO}/branches/(?<branch>.+)`, 'branches', (call, { branch }) =>
			branchJson(call, decodeURIComponent(branch!))
		),
		route('GET', `${REPO}/git/trees/(?<spec>.+)`, 'git/trees', async (call, { spec }) => {
			const recursive = call.query.has('recursive');
			const { sha, entries } = await treeEntries(call, decodeURIComponent(spec!), recursive);
			// A recursive answer stops at 100,000 entries (and 7 MB) and says `truncated`.
			const limit = recursive ? call.options.githubTreeLimit : Infinity;
			return {
				sha,
				url: call.url(`/repos/${call.options.repo}/git/trees/${sha}`),
				tree: entries.slice(0, limit).map((e) => ({
					path: e.path,
					mode: e.mode,
					type: e.type,
					sha: e.sha,
					...(e.size !== undefined && { size: e.size }),
					url: call.url(
						`/repos/${call.options.repo}/git/${e.type === 'tree' ? 'trees' : 'blobs'}/${e.sha}`
					),
				})),
				truncated: entries.length > limit,
			};
		}),
		route('GET', `${REPO}/git/blobs/(?<sha>[0-9a-f]{40})`, 'git/blobs', (call, { sha }) =>
			blob(call, sha!)
		),
		route(
			'POST',
			`${REPO}/git/blobs`,
			'git/blobs',
			async (call) => {
				const { content, encoding } = call.body as { content: string; encoding?: string };
				const sha = await call.repo.writeBlob(
					Buffer.from(content ?? '', encoding === 'base64' ? 'base64' : 'utf8')
				);
				return { sha, url: call.url(`/repos/${call.options.repo}/git/blobs/${sha}`) };
			},
			201
		),
		route(
			'POST',
			`${REPO}/git/trees`,
			'git/trees',
			async (call) => {
				const { base_tree, tree } = call.body as {
					base_tree?: string;
					tree: { path: string; mode?: string; sha?: string | null; content?: string }[];
				};
				const changes = [];
				for (const entry of tree ?? []) {
					const sha =
						entry.content !== undefined
							? await call.repo.writeBlob(Buffer.from(entry.content))
							: (entry.sha ?? null);
					changes.push({ path: entry.path.replace(/^\/+/, ''), sha, mode: entry.mode });
				}
				const sha = await call.repo.writeTree(base_tree, changes).catch((error: Error) => {
					throw new HttpError(422, `GitRPC::BadObjectState: ${error.message}`);
				});
				const entries = await call.repo.listTree(sha, false);
				return {
					sha,
					url: call.url(`/repos/${call.options.repo}/git/trees/${sha}`),
					tree: entries,
					truncated: false,
				};
			},
			201
		),
		route(
			'POST',
			`${REPO}/git/commits`,
			'git/commits',
			async (call) => {
				const { message, tree, parents, author, committer } = call.body as {
					message: string;
					tree: string;
					parents?: string[];
					author?: { name: string; email: string; date?: string };
					committer?: { name: string; email: string; date?: string };
				};
				const who = author?.name ? author : editor(call);
				const sha = await call.repo.commitTree(
					tree,
					parents ?? [],
					message,
					who,
					committer?.name ? committer : who
				);
				return commitJson(call, (await call.repo.commit(sha))!);
			},
			201
		),
		route('GET', `${REPO}/git/refs/(?<ref>.+)`, 'git/refs', async (call, { ref }) => {
			const name = decodeURIComponent(ref!);
			if (!name.startsWith('heads/')) throw new HttpError(404, 'Not Found');
			const branch = name.slice('heads/'.length);
			const exact = await call.repo.head(branch);
			const refJson = (b: string, sha: string) => ({
				ref: `refs/heads/${b}`,
				object: { sha, type: 'commit' },
			});
			if (exact) return refJson(branch, exact);
			// As GitHub: a prefix answers the list of matching refs.
			const matching = (await call.repo.branches(`${branch}/`)).map((b) => refJson(b.name, b.sha));
			if (!matching.length) throw new HttpError(404, 'Not Found');
			return matching;
		}),
		route(
			'POST',
			`${REPO}/git/refs`,
			'git/refs',
			async (call) => {
				const { ref, sha } = call.body as { ref: string; sha: string };
				if (!ref?.startsWith('refs/heads/'))
					throw new HttpError(422, 'Reference name must start with refs/heads/');
				const branch = ref.slice('refs/heads/'.length);
				if (await call.repo.head(branch)) throw new HttpError(422, 'Reference already exists');
				if (!(await call.repo.commit(sha))) throw new HttpError(422, 'Object does not exist');
				await call.repo.setBranch(branch, sha, '');
				return { ref, object: { sha, type: 'commit' } };
			},
			201
		),
		route('PATCH', `${REPO}/git/refs/heads/(?<branch>.+)`, 'git/refs', async (call, { branch }) => {
			const name = decodeURIComponent(branch!);
			const { sha, force } = call.body as { sha: string; force?: boolean };
			const current = await call.repo.head(name);
			if (!current) throw new HttpError(422, 'Reference does not exist');
			if (!force && (await call.repo.mergeBase(current, sha)) !== current)
				throw new HttpError(422, 'Update is not a fast forward');
			await call.repo.setBranch(name, sha, current);
			return { ref: `refs/heads/${name}`, object: { sha, type: 'commit' } };
		}),
		route(
			'DELETE',
			`${REPO}/git/refs/heads/(?<branch>.+)`,
			'git/refs',
			async (call, { branch }) => {
				const name = decodeURIComponent(branch!);
				if (!(await call.repo.head(name))) throw new HttpError(422, 'Reference does not exist');
				await call.repo.setBranch(name, null);
				return undefined;
			}
		),
		route('GET', `${REPO}/pulls`, 'pulls', async (call) => {
			const state = call.query.get('state') ?? 'open';
			const head = call.query.get('head');
			const base = call.query.get('base');
			const list = pulls
				.filter((p) => state === 'all' || p.state === state)
				.filter((p) => !head || p.head === branchOf(call, head))
				.filter((p) => !base || p.base === base)
				.sort((a, b) => b.number - a.number);
			return Promise.all(paged(call, list, 'per_page', 30, 100).map((p) => pullJson(call, p)));
		}),
		route(
			'POST',
			`${REPO}/pulls`,
			'pulls',
			async (call) => {
				const { title, body, head, base } = call.body as {
					title: string;
					body?: string;
					head: string;
					base: string;
				};
				const branch = branchOf(call, head);
				if (!(await call.repo.head(branch))) throw new HttpError(422, 'Validation Failed: head');
				if (pulls.some((p) => p.state === 'open' && p.head === branch && p.base === base)) {
					throw new HttpError(422, `A pull request already exists for ${owner(call)}:${branch}.`);
				}
				const pr: Pull = {
					number: pulls.length + 1,
					title,
					body: body ?? '',
					head: branch,
					base,
					state: 'open',
					labels: [],
					created_at: now(),
					updated_at: now(),
					merged_at: null,
					merge_commit_sha: null,
				};
				pulls.push(pr);
				return pullJson(call, pr);
			},
			201
		),
		route('GET', `${REPO}/pulls/(?<n>\\d+)`, 'pulls/{n}', (call, { n }) =>
			pullJson(call, findPull(n!))
		),
		route('PATCH', `${REPO}/pulls/(?<n>\\d+)`, 'pulls/{n}', (call, { n }) => {
			const pr = findPull(n!);
			const { state, title, body } = call.body as Partial<Pull>;
			if (state) pr.state = state;
			if (title) pr.title = title;
			if (body !== undefined) pr.body = body;
			pr.updated_at = now();
			return pullJson(call, pr);
		}),
		route('GET', `${REPO}/pulls/(?<n>\\d+)/commits`, 'pulls/{n}/commits', async (call, { n }) => {
			const pr = findPull(n!);
			const [base, head] = [await call.repo.head(pr.base), await call.repo.head(pr.head)];
			if (!base || !head) return [];
			const shas = await call.repo.commitsBetween(base, head);
			return Promise.all(shas.map(async (sha) => compareCommit(call, sha)));
		}),
		route('PUT', `${REPO}/pulls/(?<n>\\d+)/merge`, 'pulls/{n}/merge', async (call, { n }) => {
			const pr = findPull(n!);
			const { commit_message, commit_title, sha, merge_method } = call.body as {
				commit_message?: string;
				commit_title?: string;
				sha?: string;
				merge_method?: string;
			};
			if (pr.state !== 'open') throw new HttpError(405, 'Pull Request is not mergeable');
			const [base, head] = [await call.repo.head(pr.base), await call.repo.head(pr.head)];
			if (!base || !head) throw new HttpError(422, 'Branch not found');
			if (sha && sha !== head)
				throw new HttpError(409, 'Head branch was modified. Review and try the merge again.');
			const tree = await call.repo.mergeTree(base, head);
			if (!tree) throw new HttpError(405, 'Pull Request is not mergeable');
			const noreply = { name: 'GitHub', email: 'noreply@github.com' };
			let merged: string;
			if (merge_method === 'squash') {
				// GitHub's squash commit: the pull request's title (#n) as subject, commit_message as body.
				const message =
					`${commit_title ?? `${pr.title} (#${pr.number})`}\n\n${commit_message ?? ''}`.trimEnd() +
					'\n';
				merged = await call.repo.commitTree(tree, [base], message, editor(call), noreply);
			} else if (merge_method === 'rebase') {
				throw new HttpError(405, 'Rebase merges are not simulated');
			} else {
				const message = `${commit_title ?? `Merge pull request #${pr.number} from ${owner(call)}/${pr.head}`}\n\n${commit_message ?? pr.title}\n`;
				merged = await call.repo.commitTree(tree, [base, head], message, editor(call), noreply);
			}
			await call.repo.setBranch(pr.base, merged, base);
			Object.assign(pr, {
				state: 'closed',
				merged_at: now(),
				updated_at: now(),
				merge_commit_sha: merged,
			});
			return { sha: merged, merged: true, message: 'Pull Request successfully merged' };
		}),
		route('PUT', `${REPO}/issues/(?<n>\\d+)/labels`, 'issues/{n}/labels', (call, { n }) => {
			const pr = findPull(n!);
			pr.labels = [...new Set((call.body as { labels: string[] }).labels)];
			pr.updated_at = now();
			return pr.labels.map((name, i) => ({ id: i + 1, name, color: 'ededed', description: '' }));
		}),
		route('GET', `${REPO}/compare/(?<range>.+)`, 'compare', async (call, { range }) => {
			const [from, to] = decodeURIComponent(range!).split('...') as [string, string?];
			const [base, head] = [
				await call.repo.commitOf(branchOf(call, from)),
				to && (await call.repo.commitOf(branchOf(call, to))),
			];
			if (!base || !head) throw new HttpError(404, 'Not Found');
			const mergeBase = (await call.repo.mergeBase(base, head)) ?? base;
			const shas = await call.repo.commitsBetween(mergeBase, head);
			const files = await call.repo.diff(mergeBase, head);
			const status = { A: 'added', M: 'modified', D: 'removed' } as Record<string, string>;
			const patches = await Promise.all(
				files.map((f) =>
					f.binary
						? ''
						: call.repo.run(['diff', '--no-color', '--no-ext-diff', mergeBase, head, '--', f.path])
				)
			);
			return {
				status: shas.length ? 'ahead' : 'identical',
				ahead_by: shas.length,
				behind_by: (await call.repo.commitsBetween(head, base)).length,
				total_commits: shas.length,
				base_commit: await compareCommit(call, base),
				merge_base_commit: await compareCommit(call, mergeBase),
				commits: await Promise.all(shas.map((sha) => compareCommit(call, sha))),
				files: files.map((f, i) => ({
					sha: f.status === 'D' ? '0'.repeat(40) : f.sha,
					filename: f.path,
					status: status[f.status] ?? 'modified',
					...(patches[i] && { patch: patches[i]!.slice(patches[i]!.indexOf('@@')) }),
				})),
			};
		}),
		route(
			'GET',
			`${REPO}/commits/(?<sha>[0-9a-f]{40})/status`,
			'commits/{sha}/status',
			(_call, { sha }) => ({ state: 'pending', sha, total_count: 0, statuses: [] })
		),
		route('GET', `${REPO}/commits`, 'commits', async (call) => {
			const head = await call.repo.commitOf(call.query.get('sha') || 'main');
			if (!head) throw new HttpError(404, 'Not Found');
			const path = call.query.get('path');
			// Only the newest commit of a path is kept by the simulation (Decap reads result[0]).
			const shas = path
				? [(await call.repo.lastCommit(head, path))?.sha].filter((s) => s !== undefined)
				: [head];
			return Promise.all(
				paged(call, shas, 'per_page', 30, 100).map((sha) => compareCommit(call, sha!))
			);
		}),
	];
}

async function compareCommit(call: Call, sha: string) {
	const c = (await call.repo.commit(sha))!;
	return {
		sha,
		url: call.url(`/repos/${call.options.repo}/commits/${sha}`),
		commit: commitJson(call, c),
		author: { login: call.options.user.login },
		committer: null,
		parents: c.parents.map((p) => ({ sha: p })),
	};
}
