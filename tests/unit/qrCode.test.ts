import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { cachedQrPng, qrCacheFile, qrPng } from '../../src/lib/site/qrCode.ts';
import { PROJECT } from '../helpers/fixtureSite.ts';

const temp = mkdtempSync(join(tmpdir(), 'huibao-qr-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));
const address = 'https://www.jhmea.org.cn/reports/2025-03-15-a1b2c3/';

test('a cached image cut short is drawn again', () => {
	const cache = join(temp, 'cache');
	const file = qrCacheFile(address, cache, PROJECT);
	mkdirSync(dirname(file), { recursive: true });
	writeFileSync(file, qrPng(address).subarray(0, 60));
	const png = cachedQrPng(address, cache, PROJECT);
	expect(png.equals(qrPng(address))).toBe(true);
	expect(readFileSync(file).equals(png)).toBe(true);
});

test('images cached by other code are not used: the cache file is named by the code too', () => {
	const other = join(temp, 'other');
	mkdirSync(join(other, 'src/lib/site'), { recursive: true });
	mkdirSync(join(other, 'src/lib/build'), { recursive: true });
	cpSync(join(PROJECT, 'src/lib/build/codeHash.ts'), join(other, 'src/lib/build/codeHash.ts'));
	cpSync(join(PROJECT, 'package-lock.json'), join(other, 'package-lock.json'));
	cpSync(join(PROJECT, 'package.json'), join(other, 'package.json'));
	const source = readFileSync(join(PROJECT, 'src/lib/site/qrCode.ts'), 'utf8');
	writeFileSync(join(other, 'src/lib/site/qrCode.ts'), source);
	const same = qrCacheFile(address, 'c', other);
	writeFileSync(
		join(other, 'src/lib/site/qrCode.ts'),
		source.replace('const SCALE = 4', 'const SCALE = 5')
	);
	expect(qrCacheFile(address, 'c', other)).not.toBe(same);
});
