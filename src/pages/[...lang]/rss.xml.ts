import rss from '@astrojs/rss';
import type { APIContext } from 'astro';
import { getSite } from '../../lib/astro/getSite.ts';
import { pathsFor } from '../../lib/astro/staticPaths.ts';
import { feedOptions } from '../../lib/site/feed.ts';
import type { PageOf } from '../../lib/site/siteModel.ts';

export const getStaticPaths = () => pathsFor('rss');

/** One feed per language, newest reports first (see lib/site/feed.ts). */
export async function GET(context: APIContext) {
	const page = (context.props as { page: PageOf<'rss'> }).page;
	const { settings } = await getSite();
	return rss(feedOptions(page, settings));
}
