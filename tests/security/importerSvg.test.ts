/**
 * SVG that an imported page references is published under the site's origin, so the importer
 * applies the same check as the CMS (src/lib/media/svgSafety.ts): a plain drawing is copied, one
 * with script is left out with a warning — as a file, as a link and as a data: URI.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { importPages } from '../../src/importer/importPages.ts';
import { svgProblem } from '../../src/lib/media/svgSafety.ts';
import { CATEGORIES_YML } from '../import/helpers.ts';

let dir: string;
const PLAIN =
	'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10" fill="#c00"/></svg>';
const HOSTILE =
	'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(document.cookie)"><rect width="10" height="10"/></svg>';
const SCRIPTED = '<svg xmlns="http://www.w3.org/2000/svg"><script>fetch("/admin/")</script></svg>';

beforeAll(async () => {
	dir = await mkdtemp(path.join(os.tmpdir(), 'huibao-svg-'));
	await mkdir(path.join(dir, 'project/content'), { recursive: true });
	await writeFile(path.join(dir, 'project/content/categories.yml'), CATEGORIES_YML);
	const site = path.join(dir, 'archive');
	await mkdir(path.join(site, 'images'), { recursive: true });
	await writeFile(path.join(site, 'images/chart.svg'), PLAIN);
	await writeFile(path.join(site, 'images/evil.svg'), HOSTILE);
	await writeFile(path.join(site, 'images/plan.svg'), SCRIPTED);
	const dataUri = `data:image/svg+xml,${encodeURIComponent(HOSTILE)}`;
	await writeFile(
		path.join(site, 'news.html'),
		`<!doctype html><html><head><meta charset="utf-8"><title>关于开展桥梁检测的通知</title></head><body>
<div class="position">首页 &gt; 通知公告</div><h1>关于开展桥梁检测的通知</h1><div class="info">发布时间：2022-03-10</div>
<div class="content"><p>正文第一段。<img src="images/chart.svg" alt="图表"><img src="images/evil.svg" alt="恶意"></p>
<p><img src="${dataUri}" alt="内联"></p><p><a href="images/plan.svg">平面图</a></p></div></body></html>`
	);
});
afterAll(async () => {
	await rm(dir, { recursive: true, force: true });
});

describe('SVG in imported pages', () => {
	test('a plain SVG is copied; SVG with script is left out with a warning, as image, link or data: URI', async () => {
		const { results } = await importPages({ inputs: ['archive'], root: 'project', cwd: dir });
		expect(results.map((r) => r.status)).toEqual(['imported']);
		const result = results[0]!;
		expect(result.uploads).toHaveLength(1);
		expect(result.uploads![0]).toMatch(/^public\/uploads\/2022\/.*chart\.svg$/);
		expect(await readFile(path.join(dir, 'project', result.uploads![0]!), 'utf8')).toBe(PLAIN);
		const published = await readdir(path.join(dir, 'project/public/uploads/2022'));
		expect(published).toHaveLength(1);
		expect(result.warnings.filter((w) => /SVG refused/.test(w))).toHaveLength(3);
		const reportDir = path.join(dir, 'project/content/reports');
		const files = await readdir(reportDir, { recursive: true, withFileTypes: true });
		const text = await Promise.all(
			files.filter((f) => f.isFile()).map((f) => readFile(path.join(f.parentPath, f.name), 'utf8'))
		);
		expect(text.join('\n')).toContain('chart.svg');
		expect(text.join('\n')).not.toMatch(/evil\.svg|plan\.svg|onload|image\/svg/);
	});

	test('the shared check names what it found', () => {
		expect(svgProblem(Buffer.from(PLAIN))).toBeUndefined();
		expect(svgProblem(Buffer.from(HOSTILE))).toMatch(/event handler/);
		expect(svgProblem(Buffer.from(SCRIPTED))).toMatch(/<script>/);
	});
});
