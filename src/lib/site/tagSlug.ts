/**
 * URL name of a tag. Chinese tags keep their characters (`/tags/团体标准/`); letters are
 * lower-cased and anything that is unsafe or ambiguous in a URL or a file name becomes `-`,
 * so `BIM 技术` and `bim-技术` are one tag.
 *
 * @example tagSlug('BIM 技术') // 'bim-技术'
 */
export function tagSlug(tag: string): string {
	let slug = known.get(tag);
	if (slug === undefined) {
		slug =
			tag
				.normalize('NFKC')
				.toLowerCase()
				.replace(/[^\p{L}\p{N}]+/gu, '-')
				.replace(/^-+|-+$/g, '') || 'tag';
		known.set(tag, slug);
	}
	return slug;
}

/**
 * Slugs already made: a site has a few hundred tags used tens of thousands of times, and the
 * Unicode regular expression costs ~0.2 s per build at 10,000 reports.
 */
const known = new Map<string, string>();
