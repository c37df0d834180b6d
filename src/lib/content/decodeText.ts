/**
 * The bytes of a content file (report, categories.yml, settings.yml) → its text.
 *
 * Content is UTF-8. A file saved in another encoding (GBK from an old Windows editor, UTF-16
 * from Notepad) is refused with the byte where it goes wrong, instead of being read as
 * replacement characters that then fail somewhere else with a misleading message — or, worse,
 * pass and publish mojibake.
 *
 * A checkout on Windows may turn line ends into CRLF, and editors may add a byte-order mark:
 * both are dropped here, once, so every later step (front matter, YAML, Markdown, line numbers)
 * sees the same text as on Linux.
 */
import { isUtf8 } from 'node:buffer';

export type Decoded = { text: string; problem?: undefined } | { text?: undefined; problem: string };

/**
 * @example decodeText(Buffer.from('\uFEFFa\r\nb')) // { text: 'a\nb' }
 * @example decodeText(Buffer.from([0x61, 0xb1])) // { problem: 'not valid UTF-8 (byte 0xB1 at offset 1); save the file as UTF-8' }
 */
export function decodeText(bytes: Uint8Array): Decoded {
	const wide = utf16Or32(bytes);
	if (wide) return { problem: `saved as ${wide}, not UTF-8; save the file as UTF-8` };
	if (!isUtf8(bytes)) {
		const offset = firstInvalidUtf8(bytes);
		return { problem: `not valid UTF-8 (byte 0x${hex(bytes[offset]!)} at offset ${offset}); save the file as UTF-8` };
	}
	const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
	return { text: normaliseLineEnds(text.startsWith('\uFEFF') ? text.slice(1) : text) };
}

/** CRLF (Windows) and lone CR (old Mac) line ends become LF. */
export function normaliseLineEnds(text: string): string {
	return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
}

/**
 * UTF-16 and UTF-32 by their byte-order mark, or, without one, by a NUL in the first two bytes:
 * every content file starts with text (`---`, a YAML key), which UTF-16 writes with a zero byte.
 */
function utf16Or32(bytes: Uint8Array): string | undefined {
	const [a, b, c, d] = bytes;
	if (a === 0x00 && b === 0x00 && c === 0xfe && d === 0xff) return 'UTF-32';
	if (a === 0xff && b === 0xfe) return c === 0 && d === 0 ? 'UTF-32' : 'UTF-16';
	if (a === 0xfe && b === 0xff) return 'UTF-16';
	if (bytes.length >= 2 && (a === 0) !== (b === 0)) return 'UTF-16';
	return undefined;
}

/** Offset of the first byte that breaks UTF-8 (overlong forms, surrogates and > U+10FFFF included). */
export function firstInvalidUtf8(bytes: Uint8Array): number {
	let i = 0;
	while (i < bytes.length) {
		const b = bytes[i]!;
		if (b < 0x80) {
			i++;
			continue;
		}
		let need: number;
		let min: number;
		let max = 0xbf;
		if (b >= 0xc2 && b <= 0xdf) [need, min] = [1, 0x80];
		else if (b === 0xe0) [need, min] = [2, 0xa0];
		else if (b === 0xed) [need, min, max] = [2, 0x80, 0x9f];
		else if (b >= 0xe1 && b <= 0xef) [need, min] = [2, 0x80];
		else if (b === 0xf0) [need, min] = [3, 0x90];
		else if (b === 0xf4) [need, min, max] = [3, 0x80, 0x8f];
		else if (b >= 0xf1 && b <= 0xf3) [need, min] = [3, 0x80];
		else return i;
		// The second byte has the narrower range; the rest are plain continuation bytes. A broken
		// sequence is reported where it starts: that is the character the editor sees garbled.
		for (let k = 1; k <= need; k++) {
			const next = bytes[i + k];
			const [lo, hi] = k === 1 ? [min, max] : [0x80, 0xbf];
			if (next === undefined || next < lo || next > hi) return i;
		}
		i += need + 1;
	}
	return bytes.length;
}

function hex(byte: number): string {
	return byte.toString(16).toUpperCase().padStart(2, '0');
}
