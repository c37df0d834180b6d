/**
 * Separates the title, the readable text and the word bag inside a report's indexed content
 * (records.ts writes it, the search page's script looks for it). It is neither a letter nor a
 * digit, so Pagefind keeps it as a word of the content without indexing it. Its own module so the
 * browser bundle does not pull in the indexing code.
 */
export const SECTION_MARK = '⁂';
