import { siteOrigin } from '../lib/site/urls.ts';
import { getSite } from '../lib/astro/getSite.ts';

/** Lets every crawler in and points them at the sitemap; /admin/ is for editors. */
export async function GET() {
	const { settings } = await getSite();
	const site = siteOrigin(settings);
	return new Response(
		`User-agent: *\nDisallow: /admin/\nAllow: /\n\nSitemap: ${site}/sitemap-index.xml\n`,
		{
			headers: { 'Content-Type': 'text/plain; charset=utf-8' },
		}
	);
}
