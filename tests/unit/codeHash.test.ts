/**
 * The cache keys are derived from the code itself (src/lib/build/codeHash.ts): these tests check
 * that what the build runs is what the keys cover.
 */
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import {
	buildCodeFiles,
	codeHash,
	importClosure,
	moduleHash,
	NOT_BUILD_CODE,
} from '../../src/lib/build/codeHash.ts';
import { COMPILER_MODULE } from '../../src/lib/content/contentCache.ts';
import { PROJECT } from '../helpers/fixtureSite.ts';

describe('cache keys', () => {
	test('nothing the build or the pages import is in a folder the code hash leaves out', () => {
		const pages = readdirSync(join(PROJECT, 'src/pages'), { recursive: true, withFileTypes: true })
			.filter((d) => d.isFile())
			.map((d) => join(d.parentPath, d.name));
		const reached = importClosure(PROJECT, [
			'scripts/build.ts',
			'astro.config.mjs',
			'src/content.config.ts',
			...pages,
		]);
		expect(reached.length).toBeGreaterThan(40);
		expect(reached.filter((f) => NOT_BUILD_CODE.some((p) => p.test(f)))).toEqual([]);
		const covered = new Set(buildCodeFiles(PROJECT));
		expect(reached.filter((f) => f.startsWith('src/') && !covered.has(f))).toEqual([]);
	});

	test('the content cache key follows what compiling a report imports', () => {
		const closure = importClosure(PROJECT, [COMPILER_MODULE]);
		for (const file of [
			'src/lib/markdown/sanitizeHtml.ts',
			'src/lib/markdown/renderBody.ts',
			'src/content/schema.ts',
			'src/lib/content/contentCache.ts',
		]) {
			expect(closure).toContain(file);
		}
		expect(closure.some((f) => f.startsWith('src/pages/') || f.startsWith('src/components/'))).toBe(
			false
		);
	});

	test('a new folder under src/ changes the code hash; a README does not', () => {
		const root = mkdtempSync(join(tmpdir(), 'huibao-codehash-'));
		try {
			cpSync(join(PROJECT, 'src'), join(root, 'src'), { recursive: true });
			const before = codeHash(root);
			const moduleBefore = moduleHash(root, [COMPILER_MODULE]);
			writeFileSync(join(root, 'src/search/README.md'), 'notes\n');
			expect(codeHash(root)).toBe(before);
			mkdirSync(join(root, 'src/utils'));
			writeFileSync(join(root, 'src/utils/x.ts'), 'export const x = 1;\n');
			expect(codeHash(root)).not.toBe(before);
			writeFileSync(join(root, 'src/lib/markdown/sanitizeHtml.ts'), '// changed\n', { flag: 'a' });
			expect(moduleHash(root, [COMPILER_MODULE])).not.toBe(moduleBefore);
		} finally {
			rmSync(root, { recursive: true, force: true });
		}
	});
});
