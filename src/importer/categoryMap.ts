/**
 * Section name on the old site (the breadcrumb's 协会动态) → category slug in Huibao.
 *
 * Built-in names cover what most association sites call their sections; the names in
 * content/categories.yml are added, and a `--category-map` file overrides both. A section that
 * maps nowhere is an error naming the section, never a guess: a report filed under the wrong
 * category is worse than one the editor has to map once.
 */
import { readFile } from 'node:fs/promises';
import YAML from 'yaml';
import { asciiSlug } from '../content/schema.ts';
import { CATEGORIES_FILE, loadCategories as loadSiteCategories } from '../lib/content/loadData.ts';
import { defaultLocale } from '../i18n/locales.ts';
import { squash } from './blocks.ts';

/** Common section names of association sites (most specific breadcrumb crumb wins). */
export const DEFAULT_SECTIONS: Readonly<Record<string, string>> = {
	通知公告: 'notices',
	协会动态: 'news',
	新闻动态: 'news',
	党建工作: 'party',
	标准规范: 'standards',
	政策法规: 'policy',
	培训: 'training',
	教育培训: 'training',
	会员: 'members',
	会员服务: 'members',
	行业发展: 'industry',
	行业动态: 'industry',
};

export { CATEGORIES_FILE };

/** A problem with the run's configuration: nothing can be imported until it is fixed. */
export class ConfigError extends Error {}

export interface CategoryMap {
	/** Squashed section name → slug. */
	sections: Map<string, string>;
	/** Slugs in content/categories.yml, in the file's order. */
	known: string[];
	/** Used for pages whose breadcrumb names no section (`--default-category`). */
	fallback?: string;
}

/**
 * Reads content/categories.yml under `root` through the site's data loader (the same reading and
 * rules as `npm run check`): the slugs a report may use, and their names in the default language.
 */
export async function loadCategories(root: string): Promise<{ slug: string; name: string }[]> {
	const { categories, problems } = await loadSiteCategories(root);
	if (problems.some((p) => p.field === 'file')) {
		throw new ConfigError(
			`${CATEGORIES_FILE} not found under ${root}: reports need its category slugs`
		);
	}
	if (problems.length) {
		throw new ConfigError(
			`${CATEGORIES_FILE} is not valid: ${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`
		);
	}
	return categories.map((c) => ({ slug: c.slug, name: c.name[defaultLocale] }));
}

/** Builds the map: built-in names, then the categories' own names, then the map file. */
export async function buildCategoryMap(
	categories: readonly { slug: string; name: string }[],
	mapFile?: string,
	fallback?: string
): Promise<CategoryMap> {
	const known = categories.map((c) => c.slug);
	const sections = new Map<string, string>();
	for (const [name, slug] of Object.entries(DEFAULT_SECTIONS)) sections.set(squash(name), slug);
	for (const c of categories) sections.set(squash(c.name), c.slug);
	if (mapFile)
		for (const [name, slug] of await readMapFile(mapFile, known)) sections.set(squash(name), slug);
	const map: CategoryMap = { sections, known };
	if (fallback !== undefined) {
		if (!known.includes(fallback)) {
			throw new ConfigError(
				`--default-category "${fallback}" is not in ${CATEGORIES_FILE} (known slugs: ${known.join(', ')})`
			);
		}
		map.fallback = fallback;
	}
	return map;
}

/** A `--category-map` file: YAML or JSON, `{ "section name": "category-slug" }`. */
async function readMapFile(file: string, known: readonly string[]): Promise<[string, string][]> {
	let data: unknown;
	try {
		data = YAML.parse(await readFile(file, 'utf8'));
	} catch (error) {
		throw new ConfigError(`--category-map ${file}: ${(error as Error).message.split('\n')[0]}`);
	}
	if (data === null || typeof data !== 'object' || Array.isArray(data)) {
		throw new ConfigError(
			`--category-map ${file}: must be "section name: category-slug" lines (YAML) or a JSON object`
		);
	}
	const problems: string[] = [];
	const entries: [string, string][] = [];
	for (const [name, slug] of Object.entries(data)) {
		if (typeof slug !== 'string' || !asciiSlug.safeParse(slug).success) {
			problems.push(`${name}: ${JSON.stringify(slug)} is not a category slug`);
		} else if (!known.includes(slug)) {
			problems.push(`${name}: "${slug}" is not in ${CATEGORIES_FILE}`);
		} else entries.push([name, slug]);
	}
	if (problems.length) {
		throw new ConfigError(
			`--category-map ${file}: ${problems.join('; ')} (known slugs: ${known.join(', ')})`
		);
	}
	return entries;
}

/**
 * The category of a page from its breadcrumb crumbs (most specific last); a message naming the
 * section and the fix when there is none.
 */
export function resolveCategory(
	sections: readonly string[] | undefined,
	map: CategoryMap
): { slug: string } | { reason: string } {
	const knownList = `known slugs: ${map.known.join(', ')}`;
	if (sections === undefined || sections.length === 0) {
		if (map.fallback) return { slug: map.fallback };
		const what =
			sections === undefined
				? 'no breadcrumb (您现在的位置：首页 > …) found'
				: 'the breadcrumb names no section';
		return {
			reason: `${what}, so the section is unknown; pass --default-category <slug> to file such pages (${knownList})`,
		};
	}
	for (let i = sections.length - 1; i >= 0; i--) {
		const name = sections[i]!;
		const slug = map.sections.get(squash(name));
		if (slug === undefined) continue;
		if (!map.known.includes(slug)) {
			return {
				reason: `section "${name}" maps to "${slug}", which is not in ${CATEGORIES_FILE}; add  ${name}: <slug>  to a --category-map file (${knownList})`,
			};
		}
		return { slug };
	}
	const name = sections.at(-1)!;
	return {
		reason: `section "${name}" has no category; add  ${name}: <slug>  to a --category-map file (${knownList})`,
	};
}

/**
 * The category of a WeChat article, which has no breadcrumb: the map's names (built-in, the
 * categories' own, the `--category-map` file's) looked for as keywords in the title, the longest
 * match winning (`党建工作` before `工作`), then `--default-category`.
 */
export function categoryFromTitle(
	title: string,
	map: CategoryMap
): { slug: string } | { reason: string } {
	const t = squash(title);
	let best: [string, string] | undefined;
	for (const [name, slug] of map.sections) {
		if (name && t.includes(name) && (!best || name.length > best[0].length)) best = [name, slug];
	}
	if (best && map.known.includes(best[1])) return { slug: best[1] };
	if (map.fallback) return { slug: map.fallback };
	return {
		reason: `no keyword of the category map is in the title; pass --category <slug> or --default-category <slug>, or add  <keyword>: <slug>  to a --category-map file (known slugs: ${map.known.join(', ')})`,
	};
}
