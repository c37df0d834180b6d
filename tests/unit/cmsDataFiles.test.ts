/**
 * The CMS config reads content/categories.yml and settings.yml through the site's data loader:
 * a file with problems still gives a CMS an editor can open to put it right, and a data file that
 * is a link out of the project is not followed, as `npm run check` and the build refuse it.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { adminConfigFile } from '../../src/cms/config.ts';

let root: string;
let outside: string;
const write = (file: string, text: string) => writeFileSync(join(root, file), text);
const site = () => adminConfigFile(root, {}).site;

beforeEach(() => {
	root = mkdtempSync(join(tmpdir(), 'huibao-cms-data-'));
	outside = mkdtempSync(join(tmpdir(), 'huibao-cms-outside-'));
	mkdirSync(join(root, 'content'));
});
afterEach(() => {
	rmSync(root, { recursive: true, force: true });
	rmSync(outside, { recursive: true, force: true });
});

describe('CMS config from the data files', () => {
	test('a file the schema refuses still offers what is usable in it', () => {
		write(
			'content/categories.yml',
			'categories:\n  - slug: news\n    name: 动态\n    order: 2\n    colour: red\n  - slug: notices\n    name: { zh: 通知公告, en: Notices }\n'
		);
		write('content/settings.yml', 'name: 某协会\nurl: https://x.example\nbogus: 1\n');
		expect(site().categories.map((c) => c.slug)).toEqual(['notices', 'news']);
		expect(site().name.zh).toBe('某协会');
		expect(adminConfigFile(root, {}).decap.zh.site_url).toBe('https://x.example');
	});

	test('broken YAML or missing files still give a CMS, with no categories', () => {
		write('content/categories.yml', 'categories:\n  - slug: a\n    name: [\n');
		const config = adminConfigFile(root, {});
		expect(config.site.categories).toEqual([]);
		expect(config.site.name.zh).toBe('');
		expect((config.decap.zh.collections as unknown[]).length).toBeGreaterThan(0);
	});

	test('a data file linked out of the project is not read', () => {
		writeFileSync(
			join(outside, 'categories.yml'),
			'categories:\n  - slug: secret\n    name: 外部\n    order: 1\n'
		);
		writeFileSync(join(outside, 'settings.yml'), 'name: 外部\nurl: https://outside.example\n');
		symlinkSync(join(outside, 'categories.yml'), join(root, 'content/categories.yml'));
		symlinkSync(join(outside, 'settings.yml'), join(root, 'content/settings.yml'));
		expect(site().categories).toEqual([]);
		expect(site().name.zh).toBe('');
		expect(adminConfigFile(root, {}).decap.zh.site_url).toBeUndefined();
	});
});
