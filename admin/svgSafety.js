// @ts-check
/**
 * Whether an SVG file may be published. An SVG opened at its own address (`/uploads/2024/x.svg`)
 * is a document of the site's origin: a script in it runs there, wherever the CDN sends no
 * Content-Security-Policy (object storage sends none by default). Every SVG that enters public/
 * passes this one check: the admin page before any backend uploads it (admin/backends.js), the
 * local backend again on the server (src/cms/localBackend.ts), the importer (src/importer/assets.ts).
 * Plain JavaScript so the browser loads it as it is; src/lib/media/svgSafety.ts re-exports it.
 *
 * Policy: refuse, never sanitize. Cleaning SVG safely needs a full XML parser and an allow-list of
 * elements and attributes, and it changes the editor's file behind their back; logos, charts and
 * icons never need scripts, so a refusal with its reason ("export it again as plain SVG or PNG")
 * costs nothing legitimate. The check is a conservative scan of the text rather than a parse:
 * anything that looks like script, an event handler, a script URL, embedded HTML or a construct
 * that could hide one (entities, other encodings, XSLT) is refused, even in places a browser
 * would not run it.
 */

/** Elements that run script, embed other documents or switch to HTML. */
const ACTIVE_ELEMENTS =
	/<\s*(?:[\w.-]+:)?(script|foreignobject|iframe|frame|frameset|embed|object|applet|handler|listener|base|meta|link)\b/i;
/** `onload=`, `onclick =`, `xlink:onmouseover=`… (an attribute starts after space, quote or slash). */
const EVENT_HANDLER = /[\s"'/](?:[\w.-]+:)?on[a-z]+\s*=/i;
/** Animation of an event handler or a link target. */
const ANIMATED_ACTIVE = /attributename\s*=\s*["']?\s*(?:[\w.-]+:)?(?:on[a-z]+|href)\b/i;
/** URL schemes that run script or carry a document; data: is allowed for raster images only. */
const SCRIPT_URL =
	/(?:javascript|vbscript|livescript):|\bdata:(?!image\/(?:png|jpe?g|gif|webp)[;,])/i;
/** Old-browser CSS that runs code. */
const CSS_CODE = /-moz-binding|behavior\s*:|expression\s*\(/i;
/** HTML elements inside SVG (the XHTML namespace) can run script. */
const XHTML_NS = /http:\/\/www\.w3\.org\/1999\/xhtml/i;
/** Encodings whose text this scan can read: ASCII-compatible ones. */
const READABLE_ENCODING = /^(?:utf-?8|us-ascii|ascii|iso-8859-1|latin1|gb2312|gbk|gb18030)$/i;

/**
 * Why `bytes` (an SVG file) must not be published, or undefined when it is plain drawing.
 * The reason is short English; callers put it after their own (Chinese) message.
 * @param {Uint8Array} bytes
 * @returns {string | undefined}
 */
export function svgProblem(bytes) {
	// UTF-16/32 text would hide every marker below from a byte scan.
	if (
		bytes.includes(0) ||
		(bytes[0] === 0xfe && bytes[1] === 0xff) ||
		(bytes[0] === 0xff && bytes[1] === 0xfe)
	) {
		return 'not UTF-8 text';
	}
	const raw = new TextDecoder().decode(bytes);
	const encoding = /^\uFEFF?\s*<\?xml[^>]*\bencoding\s*=\s*["']([^"']*)["']/i.exec(raw)?.[1];
	if (encoding !== undefined && !READABLE_ENCODING.test(encoding))
		return `encoding ${encoding} is not accepted (use UTF-8)`;
	if (/<\?xml-stylesheet/i.test(raw)) return 'an XSLT/CSS stylesheet instruction';
	// Entities can spell anything after this scan; Illustrator's namespace entities are allowed.
	for (const entity of raw.matchAll(/<!ENTITY\s+%?\s*[\w.-]+\s+(?:"([^"]*)"|'([^']*)'|[^>]*)/gi)) {
		const value = entity[1] ?? entity[2];
		if (value === undefined || !/^https?:\/\/[\w./:#?=-]*$/i.test(value))
			return 'an entity declaration';
	}
	// Character references are decoded once, as the XML parser does: `&#106;avascript:`.
	const text = decodeReferences(raw);
	const element = ACTIVE_ELEMENTS.exec(text);
	if (element) return `a <${element[1]}> element`;
	if (EVENT_HANDLER.test(text)) return 'an event handler attribute (on…=)';
	if (ANIMATED_ACTIVE.test(text)) return 'an animated event handler or link';
	if (XHTML_NS.test(text)) return 'HTML content (XHTML namespace)';
	if (CSS_CODE.test(text)) return 'style that runs code';
	// Browsers drop tabs, line breaks and other controls inside URLs: `java\tscript:`.
	const url = SCRIPT_URL.exec(
		text.replace(/[\u0000-\u0020\u007f-\u009f\u00ad\u200b-\u200d\ufeff]+/g, '')
	);
	if (url) return `a ${url[0].toLowerCase()} URL`;
	return undefined;
}

/** @type {Readonly<Record<string, string>>} */
const NAMED = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** @param {string} text */
function decodeReferences(text) {
	return text.replace(
		/&(?:#x([0-9a-f]+)|#(\d+)|(amp|lt|gt|quot|apos));?/gi,
		(
			/** @type {string} */ whole,
			/** @type {string | undefined} */ hex,
			/** @type {string | undefined} */ dec,
			/** @type {string | undefined} */ name
		) => {
			if (name) return NAMED[name.toLowerCase()] ?? whole;
			const code = hex ? parseInt(hex, 16) : Number(dec);
			return Number.isSafeInteger(code) && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
		}
	);
}
