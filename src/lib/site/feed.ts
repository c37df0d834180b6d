/**
 * The RSS feed of one language (@astrojs/rss options), from the site model's page and the
 * settings. Every text goes through xmlText(): one stray character must not make the feed
 * unreadable for every subscriber.
 */
import type { RSSOptions } from '@astrojs/rss';
import type { Settings } from '../../content/schema.ts';
import { locales } from '../../i18n/locales.ts';
import { useTranslations } from '../../i18n/ui.ts';
import { plainDateToInstant } from '../dates/plainDate.ts';
import type { PageOf } from './siteModel.ts';
import { homeUrl, siteOrigin } from './urls.ts';
import { xmlText } from './xmlText.ts';

export function feedOptions(page: PageOf<'rss'>, settings: Settings): RSSOptions {
	const name = settings.name[page.lang];
	const site = siteOrigin(settings);
	const t = useTranslations(page.lang);
	return {
		title: xmlText(t('rss.title', { name })),
		description: xmlText(settings.description[page.lang]),
		site: site + homeUrl(page.lang),
		items: page.props.items.map((item) => ({
			title: xmlText(item.title),
			link: item.external ? item.url : site + item.url,
			pubDate: plainDateToInstant(item.date),
			// A notice's 文号 leads its description, as it heads the notice itself.
			description: xmlText(
				item.docNumber
					? `${t('rss.docNumber', { number: item.docNumber })}　${item.summary}`
					: item.summary
			),
			categories: [xmlText(item.categoryName)],
		})),
		customData: `<language>${locales[page.lang].lang}</language>`,
		trailingSlash: true,
	};
}
