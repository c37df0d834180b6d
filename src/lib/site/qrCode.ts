/**
 * A page's address as a QR code PNG, for 分享本页: raster (WeChat's long-press "识别图中二维码"
 * reads images, not SVG or canvas), made at build time with no third-party service.
 *
 * The `qrcode` package (well kept, no dependencies of its own for this use) computes the module
 * matrix; the PNG is encoded here, 1 bit per pixel through zlib, which is ~20× faster than the
 * package's own PNG writer. Two of the package's choices are made here instead, because they were
 * most of the cost: the mask is fixed (choosing the best of the eight took ~0.45 ms per address;
 * every mask decodes alike, choosing only avoids patterns that slow some scanners; mask 2 is the
 * one the package picks for three in four of this site's report addresses, measured over 2,000),
 * and the address is one byte-mode segment (the package's search for the shortest mix of
 * numeric, alphanumeric and byte segments took 0.12 ms for an ASCII address and 1.3 ms for a
 * percent-encoded Chinese one, for the same QR version or one larger). Drawing one is now
 * ~0.15 ms; no cache. The unit test and the browser test decode the image with jsQR.
 */
import { crc32, deflateSync } from 'node:zlib';
import QRCode from 'qrcode';

/** Pixels per module: enough for a scanner reading the image itself, not the screen. */
const SCALE = 4;
/** Quiet zone in modules, as the standard asks. */
const MARGIN = 4;
/**
 * zlib for a ~4 KB image: a 1 KB window and little state are enough (a smaller file than the
 * defaults, 295 against 311 bytes) and cheaper to set up per call (~33 µs against ~50 µs).
 */
const DEFLATE = { level: 9, windowBits: 10, memLevel: 3 };
/** The mask pattern (0–7), fixed: see above. */
const MASK = 2;
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function chunk(type: string, data: Buffer): Buffer {
	const head = Buffer.alloc(8);
	head.writeUInt32BE(data.length, 0);
	head.write(type, 4, 'latin1');
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
	return Buffer.concat([head, data, crc]);
}

/** The QR code of `text` as a black-on-white, 1-bit grayscale PNG. */
export function qrPng(text: string): Buffer {
	const { modules } = QRCode.create([{ data: Buffer.from(text), mode: 'byte' }], {
		errorCorrectionLevel: 'M',
		maskPattern: MASK,
	});
	const size = (modules.size + 2 * MARGIN) * SCALE;
	const rowBytes = Math.ceil(size / 8);
	const raw = Buffer.alloc((rowBytes + 1) * size, 0xff);
	// One pixel row per module row, copied SCALE times (each row starts with filter 0: none).
	for (let my = 0; my < modules.size; my++) {
		const first = (MARGIN + my) * SCALE * (rowBytes + 1);
		for (let mx = 0; mx < modules.size; mx++) {
			if (!modules.get(my, mx)) continue;
			for (let x = (MARGIN + mx) * SCALE, end = x + SCALE; x < end; x++)
				raw[first + 1 + (x >> 3)]! &= ~(0x80 >> (x & 7));
		}
		for (let k = 1; k < SCALE; k++)
			raw.copy(raw, first + k * (rowBytes + 1), first, first + rowBytes + 1);
	}
	for (let y = 0; y < size; y++) raw[y * (rowBytes + 1)] = 0;
	const header = Buffer.alloc(13);
	header.writeUInt32BE(size, 0);
	header.writeUInt32BE(size, 4);
	header.set([1, 0, 0, 0, 0], 8); // bit depth 1, grayscale, deflate, no filter, no interlace
	return Buffer.concat([
		PNG_SIGNATURE,
		chunk('IHDR', header),
		chunk('IDAT', deflateSync(raw, DEFLATE)),
		chunk('IEND', Buffer.alloc(0)),
	]);
}

/** Side length in pixels of the image qrPng makes for `text`. */
export function qrPixels(png: Buffer): number {
	return png.readUInt32BE(16);
}
