/**
 * Shared getStaticPaths: each page file asks for the pages of its kind in the site model.
 *
 * Under `npm run build` the build script passes a plan (HUIBAO_PLAN): the URLs this Astro
 * process must render, with the fingerprint it computed for each. Only those are returned, and
 * a fingerprint that differs here means the content changed mid-build: stop rather than
 * publish a mix.
 */
import { readFileSync } from 'node:fs';
import type { Locale } from '../../i18n/locales.ts';
import { pageFingerprint } from '../build/fingerprint.ts';
import type { PageKind, PageOf } from '../site/siteModel.ts';
import { getSite } from './getSite.ts';

interface ShardPlan {
	fingerprints: Record<string, string>;
}

let plan: ShardPlan | null | undefined;

function readPlan(): ShardPlan | null {
	if (plan === undefined) {
		const file = process.env.HUIBAO_PLAN;
		plan = file ? (JSON.parse(readFileSync(file, 'utf8')) as ShardPlan) : null;
	}
	return plan;
}

/** `lang` route param: undefined for zh (no prefix), 'en' for /en/. */
export function langParam(lang: Locale): string | undefined {
	return lang === 'zh' ? undefined : lang;
}

export async function pathsFor<K extends PageKind>(
	kind: K,
	params: (page: PageOf<K>) => Record<string, string | undefined> = () => ({}),
) {
	const { model } = await getSite();
	const shard = readPlan();
	const pages = model.pages.filter((p): p is PageOf<K> => p.kind === kind);
	const chosen = shard ? pages.filter((p) => p.url in shard.fingerprints) : pages;
	if (shard) {
		for (const page of chosen) {
			if (pageFingerprint(page) !== shard.fingerprints[page.url]) {
				throw new Error(`Content changed during the build (${page.url}); run the build again.`);
			}
		}
	}
	return chosen.map((page) => ({ params: { lang: langParam(page.lang), ...params(page) }, props: { page } }));
}
