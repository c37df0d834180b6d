/**
 * The search index (Pagefind), built by `npm run build` from the compiled content.
 * Placeholder while the index is being written: the build calls it, it does nothing yet.
 */
import type { SiteContent } from '../lib/content/loadContent.ts';

export interface SearchIndexOptions {
	root: string;
	dist: string;
	cacheDir: string;
	content: SiteContent;
	log: (line: string) => void;
}

/** Writes dist/pagefind/ for the reports in `content` (not yet: a placeholder). */
export async function buildSearchIndex(_options: SearchIndexOptions): Promise<void> {}
