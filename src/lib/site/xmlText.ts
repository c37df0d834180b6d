/**
 * Text as XML 1.0 allows it. Content is validated (a control character in a title is a problem,
 * see lib/content/textChecks.ts), but one character XML forbids makes the whole of rss.xml or a
 * sitemap unreadable for every subscriber and crawler, so the feeds also drop any that reach
 * them: C0 controls but tab, LF and CR; C1 controls (allowed but "discouraged", and never
 * meant); U+FFFE, U+FFFF; half surrogate pairs.
 */
const NOT_XML =
	/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** @example xmlText('标\u0000题') // '标题' */
export function xmlText(text: string): string {
	return text.replace(NOT_XML, '');
}
