/** Images and attachments referenced by a page: found, named, copied, or reported. */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { planAssets } from '../../src/importer/assets.ts';
import { htmlToBlocks } from '../../src/importer/htmlToBlocks.ts';
import { blocksToMarkdown } from '../../src/importer/toMarkdown.ts';

const PNG = Buffer.from(
	'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
	'base64'
);
let dir: string;

beforeAll(async () => {
	dir = await mkdtemp(path.join(os.tmpdir(), 'huibao-assets-'));
	// A mirrored old site: site/xhdt/2022/page.html, site/uploads/2022/a.png, page_files next to it.
	await mkdir(path.join(dir, 'site/xhdt/2022/page_files'), { recursive: true });
	await mkdir(path.join(dir, 'site/uploads/2022'), { recursive: true });
	await writeFile(path.join(dir, 'site/uploads/2022/a.png'), PNG);
	await writeFile(
		path.join(dir, 'site/xhdt/2022/page_files/现场照片.JPG'),
		Buffer.from('jpeg bytes')
	);
	await writeFile(path.join(dir, 'site/xhdt/2022/page_files/dup.png'), PNG);
	await writeFile(path.join(dir, 'secret.png'), Buffer.from('outside the input folder'));
	await mkdir(path.join(dir, 'public/uploads/2022'), { recursive: true });
	// Someone else's file already has the name the first image would get.
	await writeFile(path.join(dir, 'public/uploads/2022/r-a.png'), Buffer.from('another image'));
});
afterAll(async () => {
	await rm(dir, { recursive: true, force: true });
});

async function plan(body: string, base?: string) {
	const page = htmlToBlocks(`<body>${body}</body>`);
	const location = {
		file: path.join(dir, 'site/xhdt/2022/page.html'),
		allowed: [path.join(dir, 'site')],
		...(base ? { base } : {}),
	};
	const result = await planAssets(page.blocks, location, {
		publicDir: path.join(dir, 'public'),
		year: '2022',
		prefix: 'r',
	});
	return { ...result, markdown: blocksToMarkdown(page.blocks) };
}

describe('planAssets', () => {
	test('finds files next to the page and under a mirrored site root; never overwrites', async () => {
		const { uploads, markdown, warnings } = await plan(
			'<p><img src="/uploads/2022/a.png" alt="甲"><img src="page_files/%E7%8E%B0%E5%9C%BA%E7%85%A7%E7%89%87.JPG" alt="乙"><img src="page_files/dup.png"></p>'
		);
		expect(warnings).toEqual([]);
		// a.png: the name r-a.png is taken by different bytes, so the content hash tells them apart.
		expect(uploads.map((u) => u.url)).toEqual([
			expect.stringMatching(/^\/uploads\/2022\/r-a-[0-9a-f]{6}\.png$/),
			expect.stringMatching(/^\/uploads\/2022\/r-[0-9a-f]{8}\.jpg$/),
		]);
		// dup.png has the same bytes as a.png: one file, referenced twice.
		expect(markdown).toBe(
			`![甲](${uploads[0]!.url})![乙](${uploads[1]!.url})![](${uploads[0]!.url})\n`
		);
	});

	test('data: URIs are written out as files', async () => {
		const { uploads, markdown } = await plan(
			`<p><img src="data:image/png;base64,${PNG.toString('base64')}" alt="图"></p>`
		);
		expect(uploads).toHaveLength(1);
		expect(uploads[0]!.bytes.equals(PNG)).toBe(true);
		expect(markdown).toBe(`![图](${uploads[0]!.url})\n`);
	});

	test('missing images: kept as remote addresses when the page has one, else left out with a warning', async () => {
		const remote = await plan(
			'<p>图<img src="/images/gone.png">文</p>',
			'http://old.example.org/xhdt/2022/page.html'
		);
		expect(remote.markdown).toBe('图![](http://old.example.org/images/gone.png)文\n');
		expect(remote.warnings).toEqual([
			'image /images/gone.png not found next to the page; kept as a link to http://old.example.org/images/gone.png',
		]);
		const local = await plan('<p>图<img src="gone.png">文</p>');
		expect(local.markdown).toBe('图文\n');
		expect(local.warnings).toEqual(['image gone.png not found next to the page; left out']);
	});

	test('files outside the input folders are never read', async () => {
		const { uploads, markdown } = await plan('<p>文<img src="../../../secret.png"></p>');
		expect(uploads).toEqual([]);
		expect(markdown).toBe('文\n');
	});

	test('links: javascript: and unresolvable links keep only their text', async () => {
		const { markdown } = await plan(
			'<p><a href="javascript:void(0)">甲</a><a href="/other.html">乙</a><a href="mailto:xh@example.org">丙</a></p>'
		);
		expect(markdown).toBe('甲乙[丙](mailto:xh@example.org)\n');
	});
});
