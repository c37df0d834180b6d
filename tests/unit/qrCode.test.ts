import jsQR from 'jsqr';
import { inflateSync } from 'node:zlib';
import { expect, test } from 'vitest';
import { qrPixels, qrPng } from '../../src/lib/site/qrCode.ts';

/** The PNG qrPng writes (1-bit grayscale, one IDAT, no filter) as RGBA pixels for jsQR. */
function pixels(png: Buffer): { rgba: Uint8ClampedArray; size: number } {
	const size = qrPixels(png);
	expect(png.readUInt32BE(20)).toBe(size); // square
	const idat = png.indexOf('IDAT', 0, 'latin1');
	const raw = inflateSync(png.subarray(idat + 4, idat + 4 + png.readUInt32BE(idat - 4)));
	const rowBytes = Math.ceil(size / 8);
	const rgba = new Uint8ClampedArray(size * size * 4);
	for (let y = 0; y < size; y++) {
		expect(raw[y * (rowBytes + 1)]).toBe(0); // filter type of the row
		for (let x = 0; x < size; x++) {
			const white = (raw[y * (rowBytes + 1) + 1 + (x >> 3)]! >> (7 - (x & 7))) & 1;
			rgba.fill(white ? 255 : 0, (y * size + x) * 4, (y * size + x) * 4 + 3);
			rgba[(y * size + x) * 4 + 3] = 255;
		}
	}
	return { rgba, size };
}

test.each([
	'https://www.jhmea.org.cn/reports/2025-03-15-a1b2c3/',
	'https://www.jhmea.org.cn/en/reports/2025-03-15-a1b2c3/',
	encodeURI('https://www.jhmea.org.cn/reports/关于开展2025年度市政工程质量检测专项检查工作的通知/'),
])('the image reads back as the address: %s', (address) => {
	const { rgba, size } = pixels(qrPng(address));
	expect(jsQR(rgba, size, size, { inversionAttempts: 'dontInvert' })?.data).toBe(address);
});

test('the quiet zone is white and the image is 4 px per module', () => {
	const { rgba, size } = pixels(qrPng('https://www.jhmea.org.cn/reports/2025-03-15-a1b2c3/'));
	expect((size / 4) % 4).toBe(1); // 21 + 4k modules plus 2 × 4 of quiet zone
	for (let i = 0; i < 16; i++) {
		expect(rgba[(i * size + i) * 4]).toBe(255); // the diagonal through the quiet zone
		expect(rgba[(15 * size + i) * 4]).toBe(255);
	}
	expect(rgba[(16 * size + 16) * 4]).toBe(0); // the finder pattern's corner
});
