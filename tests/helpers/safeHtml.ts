/**
 * What must never reach a page from content: elements that run or load code, event handler
 * attributes, and URLs with a script scheme — however they are spelled (entities, case, control
 * characters and spaces a browser ignores).
 */
const DANGEROUS_ELEMENT =
	/<(script|iframe|object|embed|style|base|form|meta|link|frame|frameset|svg|math)\b/gi;
const HANDLER = /<[^>]*\s(on[a-z]+)\s*=/gi;
const URL_ATTRIBUTE =
	/\s(?:href|src|action|formaction|xlink:href|poster|srcset|background)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/gi;

/** How a browser reads an attribute value's scheme: entities decoded, controls and spaces gone. */
export function schemeOf(value: string): string {
	const decoded = value
		.replace(/^["']|["']$/g, '')
		.replace(/&#x([0-9a-f]+);?/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
		.replace(/&#(\d+);?/g, (_, d: string) => String.fromCodePoint(Number(d)))
		.replace(/&colon;/gi, ':')
		.replace(/&tab;|&newline;/gi, '')
		.replace(/[\u0000-\u0020]/g, '')
		.toLowerCase();
	return /^([a-z][a-z0-9+.-]*):/.exec(decoded)?.[1] ?? '';
}

/** Everything unsafe in a fragment of rendered body HTML; [] when it is clean. */
export function unsafeMarkup(html: string): string[] {
	const found: string[] = [];
	for (const m of html.matchAll(DANGEROUS_ELEMENT)) found.push(`<${m[1]}>`);
	for (const m of html.matchAll(HANDLER)) found.push(`${m[1]}=`);
	found.push(...unsafeUrls(html));
	return found;
}

/**
 * An image the site itself embeds (the 分享本页 QR code): a base64 PNG as an image source, which
 * can carry no script. Nothing from content can produce it (the body renderer drops data: URLs).
 */
const EMBEDDED_PNG = /^\ssrc="data:image\/png;base64,[A-Za-z0-9+/]+=*"$/;

/** URL attributes with a scheme other than http(s), mailto and tel. */
export function unsafeUrls(html: string): string[] {
	const found: string[] = [];
	for (const m of html.matchAll(URL_ATTRIBUTE)) {
		if (EMBEDDED_PNG.test(m[0])) continue;
		const scheme = schemeOf(m[1]!);
		if (scheme && !['http', 'https', 'mailto', 'tel'].includes(scheme)) found.push(m[0].trim());
	}
	return found;
}
