// @ts-check
/**
 * Fixes for how Decap 3.16.3 talks to particular git hosts, applied to a backend's
 * implementation when it is created (hooked in admin/backends.js).
 *
 * Gitea: Decap asks for a folder's tree once, without `page`
 * (decap-cms-backend-gitea/src/API.ts listFiles, lines 334–370, and getFileSha, lines 410–428),
 * but Gitea answers at most 1,000 entries per page, whatever `per_page` asks
 * (setting.API.DefaultGitTreesPerPage; go-gitea/gitea services/repository/files/tree.go), and
 * says `truncated: true` when more follow. Unfixed, a collection folder with more than 1,000
 * entries (files and subfolders, all languages) silently loses the rest from its list, and a
 * report whose file is past the first 1,000 of its folder opens empty and cannot be saved
 * (getFileSha fails, so Decap sends `create` for an existing file and Gitea refuses it). Here
 * both read every page.
 *
 * GitHub: when a saved file has a new path (admin/backends.js moves a report whose date changed
 * year), Decap's updateTree moves EVERY file of the old file's folder to the new folder unless
 * it is told the collection has no subfolders (decap-cms-backend-github/src/API.ts updateTree,
 * lines 1452–1520, "Legacy behavior … Move all files in the directory"). decap-cms-core sets
 * `hasSubfolders` true for every collection that is not `nested` (backend.ts:1343), and the
 * direct-publish path never passes it. A report is one file per language, so here a move always
 * moves only the files Decap was given.
 */

/**
 * @param {string} name backend name, as registered with Decap
 * @param {any} impl the backend implementation Decap created
 */
export function fixHost(name, impl) {
	const fix = { gitea: pageGiteaTrees, github: moveOnlyGivenFiles }[name];
	if (!fix) return impl;
	// Decap creates the API object when the editor logs in (authenticate; restoreUser calls it).
	const authenticate = impl.authenticate.bind(impl);
	impl.authenticate = async (/** @type {any} */ state) => {
		const user = await authenticate(state);
		fix(impl.api);
		return user;
	};
	return impl;
}

/**
 * Makes every updateTree of one GitHub API object move only the files it is given.
 * @param {any} api Decap's GitHub API object
 */
export function moveOnlyGivenFiles(api) {
	if (!api || api.movesOnlyGivenFiles) return;
	api.movesOnlyGivenFiles = true;
	const updateTree = api.updateTree.bind(api);
	api.updateTree = (
		/** @type {string} */ baseSha,
		/** @type {any[]} */ files,
		/** @type {string | undefined} */ branch
	) => updateTree(baseSha, files, branch, false);
}

/**
 * Every entry of a tree, page after page while Gitea says `truncated`.
 * @param {any} api Decap's Gitea API object
 * @param {string} url
 * @param {Record<string, string | number>} params
 * @returns {Promise<{ path: string, type: string, sha: string, size?: number }[]>}
 */
async function wholeTree(api, url, params) {
	const entries = [];
	for (let page = 1; ; page++) {
		const result = await api.request(url, { params: { ...params, page } });
		entries.push(...result.tree);
		// A page beyond the end comes back empty: stop there too, whatever `truncated` says.
		if (!result.truncated || !result.tree.length) return entries;
	}
}

/**
 * Replaces listFiles and getFileSha of one Gitea API object with versions that read every page;
 * otherwise they do what Decap's do (same requests, filters and results).
 * @param {any} api
 */
export function pageGiteaTrees(api) {
	if (!api || api.pagedTrees) return;
	api.pagedTrees = true;
	const trim = (/** @type {string} */ s) => s.replace(/^\/+|\/+$/g, '');

	api.listFiles = async (
		/** @type {string} */ path,
		/** @type {any} */ { repoURL = api.repoURL, branch = api.branch, depth = 1 } = {},
		/** @type {boolean} */ folderSupport
	) => {
		const folder = trim(path);
		try {
			const tree = await wholeTree(
				api,
				`${repoURL}/git/trees/${branch}:${encodeURIComponent(folder)}`,
				depth > 1 ? { recursive: 1 } : {}
			);
			return tree
				.filter(
					(file) =>
						(!folderSupport ? file.type === 'blob' : true) &&
						decodeURIComponent(file.path).split('/').length <= depth
				)
				.map((file) => ({
					type: file.type,
					id: file.sha,
					name: file.path.split('/').pop(),
					path: `${folder}/${file.path}`,
					size: file.size,
				}));
		} catch (/** @type {any} */ error) {
			if (error && error.status === 404) return [];
			throw error;
		}
	};

	api.getFileSha = async (
		/** @type {string} */ path,
		/** @type {any} */ { repoURL = api.repoURL, branch = api.branch } = {}
	) => {
		const parts = path.split('/');
		const filename = parts.pop();
		const url = `${repoURL}/git/trees/${branch}:${encodeURIComponent(parts.join('/'))}`;
		for (let page = 1; ; page++) {
			const result = await api.request(url, { params: { page } });
			const file = result.tree.find((/** @type {{ path: string }} */ f) => f.path === filename);
			if (file) return file.sha;
			if (!result.truncated || !result.tree.length) {
				// As Decap's: "not found" makes a save create the file.
				const error = /** @type {any} */ (new Error('Not Found'));
				error.status = 404;
				throw error;
			}
		}
	};
}
