/**
 * The Gitea API v1 endpoints Decap 3.16.3's `gitea` backend calls (SIMULATED, see ./server.ts),
 * from node_modules/decap-cms-backend-gitea/src:
 *
 * - implementation.tsx authenticate/restoreUser: GET /user, GET /repos/{o}/{r} (permissions.push);
 *   userIsOriginMaintainer: GET /repos/{o}/{r}/collaborators/{user}/permission;
 * - API.ts listFiles: GET /repos/{o}/{r}/git/trees/{branch}:{folder}[?recursive=1] — without
 *   `page`, so Decap only ever sees the first page (at most 1,000 entries);
 * - API.ts getFileSha: the same on the file's directory (also only the first page);
 * - API.ts fetchBlobContent: GET /repos/{o}/{r}/git/blobs/{sha} (fetch cache: 'force-cache');
 * - API.ts readFileMetadata: GET /repos/{o}/{r}/commits?path=…&sha={branch}&stat=false;
 * - API.ts changeFiles (every save, upload and delete): POST /repos/{o}/{r}/contents.
 *
 * Decap's Gitea backend has no editorial workflow (implementation.tsx: "The Gitea backend does
 * not support editorial workflow."), so there are no branch, pull request or label endpoints.
 */
import { HttpError, type Route } from './server.ts';
import { blob, checkRepo, commitJson, editor, paged, treeEntries } from './shared.ts';

const REPO = '/repos/(?<owner>[^/]+)/(?<name>[^/]+)';
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

const userJson = (login: string, name: string, email: string) => ({
	id: 1,
	login,
	username: login,
	full_name: name,
	email,
	avatar_url: '',
});

export const giteaRoutes: Route[] = [
	route('GET', '/user', 'user', (call) =>
		userJson(call.options.user.login, call.options.user.name, call.options.user.email)
	),
	route('GET', REPO, 'repo', (call) => {
		const [owner, name] = call.options.repo.split('/') as [string, string];
		return {
			id: 1,
			owner: userJson(owner, owner, ''),
			name,
			full_name: call.options.repo,
			private: true,
			fork: false,
			default_branch: 'main',
			permissions: { admin: false, push: true, pull: true },
		};
	}),
	route(
		'GET',
		`${REPO}/collaborators/(?<user>[^/]+)/permission`,
		'collaborators/permission',
		(call, { user }) => ({
			permission: user === call.options.user.login ? 'write' : 'none',
			role_name: user === call.options.user.login ? 'write' : 'none',
		})
	),
	route('GET', `${REPO}/branches/(?<branch>.+)`, 'branches', async (call, { branch }) => {
		const name = decodeURIComponent(branch!);
		const sha = await call.repo.head(name);
		const c = sha && (await call.repo.commit(sha));
		if (!c) throw new HttpError(404, 'Branch not found');
		return {
			name,
			commit: {
				id: c.sha,
				message: c.message,
				author: c.author,
				committer: c.committer,
				timestamp: c.committer.date,
			},
		};
	}),
	route('GET', `${REPO}/git/trees/(?<spec>.+)`, 'git/trees', async (call, { spec }) => {
		// Gitea pages every tree listing: per_page is capped at DefaultGitTreesPerPage (1,000),
		// `truncated` is true while more entries follow (services/repository/files/tree.go).
		const { sha, entries } = await treeEntries(
			call,
			decodeURIComponent(spec!),
			['1', 'true'].includes(call.query.get('recursive') ?? '')
		);
		const max = call.options.giteaTreesPerPage;
		const asked = Number(call.query.get('per_page')) || 0;
		const perPage = asked <= 0 || asked > max ? max : asked;
		const page = Math.max(Number(call.query.get('page')) || 1, 1);
		const start = perPage * (page - 1);
		const end = Math.min(start + perPage, entries.length);
		call.headers['x-total-count'] = String(entries.length);
		return {
			sha,
			url: call.url(`/repos/${call.options.repo}/git/trees/${sha}`),
			tree: entries.slice(start, end).map((e) => ({
				path: e.path,
				mode: e.mode,
				type: e.type,
				size: e.size ?? 0,
				sha: e.sha,
				url: call.url(
					`/repos/${call.options.repo}/git/${e.type === 'tree' ? 'trees' : 'blobs'}/${e.sha}`
				),
			})),
			truncated: end < entries.length,
			page,
			total_count: entries.length,
		};
	}),
	route('GET', `${REPO}/git/blobs/(?<sha>[0-9a-f]{40})`, 'git/blobs', (call, { sha }) =>
		blob(call, sha!)
	),
	route('GET', `${REPO}/commits`, 'commits', async (call) => {
		const head = await call.repo.commitOf(call.query.get('sha') || 'main');
		if (!head) throw new HttpError(404, 'Not Found');
		const path = call.query.get('path');
		// Only the newest commit of a path is kept by the simulation (Decap reads result[0]).
		const commits = path
			? [await call.repo.lastCommit(head, path)].filter((c) => c !== undefined)
			: [await call.repo.commit(head)];
		return paged(
			call,
			commits.map((c) => ({
				sha: c!.sha,
				url: '',
				commit: commitJson(call, c!),
				parents: c!.parents.map((sha) => ({ sha })),
				author: null,
				committer: null,
			})),
			'limit',
			30,
			50
		);
	}),
	route(
		'POST',
		`${REPO}/contents`,
		'contents',
		async (call) => {
			// ChangeFiles: several creates/updates/deletes in one commit on `branch`
			// (Gitea ≥ 1.20, routers/api/v1/repo/file.go ChangeFiles).
			const body = call.body as {
				branch?: string;
				message?: string;
				files: {
					operation: 'create' | 'update' | 'delete';
					path: string;
					content?: string;
					sha?: string;
					from_path?: string;
				}[];
			};
			const branch = body.branch || 'main';
			const head = await call.repo.head(branch);
			if (!head) throw new HttpError(404, `branch does not exist [name: ${branch}]`);
			const changes = [];
			const written = [];
			for (const file of body.files ?? []) {
				const path = file.path.replace(/^\/+/, '');
				const from = file.from_path?.replace(/^\/+/, '') || path;
				const current = await call.repo.treeAt(head, from);
				if (file.operation === 'create') {
					if (await call.repo.treeAt(head, path))
						throw new HttpError(422, `repository file already exists [path: ${path}]`);
				} else {
					if (!current || current.type !== 'blob')
						throw new HttpError(404, `repository file does not exist [path: ${from}]`);
					if (file.sha && file.sha !== current.sha)
						throw new HttpError(
							422,
							`sha does not match [given: ${file.sha}, expected: ${current.sha}]`
						);
					if (file.operation === 'update' && !file.sha)
						throw new HttpError(422, '`sha` is required');
				}
				if (file.operation === 'delete' || from !== path) changes.push({ path: from, sha: null });
				if (file.operation !== 'delete') {
					const sha = await call.repo.writeBlob(Buffer.from(file.content ?? '', 'base64'));
					changes.push({ path, sha });
					written.push({ path, sha });
				}
			}
			const tree = await call.repo.writeTree(head, changes);
			const commit = await call.repo.commitTree(
				tree,
				[head],
				body.message || 'Update files',
				editor(call)
			);
			await call.repo.setBranch(branch, commit, head).catch(() => {
				throw new HttpError(409, 'branch moved during the commit');
			});
			const info = (await call.repo.commit(commit))!;
			return {
				files: written.map((f) => ({
					name: f.path.split('/').pop(),
					path: f.path,
					sha: f.sha,
					type: 'file',
				})),
				commit: commitJson(call, info),
				verification: { verified: false, reason: 'gpg.error.not_signed_commit' },
			};
		},
		201
	),
];
