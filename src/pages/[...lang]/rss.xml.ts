import rss from '@astrojs/rss';
import type { APIContext } from 'astro';
import { locales } from '../../i18n/locales.ts';
import { useTranslations } from '../../i18n/ui.ts';
import { getSite } from '../../lib/astro/getSite.ts';
import { pathsFor } from '../../lib/astro/staticPaths.ts';
import { plainDateToInstant } from '../../lib/dates/plainDate.ts';
import type { PageOf } from '../../lib/site/siteModel.ts';
import { homeUrl } from '../../lib/site/urls.ts';

export const getStaticPaths = () => pathsFor('rss');

/** One feed per language, newest reports first (@astrojs/rss). */
export async function GET(context: APIContext) {
	const page = (context.props as { page: PageOf<'rss'> }).page;
	const { settings } = await getSite();
	const name = page.lang === 'zh' ? settings.name : settings.name_en;
	const site = settings.url.replace(/\/$/, '');
	return rss({
		title: useTranslations(page.lang)('rss.title', { name }),
		description: page.lang === 'zh' ? settings.description : settings.description_en,
		site: site + homeUrl(page.lang),
		items: page.props.items.map((item) => ({
			title: item.title,
			link: site + item.url,
			pubDate: plainDateToInstant(item.date),
			description: item.summary,
			categories: [item.categoryName],
		})),
		customData: `<language>${locales[page.lang].lang}</language>`,
		trailingSlash: true,
	});
}
