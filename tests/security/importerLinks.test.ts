/**
 * The importer publishes what it copies (public/uploads/ goes to the CDN with the next deploy), so
 * an archive from the old site's vendor must not be able to pull in a file from elsewhere on the
 * machine: no symbolic link is followed and nothing outside the input folder is read.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { importPages } from '../../src/importer/importPages.ts';
import { CATEGORIES_YML } from '../import/helpers.ts';

let dir: string;
const SECRET = 'PRIVATE KEY: never publish';

beforeAll(async () => {
	dir = await mkdtemp(path.join(os.tmpdir(), 'huibao-links-'));
	await mkdir(path.join(dir, 'project/content'), { recursive: true });
	await writeFile(path.join(dir, 'project/content/categories.yml'), CATEGORIES_YML);
	// Outside the archive: a "home folder" secret and a project file.
	await mkdir(path.join(dir, 'home/.ssh'), { recursive: true });
	await writeFile(path.join(dir, 'home/.ssh/id_rsa.png'), SECRET);
	await writeFile(path.join(dir, 'project-secret.pdf'), SECRET);
	// The archive: a page whose images and attachments are links to those files.
	const site = path.join(dir, 'archive/site');
	await mkdir(path.join(site, 'uploads'), { recursive: true });
	await symlink(path.join(dir, 'home/.ssh/id_rsa.png'), path.join(site, 'uploads/photo.png'));
	await symlink(path.join(dir, 'home/.ssh'), path.join(site, 'linked'));
	await symlink(path.join(dir, 'project-secret.pdf'), path.join(site, 'uploads/plan.pdf'));
	// A linked page: its text must not be imported either.
	await writeFile(path.join(dir, 'outside.html'), page('外部页面', '不应导入的正文。'));
	await symlink(path.join(dir, 'outside.html'), path.join(site, 'outside.html'));
	await writeFile(
		path.join(site, 'news.html'),
		page(
			'关于开展桥梁检测的通知',
			'<p>正文第一段。<img src="/uploads/photo.png" alt="照片"><img src="linked/id_rsa.png" alt="二"></p>' +
				'<p><a href="/uploads/plan.pdf">方案</a></p><p><img src="../../home/.ssh/id_rsa.png"></p>'
		)
	);
});
afterAll(async () => {
	await rm(dir, { recursive: true, force: true });
});

function page(title: string, body: string): string {
	return `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body>
<div class="position">首页 &gt; 通知公告</div><h1>${title}</h1><div class="info">发布时间：2022-03-10</div>
<div class="content">${body}</div></body></html>`;
}

async function allFiles(root: string): Promise<string[]> {
	try {
		return (await readdir(root, { recursive: true, withFileTypes: true }))
			.filter((e) => e.isFile())
			.map((e) => path.join(e.parentPath, e.name));
	} catch {
		return [];
	}
}

describe('the importer and links in the input', () => {
	test('linked images and attachments are not copied; the page imports without them', async () => {
		const { results } = await importPages({
			inputs: ['archive/site'],
			root: 'project',
			cwd: dir,
		});
		const imported = results.filter((r) => r.status === 'imported');
		expect(imported.map((r) => r.page)).toEqual(['archive/site/news.html']);
		expect(imported[0]!.uploads ?? []).toEqual([]);
		const uploads = await allFiles(path.join(dir, 'project/public'));
		expect(uploads).toEqual([]);
		// The report itself holds no trace of the secret.
		for (const file of await allFiles(path.join(dir, 'project/content/reports'))) {
			expect(await readFile(file, 'utf8')).not.toContain('PRIVATE KEY');
		}
	});

	test('files in the current directory but outside the input are not read', async () => {
		const site = path.join(dir, 'archive2');
		await mkdir(site, { recursive: true });
		await writeFile(
			path.join(site, 'page.html'),
			page('第二篇通知', '<p>正文。<a href="/project-secret.pdf">附件</a></p>')
		);
		const { results } = await importPages({ inputs: ['archive2'], root: 'project', cwd: dir });
		expect(results.map((r) => r.status)).toEqual(['imported']);
		expect(results[0]!.uploads ?? []).toEqual([]);
		expect(await allFiles(path.join(dir, 'project/public'))).toEqual([]);
	});
});
