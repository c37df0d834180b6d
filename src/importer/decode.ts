/**
 * Bytes of a saved page → text.
 *
 * Old association sites serve GB2312/GBK as often as UTF-8, declare it in a `<meta>` or not at
 * all, and pages re-saved by editors sometimes keep a `<meta charset=gb2312>` over UTF-8 bytes.
 * Decoding with the wrong table silently turns every character of a report into mojibake, so the
 * bytes get the last word over the declaration.
 */
import iconv from 'iconv-lite';

export interface Decoded {
	text: string;
	/** The encoding used, as iconv-lite names it (`utf-8`, `gb18030`, `utf-16le`…). */
	encoding: string;
	/** Why that encoding, for `--dry-run` and for bug reports: `BOM`, `meta tag`, `bytes`. */
	basis: string;
}

/** GB2312 and GBK are subsets of GB18030: decoding them as GB18030 also covers rare characters. */
const GB_FAMILY = new Set([
	'gb2312',
	'gbk',
	'gb18030',
	'x-gbk',
	'cp936',
	'euc-cn',
	'csgb2312',
	'chinese',
	'iso-ir-58',
]);

/**
 * UTF-8 bytes re-decoded as GBK look plausible, but GBK text is almost never valid UTF-8 once it
 * holds more than a few characters (the famous counter-example, 联通, is two). Below this many
 * multi-byte sequences a declared GBK is believed over the bytes.
 */
const CONFIDENT_UTF8_SEQUENCES = 8;

/** Decodes a saved page; `html` pages may declare their charset in a meta tag. */
export function decodePage(bytes: Uint8Array, kind: 'html' | 'text'): Decoded {
	const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const bom = sniffBom(buffer);
	if (bom)
		return {
			text: iconv.decode(buffer.subarray(bom.length), bom.encoding),
			encoding: bom.encoding,
			basis: 'BOM',
		};

	const utf8 = strictUtf8(buffer);
	const declared = kind === 'html' ? declaredCharset(buffer) : undefined;
	if (declared !== undefined) {
		const name = normaliseCharset(declared);
		if (name === 'utf-8') {
			if (utf8 !== undefined) return { text: utf8.text, encoding: 'utf-8', basis: 'meta tag' };
			return decoded(buffer, 'gb18030', `bytes: declared ${declared}, but they are not UTF-8`);
		}
		if (utf8 !== undefined && utf8.multiByte >= CONFIDENT_UTF8_SEQUENCES) {
			return {
				text: utf8.text,
				encoding: 'utf-8',
				basis: `bytes: declared ${declared}, but they are UTF-8`,
			};
		}
		if (name !== undefined) return decoded(buffer, name, 'meta tag');
	}
	if (utf8 !== undefined) return { text: utf8.text, encoding: 'utf-8', basis: 'bytes' };
	return decoded(buffer, 'gb18030', 'bytes: not UTF-8');
}

function decoded(buffer: Buffer, encoding: string, basis: string): Decoded {
	return { text: iconv.decode(buffer, encoding), encoding, basis };
}

function sniffBom(b: Buffer): { encoding: string; length: number } | undefined {
	if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return { encoding: 'utf-8', length: 3 };
	if (b[0] === 0xff && b[1] === 0xfe) return { encoding: 'utf-16le', length: 2 };
	if (b[0] === 0xfe && b[1] === 0xff) return { encoding: 'utf-16be', length: 2 };
	// GB18030's own BOM (the encoded U+FEFF), written by some Chinese editors.
	if (b[0] === 0x84 && b[1] === 0x31 && b[2] === 0x95 && b[3] === 0x33) {
		return { encoding: 'gb18030', length: 4 };
	}
	return undefined;
}

/** The text, and how many multi-byte sequences it had, when the bytes are valid UTF-8. */
function strictUtf8(buffer: Buffer): { text: string; multiByte: number } | undefined {
	try {
		const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(buffer);
		let multiByte = 0;
		for (const ch of text) if (ch.codePointAt(0)! > 0x7f) multiByte++;
		return { text, multiByte };
	} catch {
		return undefined;
	}
}

/** `<meta charset>`, `<meta http-equiv content="…charset=…">` or an XML declaration, in the head. */
function declaredCharset(buffer: Buffer): string | undefined {
	// Charset declarations are ASCII, so any single-byte reading of the head finds them.
	const head = buffer.subarray(0, 8192).toString('latin1');
	const meta = /<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)/i.exec(head);
	if (meta) return meta[1];
	const xml = /^\s*<\?xml\b[^>]*\bencoding\s*=\s*["']([A-Za-z0-9_.:-]+)/i.exec(head);
	return xml?.[1];
}

/** iconv-lite's name for a declared charset, or undefined when it is unknown. */
function normaliseCharset(declared: string): string | undefined {
	const name = declared.trim().toLowerCase();
	if (name === 'utf-8' || name === 'utf8') return 'utf-8';
	if (GB_FAMILY.has(name)) return 'gb18030';
	return iconv.encodingExists(name) ? name : undefined;
}
