/**
 * Every URL of the site is built here, so pages, the sitemap, feeds and the link checker agree.
 * All page URLs end with `/` (Astro's `directory` build format: `/reports/x/index.html`).
 */
import { locales, type Locale } from '../../i18n/locales.ts';

/**
 * The site's public address (settings `url`) without its trailing slash, to put before a path:
 * canonical links, hreflang, feeds, the sitemap and robots.txt.
 * @example siteOrigin({ url: 'https://www.example.org.cn/' }) // 'https://www.example.org.cn'
 */
export const siteOrigin = (settings: { url: string }) => settings.url.replace(/\/$/, '');

const prefix = (lang: Locale) => locales[lang].prefix;
const seg = (value: string) => encodeURIComponent(value);

/** @example homeUrl('en') // '/en/' */
export const homeUrl = (lang: Locale) => `${prefix(lang)}/`;
/** @example reportUrl('zh', '2024-03-15-x') // '/reports/2024-03-15-x/' */
export const reportUrl = (lang: Locale, slug: string) => `${prefix(lang)}/reports/${seg(slug)}/`;
/** Page 1 has no number: `/category/news/`, then `/category/news/2/`. */
export const categoryUrl = (lang: Locale, slug: string, page = 1) =>
	`${prefix(lang)}/category/${seg(slug)}/${page > 1 ? `${page}/` : ''}`;
export const archiveUrl = (lang: Locale, year?: number, month?: number) =>
	`${prefix(lang)}/archive/${year ? `${year}/` : ''}${year && month ? `${String(month).padStart(2, '0')}/` : ''}`;
export const tagsUrl = (lang: Locale) => `${prefix(lang)}/tags/`;
export const tagUrl = (lang: Locale, tagSlug: string, page = 1) =>
	`${prefix(lang)}/tags/${seg(tagSlug)}/${page > 1 ? `${page}/` : ''}`;
/**
 * A standing page (协会简介, 章程…): `/about/<slug>/`. Under a prefix of its own, so no page
 * slug can ever take an address the site uses for something else (`/search/`, `/admin/`, a
 * future section), and the address reads as 关于协会 on an association site.
 */
export const pageUrl = (lang: Locale, slug: string) => `${prefix(lang)}/about/${seg(slug)}/`;
export const rssUrl = (lang: Locale) => `${prefix(lang)}/rss.xml`;
export const searchUrl = (lang: Locale) => `${prefix(lang)}/search/`;
/** 网站地图: the site's sections on one page, for people (`/sitemap-index.xml` is for crawlers). */
export const siteMapUrl = (lang: Locale) => `${prefix(lang)}/sitemap/`;

/** The file Astro writes for a URL: `/reports/x/` → `reports/x/index.html` (decoded). */
export function outputFileFor(url: string): string {
	const path = decodeURIComponent(url).replace(/^\//, '');
	if (path === '' || path.endsWith('/')) return `${path}index.html`;
	return path;
}
