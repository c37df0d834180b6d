/**
 * A page's address as a QR code PNG, for 分享本页: raster (WeChat's long-press "识别图中二维码"
 * reads images, not SVG or canvas), made at build time with no third-party service.
 *
 * The `qrcode` package (well kept, no dependencies of its own for this use) computes the module
 * matrix; the PNG is encoded here, 1 bit per pixel through zlib, which is ~20× faster than the
 * package's own PNG writer. Choosing the best mask still costs ~2–7 ms per address (longer for
 * percent-encoded Chinese slugs) on a loaded 2-core machine, so images are cached by address (and the code that draws them)
 * under the build cache: a report pays once, on the build that first renders it.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import QRCode from 'qrcode';
import { moduleHash } from '../build/codeHash.ts';

/** Pixels per module: enough for a scanner reading the image itself, not the screen. */
const SCALE = 4;
/** Quiet zone in modules, as the standard asks. */
const MARGIN = 4;
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
	const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
	const size = (modules.size + 2 * MARGIN) * SCALE;
	const rowBytes = Math.ceil(size / 8);
	const raw = Buffer.alloc((rowBytes + 1) * size, 0xff);
	for (let y = 0; y < size; y++) {
		const row = y * (rowBytes + 1);
		raw[row] = 0; // filter: none
		const my = Math.floor(y / SCALE) - MARGIN;
		if (my < 0 || my >= modules.size) continue;
		for (let x = 0; x < size; x++) {
			const mx = Math.floor(x / SCALE) - MARGIN;
			if (mx < 0 || mx >= modules.size || !modules.get(my, mx)) continue;
			raw[row + 1 + (x >> 3)]! &= ~(0x80 >> (x & 7));
		}
	}
	const header = Buffer.alloc(13);
	header.writeUInt32BE(size, 0);
	header.writeUInt32BE(size, 4);
	header.set([1, 0, 0, 0, 0], 8); // bit depth 1, grayscale, deflate, no filter, no interlace
	return Buffer.concat([
		PNG_SIGNATURE,
		chunk('IHDR', header),
		chunk('IDAT', deflateSync(raw, { level: 9 })),
		chunk('IEND', Buffer.alloc(0)),
	]);
}

/** Side length in pixels of the image qrPng makes for `text`. */
export function qrPixels(png: Buffer): number {
	return png.readUInt32BE(16);
}

/** The cache file of `text`'s image: named by the text and the code that draws it. */
export function qrCacheFile(text: string, cacheDir: string, root: string): string {
	// The image depends on this module and on the qrcode package (its version is in the
	// lockfile, which moduleHash covers): a change of either names other files.
	const code = moduleHash(root, ['src/lib/site/qrCode.ts']);
	return join(cacheDir, 'qr', `${createHash('sha1').update(`${code}\0${text}`).digest('hex')}.png`);
}

/** A whole PNG: its signature, and its IEND chunk at the very end (not cut short). */
function isWholePng(png: Buffer): boolean {
	return (
		png.length > PNG_SIGNATURE.length + 12 &&
		png.subarray(0, 8).equals(PNG_SIGNATURE) &&
		png.subarray(-8, -4).toString('latin1') === 'IEND'
	);
}

/**
 * qrPng through a cache folder (`<cacheDir>/qr/`, see qrCacheFile): written by rename, so
 * builds rendering in parallel never read half a file; a file that is not a whole PNG is made
 * again.
 */
export function cachedQrPng(text: string, cacheDir: string | undefined, root: string): Buffer {
	if (!cacheDir) return qrPng(text);
	const file = qrCacheFile(text, cacheDir, root);
	try {
		const cached = readFileSync(file);
		if (isWholePng(cached)) return cached;
	} catch {
		// not cached yet
	}
	const png = qrPng(text);
	mkdirSync(dirname(file), { recursive: true });
	const tmp = `${file}.${process.pid}.tmp`;
	writeFileSync(tmp, png);
	renameSync(tmp, file);
	return png;
}
