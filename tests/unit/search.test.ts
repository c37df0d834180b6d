/**
 * What the project feeds the search index: the record of each report (fields, language, filters,
 * sort, URL, nothing of the page chrome), and the indexes buildSearchIndex writes from them
 * (one per language and year, rebuilt only when their reports change), queried with Pagefind's
 * own browser script.
 */
import { readCheckedJson, writeCheckedJson } from '../../src/lib/checkedJson.ts';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
	cpSync,
	existsSync,
	mkdtempSync,
	readdirSync,
	readFileSync,
	rmSync,
	statSync,
	writeFileSync,
} from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
	loadContent,
	type ReportRecord,
	type SiteContent,
} from '../../src/lib/content/loadContent.ts';
import {
	buildSearchIndex,
	type IndexList,
	type SearchIndexSummary,
} from '../../src/search/buildSearchIndex.ts';
import { DistUpdate } from '../../src/lib/build/distUpdate.ts';
import { gramTerm, indexTerm, searchTerms } from '../../src/search/grams.ts';
import {
	BAG_MAX_CHARS,
	cutAt,
	GRAM_MAX,
	OPENING_CHARS,
	periodsOf,
	recordHtml,
	searchRecordFor,
	SPLIT_YEAR_ABOVE,
	wordBag,
	words,
} from '../../src/search/records.ts';
import { SECTION_MARK } from '../../src/search/sectionMark.ts';
import { locales, type Locale } from '../../src/i18n/locales.ts';

const PROJECT = resolve(import.meta.dirname, '../..');

function report(
	over: Omit<Partial<ReportRecord>, 'data'> & { data?: Partial<ReportRecord['data']> } = {}
): ReportRecord {
	const { data, ...rest } = over;
	return {
		id: 'zh/2025-04-16-bridge',
		lang: 'zh',
		slug: '2025-04-16-bridge',
		year: '2025',
		file: 'content/reports/2025/zh/2025-04-16-bridge.md',
		kind: 'md',
		digest: 'd',
		links: [],
		images: [],
		...rest,
		data: {
			title: '关于开展城市桥梁检测专项行动的通知',
			date: '2025-04-16',
			category: 'notices',
			summary: '各会员单位：协会决定开展桥梁检测。',
			...data,
		},
	};
}

describe('search records', () => {
	test('carry title, summary, URL, date, year and category of the report', () => {
		const r = searchRecordFor(
			report(),
			'各会员单位：协会决定开展桥梁检测。检测范围包括城市道路桥梁。'
		);
		expect(r).toMatchObject({
			lang: 'zh',
			url: '/reports/2025-04-16-bridge/',
			title: '关于开展城市桥梁检测专项行动的通知',
			date: '2025-04-16',
			year: '2025',
			category: 'notices',
		});
		// A summary that is the body's opening is read as part of the body, in one piece.
		expect(r.summary).toBe('');
		expect(r.lead).toBe('各会员单位：协会决定开展桥梁检测。检测范围包括城市道路桥梁。');
	});

	test('a summary cut from the body in the middle of an English word does not split it', () => {
		const r = searchRecordFor(
			report({
				lang: 'en',
				id: 'en/x',
				slug: 'x',
				data: { title: 'Standard', summary: 'Following review by its Standardization Committ…' },
			}),
			'Following review by its Standardization Committee, the standard is published.'
		);
		expect(r.lead).toBe(
			'Following review by its Standardization Committee, the standard is published.'
		);
		expect(recordHtml(r)).toContain(
			'<p>Following review by its Standardization Committee, the standard is published.</p>'
		);
	});

	test("every part of a Chinese text is indexed as grams of three characters, and each run's last two", () => {
		const r = searchRecordFor(
			report({ data: { title: '基础设施年报', summary: '' } }),
			'开展检测专项，护资金。'
		);
		expect(r.titleGrams).toEqual(['基础设', '础设施', '设施年', '施年报', '年报']);
		expect(r.textGrams).toEqual(['开展检', '展检测', '检测专', '测专项', '专项', '护资金', '资金']);
		const html = recordHtml(r);
		expect(html).toContain(
			`<p data-pagefind-weight="7">${r.titleGrams.map(indexTerm).sort().join(' ')}</p>`
		);
		expect(indexTerm('年报')).toMatch(/^zq[0-9a-z]{6}zzz$/);
		// A query is made of the same terms: its grams, a pair as the prefix of every gram starting with it.
		expect(searchTerms('础设施', 'zh')).toEqual([indexTerm('础设施')]);
		expect(searchTerms('础设', 'zh')).toEqual([gramTerm('础设')]);
		expect(indexTerm('础设施').startsWith(gramTerm('础设'))).toBe(true);
		expect(searchTerms('检测专项 BIM', 'zh')).toEqual([
			indexTerm('检测专'),
			indexTerm('测专项'),
			'bim',
		]);
	});

	test('English reports get /en/ URLs and English words', () => {
		const r = searchRecordFor(
			report({
				lang: 'en',
				id: 'en/x',
				slug: 'x',
				data: { title: 'Bridge Inspection', summary: 'A campaign.' },
			}),
			'A campaign. Inspectors will visit bridges in April. Inspectors report weekly.'
		);
		expect(r.url).toBe('/en/reports/x/');
		expect(r.lead).toBe(
			'A campaign. Inspectors will visit bridges in April. Inspectors report weekly.'
		);
		expect(r.titleGrams).toEqual([]);
		expect(recordHtml(r)).toContain('<html lang="en">');
	});

	test('a summary of its own keeps the whole body after it', () => {
		const r = searchRecordFor(report({ data: { summary: '编辑写的摘要。' } }), '正文第一句。');
		expect(r.summary).toBe('编辑写的摘要。');
		expect(r.lead).toBe('正文第一句。');
	});

	test('the rest of a long body is indexed once per distinct gram, Latin words once in the bag', () => {
		const body = `开头一句。${'协会组织专家开展桥梁检测工作。'.repeat(200)}最后提到隧道养护和BIM技术。`;
		const r = searchRecordFor(report({ data: { summary: '' } }), body);
		expect(r.lead.length).toBeLessThanOrEqual(200);
		expect(new Set(r.textGrams).size).toBe(r.textGrams.length);
		expect(r.textGrams).toContain('隧道');
		// 养护和 as one word: a query 养护 is the prefix of its gram.
		expect(r.textGrams.some((g) => g.startsWith('养护'))).toBe(true);
		expect(r.textGrams.length).toBeLessThan(50);
		expect(r.bag).toBe('bim');
	});

	test('the grams of a long text are bounded: all of the opening, then the words of the rest', () => {
		const chars = Array.from({ length: 4000 }, (_, i) => String.fromCodePoint(0x4e00 + i)).join('');
		const r = searchRecordFor(report({ data: { summary: '' } }), chars);
		expect(r.textGrams.length).toBe(GRAM_MAX);
		expect(r.textGrams[0]).toBe(chars.slice(0, 3));
		const later = searchRecordFor(
			report({ data: { summary: '' } }),
			`${'开'.repeat(OPENING_CHARS)}。后面提到隧道。`
		);
		expect(later.textGrams).toEqual(expect.arrayContaining(['后面', '提到', '隧道']));
		// Past the opening, a part spanning two words is not indexed.
		expect(later.textGrams).not.toContain('面提到');
	});

	test('.mdx reports (no rendered body) index title and summary', () => {
		const r = searchRecordFor(report({ kind: 'mdx' }), undefined);
		expect(r.lead).toBe('');
		expect(r.bag).toBe('');
		expect(r.summary).toBe('各会员单位：协会决定开展桥梁检测。');
	});

	test('the document has the title as <h1>, filters, meta and sort, and nothing else of a page', () => {
		const html = recordHtml(
			searchRecordFor(report({ data: { title: '标题 <b>&</b>' } }), '正文。')
		);
		expect(html).toContain('<html lang="zh">');
		expect(html).toContain('<h1>标题 &lt;b&gt;&amp;&lt;/b&gt;</h1>');
		expect(html).toContain('<meta data-pagefind-filter="period[content]" content="2025">');
		expect(html).toContain('<meta data-pagefind-filter="category[content]" content="notices">');
		expect(html).toContain('<meta data-pagefind-meta="date[content]" content="2025-04-16">');
		expect(html).toContain('<meta data-pagefind-meta="category[content]" content="notices">');
		expect(html).toContain('<meta data-pagefind-sort="date[content]" content="2025-04-16">');
		expect(html.split(SECTION_MARK)).toHaveLength(3);
		expect(html).not.toMatch(/<(?:nav|footer|header|a|script|img)\b/);
	});

	test('the index period is the year, or in a year with many reports its quarter', () => {
		expect(recordHtml(searchRecordFor(report(), '正文。'), '2025-q2')).toContain(
			'<meta data-pagefind-filter="period[content]" content="2025-q2">'
		);
		const dates = [
			'2025-12-31',
			'2025-10-01',
			'2025-09-30',
			'2025-04-16',
			'2025-03-31',
			'2025-01-01',
		];
		expect(periodsOf(dates)).toEqual(Array(6).fill('2025'));
		expect(periodsOf(dates, 5)).toEqual([
			'2025-q4',
			'2025-q4',
			'2025-q3',
			'2025-q2',
			'2025-q1',
			'2025-q1',
		]);
		expect(periodsOf(Array(SPLIT_YEAR_ABOVE + 1).fill('2025-05-01'))[0]).toBe('2025-q2');
		// Newest first is descending order of the strings.
		expect(['2024', '2025-q1', '2025-q4', '2023'].sort().reverse()).toEqual([
			'2025-q4',
			'2025-q1',
			'2024',
			'2023',
		]);
	});

	test('words: as the browser splits a query, with lone Han characters joined back', () => {
		expect([...words('开展专项行动', 'zh')]).toEqual(['开展', '专项', '行动']);
		expect([...words('BIM Technology, bridges', 'en')]).toEqual(['bim', 'technology', 'bridges']);
	});

	test('the word bag is bounded', () => {
		const many = Array.from({ length: 3000 }, (_, i) => `word${i}`).join(' ');
		expect(wordBag(many, 'en').length).toBeLessThanOrEqual(BAG_MAX_CHARS);
	});

	test('once no more Chinese words are wanted, the Latin words of the rest still all reach the bag', () => {
		const text = Array.from(
			{ length: 60 },
			(_, i) =>
				`第${i}项工作采用BIM技术和GB50268-2008标准，推进PPP项目${i % 7 ? '' : `与Revit${i}模型`}建设。`
		).join('');
		let asked = 0;
		const early = wordBag(text, 'zh', new Set(), () => ++asked < 3);
		const latin = [...new Set(words(text, 'zh'))].filter(
			(w) => !/\p{Script=Han}/u.test(w) && !/^[\d.,%]+$/.test(w)
		);
		expect(asked).toBe(3);
		expect(early.split(' ')).toEqual(latin);
		expect(latin).toContain('revit56');
		expect(wordBag(text, 'zh', new Set(), () => true)).toBe(early);
	});

	test('cuts end at a sentence, or between English words', () => {
		expect(cutAt('第一句。第二句很长很长很长', 6)).toBe('第一句。');
		expect(cutAt('one two three four five six', 16)).toBe('one two three');
	});
});

describe('buildSearchIndex', () => {
	let root: string;
	let content: SiteContent;
	let first: SearchIndexSummary;
	const logs: string[] = [];

	const realFetch = globalThis.fetch;
	beforeAll(async () => {
		// Pagefind's script fetches its files; here they are read from dist/ (file: URLs).
		globalThis.fetch = (async (input: string | URL | Request) => {
			const url = new URL(
				typeof input === 'string' ? input : input instanceof URL ? input.href : input.url
			);
			if (url.protocol !== 'file:') return realFetch(input);
			url.search = '';
			try {
				return new Response(await readFile(fileURLToPath(url)));
			} catch {
				return new Response('', { status: 404 });
			}
		}) as typeof fetch;
		root = mkdtempSync(join(tmpdir(), 'huibao-search-'));
		cpSync(join(PROJECT, 'content'), join(root, 'content'), { recursive: true });
		cpSync(join(PROJECT, 'public'), join(root, 'public'), { recursive: true });
		content = await load();
		first = await build();
	});
	afterAll(() => {
		globalThis.fetch = realFetch;
		delete (globalThis as { document?: unknown }).document;
		rmSync(root, { recursive: true, force: true });
	});

	const dist = () => join(root, 'dist');
	const load = async () =>
		(await loadContent({ root, includeDrafts: false, cacheDir: join(root, '.cache'), workers: 0 }))
			.content!;
	const build = (c = content) =>
		buildSearchIndex({
			root,
			dist: dist(),
			cacheDir: join(root, '.cache'),
			content: c,
			log: (line) => logs.push(line),
		});
	const list = (lang: string) =>
		JSON.parse(readFileSync(join(dist(), 'pagefind', lang, 'indexes.json'), 'utf8')) as IndexList;

	test('one index per language and year, newest first, holding only that language', () => {
		const zh = list('zh');
		const en = list('en');
		const years = (lang: string) =>
			[
				...new Set(
					content.reports.filter((r) => r.lang === lang).map((r) => r.data.date.slice(0, 4))
				),
			]
				.sort()
				.reverse();
		expect(zh.indexes.map((i) => i.year)).toEqual(years('zh'));
		expect(zh.indexes.map((i) => i.period)).toEqual(years('zh'));
		expect(en.indexes.map((i) => i.year)).toEqual(years('en'));
		expect(zh.indexes.reduce((n, i) => n + i.pages, 0)).toBe(
			content.reports.filter((r) => r.lang === 'zh').length
		);
		expect(first.rebuilt).toBe(zh.indexes.length + en.indexes.length);
		expect(logs[0]).toMatch(/^Search: \d+ of \d+ indexes built/);
		// The size in the summary (added up from the manifest) is what dist/pagefind holds.
		const files = readdirSync(join(dist(), 'pagefind'), {
			recursive: true,
			withFileTypes: true,
		}).filter((d) => d.isFile() && d.name !== 'indexes.json');
		expect(first.files).toBe(files.length);
		expect(first.bytes).toBe(
			files.reduce((n, d) => n + statSync(join(d.parentPath, d.name)).size, 0)
		);
	});

	test('each index folder has what the search page loads and nothing more', () => {
		const folder = join(dist(), 'pagefind/zh', list('zh').indexes[0]!.path);
		const names = readdirSync(folder).sort();
		expect(names).toEqual(
			expect.arrayContaining([
				'fragment',
				'index',
				'filter',
				'pagefind-entry.json',
				'pagefind.js',
				'wasm.unknown.pagefind',
			])
		);
		expect(names.some((n) => /^pagefind\.zh_\w+\.pf_meta$/.test(n))).toBe(true);
		expect(names.filter((n) => /ui|highlight|worker|playground/.test(n))).toEqual([]);
	});

	test('Chinese words from titles and bodies find their report; each language searches its own', async () => {
		const zh = await searcher('zh');
		const bridge = await zh('桥梁');
		expect(bridge.urls[0]).toBe('/reports/2025-04-16-urban-bridge-inspection-campaign/');
		expect(bridge.urls.length).toBeGreaterThan(1);
		// A word inside a longer phrase of the body.
		expect((await zh('非开挖')).urls).toContain(
			'/reports/2025-06-20-trenchless-pipe-rehab-standard-release/'
		);
		const en = await searcher('en');
		expect((await en('bridge')).urls[0]).toBe(
			'/en/reports/2025-04-16-urban-bridge-inspection-campaign/'
		);
		// The safety inspection notice has no English translation.
		expect((await en('inspection')).urls.every((u) => u.startsWith('/en/'))).toBe(true);
		expect((await zh('安全生产大检查')).urls).toContain(
			'/reports/2022-03-10-work-safety-inspection-notice/'
		);
		expect((await en('安全生产大检查')).urls).toEqual([]);
	});

	test('results carry date and category as meta and filter by category and year', async () => {
		const zh = await searcher('zh');
		const all = await zh('桥梁');
		expect(all.first?.meta).toMatchObject({ date: '2025-04-16', category: 'notices' });
		const notices = await zh('桥梁', { category: 'notices' });
		expect(notices.urls.length).toBeGreaterThan(0);
		expect(notices.urls.length).toBeLessThan(all.urls.length);
		const y2025 = await zh('桥梁', { period: '2025' });
		expect(y2025.urls.every((u) => u.includes('/2025-'))).toBe(true);
	});

	test('nothing changed: nothing is indexed again; one report edited: only its year', async () => {
		const again = await build();
		expect(again.rebuilt).toBe(0);
		const before = list('zh');
		const file = join(
			root,
			'content/reports/2025/zh/2025-04-16-urban-bridge-inspection-campaign.md'
		);
		writeFileSync(file, `${readFileSync(file, 'utf8')}\n追加说明：检测报告请于月底前报送。\n`);
		const edited = await build(await load());
		expect(edited.rebuilt).toBe(1);
		expect(edited.records).toBe(before.indexes.find((i) => i.year === '2025')!.pages);
		const after = list('zh');
		const changed = after.indexes
			.filter((i, k) => i.path !== before.indexes[k]!.path)
			.map((i) => i.year);
		expect(changed).toEqual(['2025']);
		// The old folder is gone; every listed folder is complete.
		for (const i of after.indexes)
			expect(existsSync(join(dist(), 'pagefind/zh', i.path, 'pagefind-entry.json'))).toBe(true);
		expect(readdirSync(join(dist(), 'pagefind/zh')).length).toBe(after.indexes.length + 1);
		const zh = await searcher('zh');
		expect((await zh('追加')).urls[0]).toBe(
			'/reports/2025-04-16-urban-bridge-inspection-campaign/'
		);
	});

	test('records of unchanged reports are reused from the last build of their period, never from other code', async () => {
		const store = join(root, '.cache/search/records/zh-2025.json');
		const saved = readCheckedJson(store) as {
			version: string;
			records: Record<string, { url: string; bag: string }>;
		};
		const in2025 = list('zh').indexes.find((i) => i.period === '2025')!;
		expect(Object.keys(saved.records)).toHaveLength(in2025.pages);
		// A word planted in the stored record of an unchanged report shows it was reused…
		const other = Object.values(saved.records).find((r) => !r.url.includes('bridge'))!;
		other.bag += ' reusemarker';
		writeCheckedJson(store, saved);
		const edit = (text: string) => {
			const file = join(
				root,
				'content/reports/2025/zh/2025-04-16-urban-bridge-inspection-campaign.md'
			);
			writeFileSync(file, `${readFileSync(file, 'utf8')}\n${text}\n`);
		};
		edit('再次补充。');
		expect((await build(await load())).rebuilt).toBe(1);
		expect((await (await searcher('zh'))('reusemarker')).urls).toEqual([other.url]);
		// …and records of another code version are made again.
		const again = readCheckedJson(store) as typeof saved;
		expect(JSON.stringify(again)).toContain('reusemarker');
		writeCheckedJson(store, { ...again, version: 'other' });
		edit('第三次补充。');
		await build(await load());
		expect((await (await searcher('zh'))('reusemarker')).urls).toEqual([]);
		expect(readFileSync(store, 'utf8')).not.toContain('reusemarker');
	});

	test('a dist/ wiped by a full page build gets the indexes back from the cache, without indexing', async () => {
		rmSync(dist(), { recursive: true, force: true });
		const again = await build(await load());
		expect(again.rebuilt).toBe(0);
		expect(list('zh').indexes.length).toBeGreaterThan(0);
	});

	test('a year with many reports is indexed per quarter; an edit re-indexes its quarter only', async () => {
		process.env.HUIBAO_SEARCH_SPLIT_YEAR_ABOVE = '3';
		try {
			await build(await load());
			const zh = list('zh');
			// 2023 has four reports (February, May, two in September): three quarters.
			expect(zh.indexes.filter((i) => i.year === '2023').map((i) => [i.period, i.pages])).toEqual([
				['2023-q3', 2],
				['2023-q2', 1],
				['2023-q1', 1],
			]);
			expect(zh.indexes.find((i) => i.year === '2022')).toMatchObject({ period: '2022', pages: 3 });
			const file = join(
				root,
				'content/reports/2023/zh/2023-05-12-urban-renewal-pipeline-seminar.md'
			);
			writeFileSync(file, `${readFileSync(file, 'utf8')}\n追加说明：季度索引。\n`);
			const edited = await build(await load());
			expect(edited).toMatchObject({ rebuilt: 1, records: 1 });
			const search = await searcher('zh');
			expect((await search('索引')).urls).toEqual([
				'/reports/2023-05-12-urban-renewal-pipeline-seminar/',
			]);
			const in2023 = await search('协会', { period: { any: ['2023-q1', '2023-q2', '2023-q3'] } });
			expect(in2023.urls.length).toBeGreaterThan(0);
			expect(in2023.urls.every((u) => u.includes('/2023-'))).toBe(true);
		} finally {
			delete process.env.HUIBAO_SEARCH_SPLIT_YEAR_ABOVE;
		}
	});

	/** Pagefind's browser script over the built indexes, as the search page uses it. */
	async function searcher(lang: Locale) {
		const indexes = list(lang);
		const base = (i: { path: string }) =>
			pathToFileURL(join(dist(), 'pagefind', lang, i.path)).href;
		// The script reads the page's language from <html lang>; zh queries are segmented by it.
		(globalThis as { document?: unknown }).document = {
			currentScript: null,
			querySelector: () => ({ getAttribute: () => locales[lang].lang }),
		};
		const pagefind = (await import(`${base(indexes.indexes[0]!)}pagefind.js?${Date.now()}`)) as {
			options(o: object): Promise<void>;
			init(): Promise<void>;
			mergeIndex(p: string, o?: object): Promise<void>;
			filters(): Promise<unknown>;
			search(
				q: string,
				o?: object
			): Promise<{ results: { data(): Promise<{ url: string; meta: Record<string, string> }> }[] }>;
			destroy(): Promise<void>;
		};
		await pagefind.options({ basePath: base(indexes.indexes[0]!), baseUrl: '/', noWorker: true });
		await pagefind.init();
		for (const i of indexes.indexes.slice(1)) await pagefind.mergeIndex(base(i), { baseUrl: '/' });
		await pagefind.filters();
		// Asked as the search page asks: the query's terms (grams.ts), each required.
		return async (q: string, filters?: Record<string, string | { any: string[] }>) => {
			const { results } = await pagefind.search(
				searchTerms(q, lang).join(' '),
				filters ? { filters } : {}
			);
			const data = await Promise.all(results.map((r) => r.data()));
			return { urls: data.map((d) => d.url), first: data[0] };
		};
	}

	test('a site without English reports: an edit adjusts the build stamp, it does not recount dist/', async () => {
		const zhOnly = await load();
		zhOnly.reports = zhOnly.reports.filter((r) => r.lang === 'zh');
		await build(zhOnly);
		expect(existsSync(join(dist(), 'pagefind/en'))).toBe(false);
		const update = DistUpdate.begin(dist(), false);
		try {
			await buildSearchIndex({
				root,
				dist: dist(),
				update,
				cacheDir: join(root, '.cache'),
				content: zhOnly,
				log: () => {},
			});
			// No English index to remove is not a dist/ changed behind the build's back.
			expect(update.drifted).toBe(false);
		} finally {
			update.abort();
		}
		await build(await load());
		expect(list('en').indexes.length).toBeGreaterThan(0);
	});
});
