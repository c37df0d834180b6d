/**
 * Child process of measureSearchIndex (benchSearch.ts): reads the content through the build
 * cache and builds the search index, then prints buildSearchIndex's summary as one JSON line.
 * Usage: node src/search/benchChild.ts ROOT DIST CACHE_DIR
 */
import { loadContent } from '../lib/content/loadContent.ts';
import { buildSearchIndex } from './buildSearchIndex.ts';

const [root, dist, cacheDir] = process.argv.slice(2) as [string, string, string];
const { content, problems } = await loadContent({ root, includeDrafts: false, cacheDir });
if (!content || problems.length) {
	console.error(problems.slice(0, 5));
	process.exit(1);
}
const summary = await buildSearchIndex({
	root,
	dist,
	cacheDir,
	content,
	log: (line) => console.error(line),
});
console.log(JSON.stringify(summary));
