/**
 * Shared getStaticPaths: each page file asks for the pages of its kind, from the site model
 * (or, under `npm run build`, from this process's share of the build plan).
 */
import { langParam } from '../../i18n/locales.ts';
import type { PageKind, PageOf } from '../site/siteModel.ts';
import { getSite } from './getSite.ts';

export async function pathsFor<K extends PageKind>(
	kind: K,
	params: (page: PageOf<K>) => Record<string, string | undefined> = () => ({})
) {
	const { pages } = await getSite();
	return pages
		.filter((p): p is PageOf<K> => p.kind === kind)
		.map((page) => ({ params: { lang: langParam(page.lang), ...params(page) }, props: { page } }));
}
