// @ts-check
/**
 * One CMS collection per year (`reports-2026`, `reports-2025`, …; src/cms/config.ts): what the
 * admin page adds around them so editors never wait for — or spend their git host's request
 * allowance on — the whole archive:
 *
 * - the browser's current year always has a collection, even when the site was built last year;
 * - Decap's "search all collections" (`#/search/<term>`) reads every entry of every collection:
 *   it is turned into a search of one year (the one the editor last opened, else the newest);
 * - a report's public address pasted into the search box opens that report for editing: the
 *   admin page reads the report's date from its public page (same origin), which names the year.
 */

/** The year today in the editor's browser. */
const thisYear = () => String(new Date().getFullYear());

/**
 * Adds a collection for the browser's current year when the config has none (a site built in
 * December, opened in January). Returns the years with a collection, newest first.
 * @param {any[]} collections Decap collections, changed in place
 * @param {string} prefix `reports-`
 */
export function addCurrentYear(collections, prefix) {
	const yearOf = (/** @type {any} */ c) =>
		typeof c.name === 'string' && c.name.startsWith(prefix) ? c.name.slice(prefix.length) : '';
	const reports = collections.filter((c) => yearOf(c));
	const year = thisYear();
	if (reports.length && !reports.some((c) => yearOf(c) === year)) {
		const template = reports[0];
		const from = yearOf(template);
		const copy = {
			...structuredClone(template),
			name: `${prefix}${year}`,
			label: String(template.label).replace(from, year),
			folder: String(template.folder).replace(new RegExp(`/${from}$`), `/${year}`),
		};
		const at = collections.findIndex((c) => yearOf(c) && yearOf(c) < year);
		collections.splice(at < 0 ? collections.indexOf(reports.at(-1)) + 1 : at, 0, copy);
	}
	return collections.map(yearOf).filter(Boolean);
}

/** The slug in a report's public address (`https://site/reports/<slug>/`, `/en/reports/<slug>`). */
export function slugFromAddress(/** @type {string} */ text) {
	const m = /(?:^|\/)reports\/([^/?#\s]+)\/?(?:[?#].*)?$/.exec(text.trim());
	if (!m) return undefined;
	try {
		return decodeURIComponent(m[1] ?? '');
	} catch {
		return undefined;
	}
}

/** A short message at the top of the page, gone after a few seconds. */
function toast(/** @type {string} */ text) {
	document.getElementById('huibao-toast')?.remove();
	const box = document.createElement('div');
	box.id = 'huibao-toast';
	box.setAttribute('role', 'status');
	box.textContent = text;
	document.body.append(box);
	setTimeout(() => box.remove(), 9000);
}

/**
 * Watches the address bar of the admin (Decap uses hash routes).
 * @param {{ prefix: string, years: string[], messages: { searchOneYear: (year: string) => string, notFound: (address: string) => string } }} options
 */
export function guardRoutes({ prefix, years, messages }) {
	let lastYear = years.includes(thisYear()) ? thisYear() : (years[0] ?? thisYear());
	const collectionRoute = new RegExp(`^#/collections/${prefix}(\\d{4})(?:/|$)`);

	const openReport = async (/** @type {string} */ address, /** @type {string} */ slug) => {
		try {
			const response = await fetch(`/reports/${encodeURIComponent(slug)}/`, { cache: 'no-cache' });
			const html = response.ok ? await response.text() : '';
			const date = /<meta property="article:published_time" content="(\d{4})-\d{2}-\d{2}"/.exec(
				html
			)?.[1];
			if (date) {
				location.replace(`#/collections/${prefix}${date}/entries/${encodeURIComponent(slug)}`);
				return;
			}
		} catch {}
		location.replace(`#/collections/${prefix}${lastYear}`);
		toast(messages.notFound(address));
	};

	const route = () => {
		const hash = location.hash;
		const year = collectionRoute.exec(hash)?.[1];
		if (year) lastYear = year;
		const search = /^#\/(?:collections\/([^/]+)\/)?search\/(.*)$/.exec(hash);
		if (!search) return;
		let term = search[2] ?? '';
		try {
			term = decodeURIComponent(term);
		} catch {}
		const slug = slugFromAddress(term);
		if (slug) {
			void openReport(term, slug);
			return;
		}
		if (!search[1]) {
			// Searching all collections would read every report of every year.
			location.replace(`#/collections/${prefix}${lastYear}/search/${search[2]}`);
			toast(messages.searchOneYear(lastYear));
		}
	};
	window.addEventListener('hashchange', route);
	route();
}

/** Where Decap is sent after a save that moved a report to another year's folder. */
let pendingMove = /** @type {{ slug: string, to: string, until: number } | undefined} */ (
	undefined
);

/**
 * A report whose date moved to another year was saved into that year's folder; Decap still
 * shows it in (or, for a new report, navigates to) the old year's collection, where the file no
 * longer is. Send the editor to the report in its new collection.
 * @param {string} collection
 * @param {string} slug
 * @param {string} prefix
 */
export function goToEntryAfterMove(collection, slug, prefix) {
	const to = `#/collections/${collection}/entries/${encodeURIComponent(slug)}`;
	const entryRoute = new RegExp(`^#/collections/${prefix}\\d{4}/(?:new|entries/(.+))$`);
	pendingMove = { slug, to, until: Date.now() + 8000 };
	const follow = () => {
		if (!pendingMove || Date.now() > pendingMove.until) {
			window.removeEventListener('hashchange', follow);
			return;
		}
		const m = entryRoute.exec(location.hash);
		if (
			m &&
			location.hash !== pendingMove.to &&
			(!m[1] || decodeURIComponent(m[1]) === pendingMove.slug)
		)
			location.replace(pendingMove.to);
	};
	window.addEventListener('hashchange', follow);
	// After Decap has taken in the save (its success notice, the entry no longer "changed").
	setTimeout(follow, 400);
}
