/**
 * Raw HTML in a report (tables with merged cells from imported pages, a <sup>, a <br>) is kept,
 * but only what GitHub's sanitizer allows: no scripts, styles, iframes, forms, event handlers
 * or `javascript:` URLs. Only documents that contain raw HTML pay for this parse.
 */
import { unified } from 'unified';
import rehypeParse from 'rehype-parse';
import rehypeSanitize, { defaultSchema } from 'rehype-sanitize';
import rehypeStringify from 'rehype-stringify';

const schema = {
	...defaultSchema,
	// Keep heading ids as rendered (GitHub prefixes them with "user-content-"; our anchors don't).
	clobberPrefix: '',
	clobber: [],
	attributes: {
		...defaultSchema.attributes,
		'*': [...(defaultSchema.attributes?.['*'] ?? []), 'id'],
		td: [...(defaultSchema.attributes?.td ?? []), 'rowSpan', 'colSpan'],
		th: [...(defaultSchema.attributes?.th ?? []), 'rowSpan', 'colSpan'],
		img: [...(defaultSchema.attributes?.img ?? []), 'loading'],
	},
};

const processor = unified()
	.use(rehypeParse, { fragment: true })
	.use(rehypeSanitize, schema)
	.use(rehypeStringify);

/** @example sanitizeHtml('<p onclick="x()">a<script>b</script></p>') // '<p>a</p>' */
export function sanitizeHtml(html: string): string {
	return String(processor.processSync(html));
}
