import { siteOrigin } from '../lib/site/urls.ts';
import type { APIContext } from 'astro';
import { getSite } from '../lib/astro/getSite.ts';
import { pathsFor } from '../lib/astro/staticPaths.ts';
import type { PageOf } from '../lib/site/siteModel.ts';
import { xmlText } from '../lib/site/xmlText.ts';

/** `/sitemap-index.xml` and `/sitemap-0.xml`…, from the site model (see sitemapPages()). */
export async function getStaticPaths() {
	const name = (url: string) => ({ sitemap: url.slice(1, -'.xml'.length) });
	return [
		...(await pathsFor('sitemapIndex', (p) => name(p.url))),
		...(await pathsFor('sitemap', (p) => name(p.url))),
	];
}

const escape = (text: string) =>
	xmlText(text)
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/"/g, '&quot;');

export async function GET(context: APIContext) {
	const page = (context.props as { page: PageOf<'sitemap'> | PageOf<'sitemapIndex'> }).page;
	const { settings } = await getSite();
	const site = siteOrigin(settings);
	const xml =
		page.kind === 'sitemapIndex'
			? `<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${page.props.sitemaps
					.map((url) => `<sitemap><loc>${escape(site + url)}</loc></sitemap>`)
					.join('\n')}\n</sitemapindex>\n`
			: `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">\n${page.props.entries
					.map(
						(e) =>
							`<url><loc>${escape(site + e.url)}</loc>${(e.alternates ?? [])
								.map(
									(a) =>
										`<xhtml:link rel="alternate" hreflang="${a.lang}" href="${escape(site + a.url)}"/>`
								)
								.join('')}</url>`
					)
					.join('\n')}\n</urlset>\n`;
	return new Response(xml, { headers: { 'Content-Type': 'application/xml; charset=utf-8' } });
}
