// @ts-check
/**
 * Guards around every Decap backend (GitHub, GitLab, Gitea/Forgejo and the local proxy), applied
 * in the browser so they hold whichever backend an association uses:
 *
 * - a new report's file name comes from `_slug` (admin/slug.js), which is then removed from the
 *   front matter: the schema allows no such key;
 * - a translation file is written only when it has a title: Decap copies the date and category
 *   into every language as soon as they change, which would leave an English file with no title;
 * - report paths must pass the site's slug rule, uploads its type and size limits, or the save is
 *   refused with a message instead of writing a file `npm run check` rejects;
 * - "does this slug exist?" looks in the default language's folder of the year of the report's
 *   date, so two reports with the same title on the same day get `-1`, `-2`… instead of
 *   overwriting each other;
 * - a report is filed under the year of its date (`content/reports/<year>/<lang>/<slug>.md`, one
 *   CMS collection per year): when an editor gives it a date in another year, its files move to
 *   that year's folder in the same save (a rename for an existing report), and `onMoved` takes
 *   the editor to it there;
 * - standing pages (`content/pages/<lang>/<slug>.md`) get the same slug rule, tidying and
 *   untranslated-file rule, and the same "does this slug exist?" answer from the default language;
 * - an SVG with script is refused before any backend stores it (admin/svgSafety.js): opened at
 *   its own address it would run on the site's origin.
 */
import { fixHost } from './hostFixes.js';
import { svgProblem } from './svgSafety.js';

/** Same rule as src/lib/content/reportPath.ts (SLUG_PATTERN, SLUG_MAX_BYTES). */
const SLUG = /^[a-z0-9\p{Script=Han}]+(?:[-_.][a-z0-9\p{Script=Han}]+)*$/u;
const SLUG_MAX_BYTES = 180;

/** A year folder and a date's year. */
const YEAR = /^\d{4}$/;
const DATE_YEAR = /^date:[ \t]*['"]?(\d{4})-\d{2}-\d{2}/m;

/**
 * @typedef {{ folder: string, pagesFolder?: string, locales: string[], defaultLocale: string,
 *   onMoved?: (move: { slug: string, year: string }) => void, workflow?: () => boolean,
 *   limits: { image: { extensions: readonly string[], maxBytes: number }, file: { extensions: readonly string[], maxBytes: number } },
 *   messages: Record<string, any>, parseYaml?: (text: string) => unknown }} GuardOptions
 */

/**
 * What a report file says, ignoring how it is written: front matter as data, body without
 * surrounding blank lines. Decap rewrites every language's file on each save (key order,
 * quoting, blank lines); a file whose meaning did not change is left as it was.
 * @param {string} raw
 * @param {(text: string) => unknown} parseYaml
 */
export function meaning(raw, parseYaml) {
	const end = raw.startsWith('---') ? raw.indexOf('\n---', 3) : -1;
	if (end < 0) return JSON.stringify([null, raw.trim()]);
	const close = raw.indexOf('\n', end + 4);
	try {
		return JSON.stringify([
			parseYaml(raw.slice(3, end + 1)) ?? {},
			(close < 0 ? '' : raw.slice(close + 1)).trim(),
		]);
	} catch {
		return raw;
	}
}

/**
 * Tidies a file's front matter: removes the `_slug:` line, and the empty keys Decap writes for
 * fields a translation never had (`cover: null`), so saving the Chinese text does not touch an
 * unchanged English file.
 */
export function tidyFrontMatter(/** @type {string} */ raw) {
	const end = raw.startsWith('---') ? raw.indexOf('\n---', 3) : -1;
	if (end < 0) return raw;
	const head = raw
		.slice(0, end + 1)
		.replace(/^_slug:.*\n/m, '')
		.replace(/^[A-Za-z][\w-]*:[ \t]*(?:null|~|''|"")?[ \t]*\n(?![ \t]+\S|-[ \t])/gm, '');
	return head + raw.slice(end + 1);
}

/** Whether the front matter has a non-empty top-level `title`. */
export function hasTitle(/** @type {string} */ raw) {
	const end = raw.startsWith('---') ? raw.indexOf('\n---', 3) : -1;
	const head = end < 0 ? '' : raw.slice(0, end);
	const m = /^title:[ \t]*(.*)$/m.exec(head);
	return Boolean(m && m[1] && !/^(?:''|""|~|null)?\s*$/.test(m[1]));
}

/**
 * Checks and adjusts the files of one save. Returns the data files to write (leaving out files
 * whose meaning equals `originals`, the text the editor loaded), or throws an Error whose message
 * the editor sees.
 * @param {{ path: string, raw: string, slug?: string, newPath?: string }[]} dataFiles
 * @param {{ path: string, size?: number }[]} assets
 * @param {GuardOptions} options
 * @param {Map<string, string>} [originals]
 */
export function checkSave(dataFiles, assets, options, originals = new Map()) {
	const { folder, locales, defaultLocale, messages, parseYaml } = options;
	const files = [];
	// The year of the report's date, from the default language's file (the other languages
	// duplicate it): the folder every file of the entry belongs in.
	const main = dataFiles.find(
		(f) => f.path.startsWith(`${folder}/`) && f.path.split('/').at(-2) === defaultLocale
	);
	const dateYear = main ? DATE_YEAR.exec(main.raw)?.[1] : undefined;
	/** Whether a file says what it said when the editor loaded it (Decap rewrites every file). */
	const unchanged = (
		/** @type {{ path: string, newPath?: string }} */ file,
		/** @type {string} */ raw
	) => {
		const before = originals.get(file.path);
		return Boolean(
			parseYaml &&
			before !== undefined &&
			!file.newPath &&
			meaning(tidyFrontMatter(before), parseYaml) === meaning(raw, parseYaml)
		);
	};
	const { pagesFolder } = options;
	for (const file of dataFiles) {
		if (pagesFolder && file.path.startsWith(`${pagesFolder}/`)) {
			const [locale, name, ...rest] = file.path.slice(pagesFolder.length + 1).split('/');
			const slug = name?.replace(/\.md$/, '') ?? '';
			if (rest.length || !locale || !locales.includes(locale) || !name?.endsWith('.md'))
				throw new Error(`${messages.badPath}: ${file.path}`);
			if (!SLUG.test(slug) || new TextEncoder().encode(slug).length > SLUG_MAX_BYTES)
				throw new Error(`${messages.badSlug}: ${slug}`);
			const raw = tidyFrontMatter(file.raw);
			if ((locale !== defaultLocale && !hasTitle(raw)) || unchanged(file, raw)) continue;
			files.push({ ...file, raw });
			continue;
		}
		if (!file.path.startsWith(`${folder}/`)) {
			files.push(file);
			continue;
		}
		const [year, locale, name, ...rest] = file.path.slice(folder.length + 1).split('/');
		const slug = name?.replace(/\.md$/, '') ?? '';
		if (
			rest.length ||
			!year ||
			!YEAR.test(year) ||
			!locale ||
			!locales.includes(locale) ||
			!name?.endsWith('.md')
		) {
			throw new Error(`${messages.badPath}: ${file.path}`);
		}
		if (!SLUG.test(slug) || new TextEncoder().encode(slug).length > SLUG_MAX_BYTES)
			throw new Error(`${messages.badSlug}: ${slug}`);
		const raw = tidyFrontMatter(file.raw);
		if (locale !== defaultLocale && !hasTitle(raw)) continue;
		// `npm run check` refuses a report with neither text nor a link out (the site would show
		// an empty page): said here, before the save, while the form still holds the work.
		if (parseYaml && !hasTextOrLink(raw, parseYaml) && !(main && hasLink(main.raw, parseYaml)))
			throw new Error(messages.emptyBody);
		const target = (file.newPath ?? file.path).replace(
			/^(.*\/)\d{4}(\/[^/]+\/[^/]+)$/,
			`$1${dateYear ?? year}$2`
		);
		if (target !== (file.newPath ?? file.path)) {
			// Under the review workflow a draft belongs to the year list it was made in: Decap
			// cannot load a draft whose files are in another year's folder (its pull request would
			// be right, the editor's screen would not). Refused with a message; the form keeps
			// everything the editor typed.
			if (options.workflow?.()) throw new Error(messages.moveInWorkflow(year, dateYear));
			// A date in another year: the file moves there. An existing file is renamed (Decap's
			// `newPath`); a new one is simply written in the right place.
			const moved = originals.has(file.path)
				? { ...file, raw, newPath: target }
				: { ...file, raw, path: target };
			files.push(moved);
			continue;
		}
		if (unchanged(file, raw)) continue;
		files.push({ ...file, raw });
	}
	for (const asset of assets) checkUpload(asset.path, asset.size, options);
	return files;
}

/** Front matter and text of a Markdown file. */
const FILE_PARTS = /^---\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)([\s\S]*)$/;

/**
 * Whether a report file has a link out (`link:`) in its front matter.
 * @param {string} raw @param {(text: string) => any} parseYaml
 */
function hasLink(raw, parseYaml) {
	const parts = FILE_PARTS.exec(raw);
	try {
		const data = parts ? parseYaml(parts[1] ?? '') : undefined;
		return typeof data?.link === 'string' && data.link.trim() !== '';
	} catch {
		return false;
	}
}

/**
 * Whether a report file has text of its own, or is a link out.
 * @param {string} raw @param {(text: string) => any} parseYaml
 */
function hasTextOrLink(raw, parseYaml) {
	const parts = FILE_PARTS.exec(raw);
	return !parts || (parts[2] ?? '').trim() !== '' || hasLink(raw, parseYaml);
}

/**
 * Refuses an upload outside public/, of a type or size the site does not take.
 * @param {string} path
 * @param {number | undefined} size
 * @param {GuardOptions} options
 */
export function checkUpload(path, size, options) {
	const { limits, messages } = options;
	const ext = /\.([a-z0-9]+)$/i.exec(path)?.[1]?.toLowerCase() ?? '';
	if (!path.startsWith('public/') || path.includes('..'))
		throw new Error(`${messages.badUpload}: ${path}`);
	const image = limits.image.extensions.includes(ext);
	const file = limits.file.extensions.includes(ext);
	if (!image && !file) throw new Error(`${messages.badType}: ${path}`);
	const max = Math.max(image ? limits.image.maxBytes : 0, file ? limits.file.maxBytes : 0);
	if (size !== undefined && size > max)
		throw new Error(`${messages.tooLarge} (${Math.round(max / 1048576)} MB): ${path}`);
}

/**
 * Refuses an SVG upload that holds script (or anything that could hide it).
 * @param {{ path: string, fileObj?: Blob }} asset
 * @param {{ messages: Record<string, string> }} options
 */
export async function checkSvg(asset, options) {
	if (!/\.svg$/i.test(asset.path) || !asset.fileObj) return;
	const problem = svgProblem(new Uint8Array(await asset.fileObj.arrayBuffer()));
	if (problem) throw new Error(`${options.messages.badSvg} (${problem}): ${asset.path}`);
}

/**
 * Wraps the implementation of every registered backend.
 * @param {any} CMS
 * @param {GuardOptions} options
 */
export function guardBackends(CMS, options) {
	for (const name of ['github', 'gitlab', 'gitea', 'forgejo', 'proxy', 'test-repo']) {
		const entry = CMS.getBackend(name);
		if (!entry || entry.guarded) continue;
		const init = entry.init;
		entry.guarded = true;
		entry.init = (/** @type {any[]} */ ...args) =>
			guardImplementation(fixHost(name, init(...args)), options);
	}
}

/**
 * @param {any} impl
 * @param {GuardOptions} options
 */
function guardImplementation(impl, options) {
	const { folder, pagesFolder, defaultLocale } = options;
	/** The text of each file as the editor loaded it. */
	const originals = new Map();
	const getEntry = impl.getEntry.bind(impl);
	impl.getEntry = async (/** @type {string} */ path) => {
		// Decap asks whether `<collection folder>/<slug>.md` exists; with one folder per language
		// the default language's file decides, in the folder of the year the slug's date is in
		// (new reports are named `<date>-<title>`, and are filed by that date).
		const m = path.startsWith(`${folder}/`)
			? /^(\d{4})\/([^/]+)$/.exec(path.slice(folder.length + 1))
			: null;
		const year = m ? (/^(\d{4})-\d{2}-\d{2}-/.exec(m[2] ?? '')?.[1] ?? m[1]) : undefined;
		// The same for a page: `content/pages/<slug>.md` is asked, `content/pages/zh/<slug>.md` decides.
		const page =
			pagesFolder &&
			path.startsWith(`${pagesFolder}/`) &&
			!path.slice(pagesFolder.length + 1).includes('/')
				? `${pagesFolder}/${defaultLocale}/${path.slice(pagesFolder.length + 1)}`
				: undefined;
		const asked = m ? `${folder}/${year}/${defaultLocale}/${m[2]}` : (page ?? path);
		const result = await getEntry(asked);
		if (typeof result?.data === 'string') originals.set(asked, result.data);
		return result;
	};
	const persistEntry = impl.persistEntry.bind(impl);
	impl.persistEntry = async (/** @type {any} */ entry, /** @type {any} */ opts) => {
		const assets = entry.assets ?? [];
		const dataFiles = checkSave(
			entry.dataFiles,
			assets.map((/** @type {any} */ a) => ({ path: a.path, size: a.fileObj?.size })),
			options,
			originals
		);
		for (const asset of assets) await checkSvg(asset, options);
		if (!dataFiles.length && !assets.length) return undefined;
		const result = await persistEntry({ ...entry, dataFiles }, opts);
		for (const file of dataFiles) {
			if (file.newPath) originals.delete(file.path);
			originals.set(file.newPath ?? file.path, file.raw);
		}
		const moved = dataFiles.find(
			(/** @type {any} */ f) =>
				f.path.startsWith(`${folder}/`) &&
				(f.newPath || !entry.dataFiles.some((/** @type {any} */ d) => d.path === f.path))
		);
		if (moved) {
			const [year, , name] = (moved.newPath ?? moved.path).slice(folder.length + 1).split('/');
			options.onMoved?.({ slug: (name ?? '').replace(/\.md$/, ''), year: year ?? '' });
		}
		return result;
	};
	if (impl.persistMedia) {
		const persistMedia = impl.persistMedia.bind(impl);
		impl.persistMedia = async (/** @type {any} */ asset, /** @type {any} */ opts) => {
			checkUpload(asset.path, asset.fileObj?.size, options);
			await checkSvg(asset, options);
			return persistMedia(asset, opts);
		};
	}
	return impl;
}
