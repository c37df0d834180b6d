import { localeKeys } from '../../i18n/locales.ts';
import { homeUrl, rssUrl, searchUrl } from './urls.ts';
import { reportLinkTarget } from '../content/loadContent.ts';
import type { Problem } from '../content/problem.ts';
import { decodeSitePath } from '../content/publicFiles.ts';

/** Site paths that are not pages of the model but exist on every built site. */
const ALWAYS = [
	...localeKeys.flatMap((lang) => [homeUrl(lang), rssUrl(lang), searchUrl(lang)]),
	'/sitemap-index.xml',
	'/admin/',
];

/**
 * Links in the bodies of reports and standing pages to other pages of the site
 * (`/category/news/`, `/archive/2024/`, `/about/charter/`) must exist. Report links and links to
 * files are checked while loading content.
 */
export function checkPageLinks(
	reports: { file: string; links: string[] }[],
	pageUrls: Iterable<string>
): Problem[] {
	const known = new Set([...pageUrls, ...ALWAYS].map(normalise));
	const problems: Problem[] = [];
	for (const r of reports) {
		for (const href of r.links) {
			const path = href.replace(/[?#].*$/, '');
			// A malformed % escape is reported while loading content.
			if (decodeSitePath(href) === undefined) continue;
			if (reportLinkTarget(href) || /\.[a-z0-9]+$/i.test(path) || path === '') continue;
			if (!known.has(normalise(path)))
				problems.push({
					file: r.file,
					field: 'body',
					message: `broken link: ${href} (no such page on the site)`,
				});
		}
	}
	return problems;
}

function normalise(path: string): string {
	let p = path;
	try {
		p = decodeURI(p);
	} catch {}
	return p.endsWith('/') ? p : `${p}/`;
}
