/**
 * Content fuzz suite: hostile and accidental content, run through the real validateSite() (the
 * first step of `npm run check` and `npm run build`).
 *
 * For every case, either validation returns exactly the expected `file: field: problem` lines —
 * all at once, no exception, no stack trace — or the content is accepted and renders safely.
 * In no case is anything outside the project read (a symbolic link's target holds a sentinel
 * that must never show up) and nothing is executed (a code payload would leave a mark).
 *
 * A representative subset is built into a real site in contentFuzzBuild.test.ts.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, test } from 'vitest';
import { contentProject, report } from '../helpers/contentProject.ts';
import { unsafeMarkup } from '../helpers/safeHtml.ts';

const R = 'content/reports/2024/zh';
const SETTINGS = 'content/settings.yml';
const CATEGORIES = 'content/categories.yml';

/** Outside the project: files a symbolic link may point at. Their text must never be read. */
const SECRET = 'OUTSIDE-SECRET-7f3a';
const outside = mkdtempSync(join(tmpdir(), 'huibao-outside-'));
const outsideFile = (path: string, text: string) => {
	mkdirSync(dirname(join(outside, path)), { recursive: true });
	writeFileSync(join(outside, path), text);
	return join(outside, path);
};
const secretReport = outsideFile('secret.md', report('', `${SECRET} 正文。`, SECRET));
const secretDir = dirname(outsideFile('zh/secret.md', report('', SECRET, SECRET)));
const secretYaml = outsideFile('settings.yml', `name: ${SECRET}\n`);
afterAll(() => rmSync(outside, { recursive: true, force: true }));

const g = globalThis as { __huibaoRan?: string[] };
const payload = (tag: string) =>
	`{ title: (globalThis.__huibaoRan = [...(globalThis.__huibaoRan ?? []), '${tag}'], '标题'), date: '2024-03-15', category: 'news' }`;

interface Accepted {
	title?: string;
	date?: string;
	tags?: string[];
	/** Strings the rendered body must contain. */
	html?: string[];
	/** Same data and HTML as this LF, BOM-less text. */
	sameAs?: string;
}

interface Case {
	name: string;
	files?: Record<string, string | Uint8Array>;
	/** Symbolic links to make: path in the project → target. */
	links?: Record<string, string>;
	/** Exact problem lines (strings) or patterns, in sorted order; empty when the content is accepted. */
	problems: (string | RegExp)[];
	/** For an accepted report (the only one, at content/reports/2024/zh/a.md unless `file` says otherwise). */
	accepted?: Accepted;
	file?: string;
}

const A = `${R}/a.md`;
const one = (text: string | Uint8Array) => ({ [A]: text });
const ok = report();
const crlf = (text: string) => text.replace(/\n/g, '\r\n');
const settings = (extra: string) =>
	`name: { zh: 协会, en: Association }\ndescription: { zh: 简介, en: About }\nurl: https://www.example.org.cn\n${extra}`;
const utf8 = (text: string) => Buffer.from(text, 'utf8');

const ENCODINGS: Case[] = [
	{
		name: 'UTF-8 with a byte-order mark',
		files: one(`\uFEFF${ok}`),
		problems: [],
		accepted: { sameAs: ok },
	},
	{
		name: 'CRLF line ends (a Windows checkout)',
		files: one(crlf(report('tags:\n  - 甲\n', '# 标题\n\n正文。\n\n- 一\n- 二'))),
		problems: [],
		accepted: { sameAs: report('tags:\n  - 甲\n', '# 标题\n\n正文。\n\n- 一\n- 二') },
	},
	{
		name: 'CRLF with a byte-order mark',
		files: one(`\uFEFF${crlf(report('draft: false\ncover: /uploads/2024/a.png\n'))}`),
		problems: [],
		accepted: { sameAs: report('draft: false\ncover: /uploads/2024/a.png\n') },
	},
	{
		name: 'CR-only line ends (old Mac)',
		files: one(report('source: 秘书处\n', '第一段。\n\n第二段。').replace(/\n/g, '\r')),
		problems: [],
		accepted: { sameAs: report('source: 秘书处\n', '第一段。\n\n第二段。') },
	},
	{
		name: 'mixed LF, CRLF and CR',
		files: one(
			'---\r\ntitle: 标题\ndate: 2024-03-15\rcategory: news\r\n---\n第一段。\r\n\r\n第二段。\n'
		),
		problems: [],
		accepted: { sameAs: report('', '第一段。\n\n第二段。') },
	},
	{
		name: 'UTF-16 LE with a byte-order mark',
		files: one(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(ok, 'utf16le')])),
		problems: [`${A}: encoding: saved as UTF-16, not UTF-8; save the file as UTF-8`],
	},
	{
		name: 'UTF-16 BE with a byte-order mark',
		files: one(Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(ok, 'utf16le').swap16()])),
		problems: [`${A}: encoding: saved as UTF-16, not UTF-8; save the file as UTF-8`],
	},
	{
		name: 'UTF-16 LE without a byte-order mark',
		files: one(Buffer.from(ok, 'utf16le')),
		problems: [`${A}: encoding: saved as UTF-16, not UTF-8; save the file as UTF-8`],
	},
	{
		name: 'GBK (an old Windows editor)',
		files: one(iconv.encode(ok, 'gbk')),
		problems: [`${A}: encoding: not valid UTF-8 (byte 0xB1 at offset 11); save the file as UTF-8`],
	},
	{
		name: 'an invalid byte in the body',
		files: one(Buffer.concat([utf8(ok.slice(0, -3)), Buffer.from([0xff]), utf8('\n')])),
		problems: [
			`${A}: encoding: not valid UTF-8 (byte 0xFF at offset ${utf8(ok.slice(0, -3)).length}); save the file as UTF-8`,
		],
	},
	{
		name: 'an overlong UTF-8 form',
		files: one(Buffer.concat([utf8('---\ntitle: '), Buffer.from([0xc0, 0xaf]), utf8('\n---\n')])),
		problems: [`${A}: encoding: not valid UTF-8 (byte 0xC0 at offset 11); save the file as UTF-8`],
	},
	{
		name: 'a UTF-16 surrogate written as UTF-8 (CESU-8)',
		files: one(
			Buffer.concat([utf8('---\ntitle: '), Buffer.from([0xed, 0xa0, 0x80]), utf8('\n---\n')])
		),
		problems: [`${A}: encoding: not valid UTF-8 (byte 0xED at offset 11); save the file as UTF-8`],
	},
	{
		name: 'a truncated character at the end',
		files: one(Buffer.concat([utf8(ok), Buffer.from([0xe6, 0xad])])),
		problems: [
			`${A}: encoding: not valid UTF-8 (byte 0xE6 at offset ${utf8(ok).length}); save the file as UTF-8`,
		],
	},
	{
		name: 'settings.yml in GBK',
		files: { [SETTINGS]: iconv.encode(settings(''), 'gbk') },
		problems: [
			`${SETTINGS}: encoding: not valid UTF-8 (byte 0xBB at offset 14); save the file as UTF-8`,
		],
	},
	{
		name: 'settings.yml with CRLF and a byte-order mark',
		files: {
			[SETTINGS]: `\uFEFF${crlf(settings('timezone: Asia/Shanghai\nfooter:\n  zh:\n    - 主办单位\n'))}`,
			[A]: ok,
		},
		problems: [],
		accepted: { sameAs: ok },
	},
];

const CONTROL: Case[] = [
	{
		name: 'NUL in a title (YAML escape)',
		files: one(report('', '正文。', '"标\\0题"')),
		problems: [`${A}: title: contains a control character (U+0000) at character 2; remove it`],
	},
	{
		name: 'NUL byte in a title',
		files: one(report('', '正文。', '标\u0000题')),
		problems: [`${A}: title: contains a control character (U+0000) at character 2; remove it`],
	},
	{
		name: 'ESC in a title',
		files: one(report('', '正文。', '"\\e[31m标题"')),
		problems: [`${A}: title: contains a control character (U+001B) at character 1; remove it`],
	},
	{
		name: 'U+0085 (NEL) in a tag',
		files: one(report('tags:\n  - 甲\n  - "乙\\N丙"\n')),
		problems: [`${A}: tags.1: contains a control character (U+0085) at character 2; remove it`],
	},
	{
		name: 'U+2028 in a title',
		files: one(report('', '正文。', '"标\\L题"')),
		problems: [`${A}: title: contains a line separator (U+2028) at character 2; remove it`],
	},
	{
		name: 'U+202E (right-to-left override) in a title',
		files: one(report('', '正文。', '通知\u202Egnp.exe')),
		problems: [
			`${A}: title: contains an invisible direction control (U+202E) at character 3; remove it`,
		],
	},
	{
		name: 'U+2066 (isolate) in a tag',
		files: one(report('tags:\n  - "\u2066甲"\n')),
		problems: [
			`${A}: tags.0: contains an invisible direction control (U+2066) at character 1; remove it`,
		],
	},
	{
		name: 'U+202E in a slug',
		files: { [`${R}/a\u202Eb.md`]: ok },
		problems: [
			/^content\/reports\/2024\/zh\/a\u202Eb\.md: file name: "a\u202Eb" is not a valid slug/,
		],
	},
	{
		name: 'half a surrogate pair in a summary',
		files: one(report('summary: "摘\\uD800要"\n')),
		problems: [`${A}: summary: contains half a surrogate pair (U+D800) at character 2; remove it`],
	},
	{
		name: 'U+FFFF in an attachment title',
		files: one(report('attachments:\n  - title: "表\\uFFFF"\n    file: /uploads/2024/a.pdf\n')),
		problems: [
			`${A}: attachments.0.title: contains a non-character (U+FFFF) at character 2; remove it`,
		],
	},
	{
		name: 'a form feed in the body',
		files: one(report('', '第一段。\n\n第二\f段。')),
		problems: [`${A}: body: contains a control character (U+000C) at line 8, column 3; remove it`],
	},
	{
		name: 'NUL in the body',
		files: one(report('', '正文\u0000。')),
		problems: [`${A}: body: contains a control character (U+0000) at line 6, column 3; remove it`],
	},
	{
		name: 'U+2028 and bidi controls in the body render as they are',
		files: one(report('', '甲\u2028乙 \u202Bשלום\u202C 丙')),
		problems: [],
		accepted: { html: ['甲\u2028乙 \u202Bשלום\u202C 丙'] },
	},
	{
		name: 'a control character in settings.yml',
		files: { [SETTINGS]: settings('address: { zh: "地址\\x07" }\n') },
		problems: [
			`${SETTINGS}: address.zh: contains a control character (U+0007) at character 3; remove it`,
		],
	},
	{
		name: 'a direction control in a category name',
		files: {
			[CATEGORIES]:
				'categories:\n  - slug: news\n    name: { zh: 动态\u202E, en: News }\n    order: 1\n',
		},
		problems: [
			`${CATEGORIES}: categories.0.name.zh: contains an invisible direction control (U+202E) at character 3; remove it`,
		],
	},
];

/** A "billion laughs": 9^7 strings from a few lines. */
const aliasBomb = [
	'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
	...'bcdefg'
		.split('')
		.map((c, i) => `${c}: &${c} [${Array(9).fill(`*${'abcdefg'[i]}`).join(',')}]`),
].join('\n');

const YAML: Case[] = [
	{
		name: 'anchors and aliases (ordinary use)',
		files: one(
			'---\ntitle: 标题\ndate: 2024-03-15\ncategory: news\ntags: &t\n  - 甲\n  - 乙\nsummary: &s 摘要\n---\n正文。\n'
		),
		problems: [],
		accepted: { tags: ['甲', '乙'] },
	},
	{
		name: 'an alias bomb ("billion laughs")',
		files: one(`---\n${aliasBomb}\ntitle: 标题\ndate: 2024-03-15\ncategory: news\n---\n正文。\n`),
		problems: [`${A}: front matter: YAML error: too many aliases (*name): at most 100 may be used`],
	},
	{
		name: 'an alias bomb in settings.yml',
		files: { [SETTINGS]: `${settings('')}${aliasBomb}\n` },
		problems: [`${SETTINGS}: YAML: YAML error: too many aliases (*name): at most 100 may be used`],
	},
	{
		name: 'a merge key <<',
		files: one(
			'---\nbase: &b\n  title: 标题\n<<: *b\ndate: 2024-03-15\ncategory: news\n---\n正文。\n'
		),
		problems: [
			`${A}: <<: unknown field (check the spelling)`,
			`${A}: base: unknown field (check the spelling)`,
			`${A}: title: is required`,
		],
	},
	{
		name: 'a !!js/function tag',
		files: one(
			report('summary: !!js/function "function () { globalThis.__huibaoRan = [\'yaml\'] }"\n')
		),
		problems: [
			`${A}: front matter: YAML error at line 5, column 10: the YAML tag !!js/function is not allowed: write plain text, numbers, true/false or lists`,
		],
	},
	{
		name: 'a !!js/undefined tag',
		files: one(report('source: !!js/undefined\n')),
		problems: [
			`${A}: front matter: YAML error at line 5, column 9: the YAML tag !!js/undefined is not allowed: write plain text, numbers, true/false or lists`,
		],
	},
	{
		name: 'a !!binary tag',
		files: one(report('summary: !!binary 5pGY6KaB\n')),
		problems: [
			`${A}: front matter: YAML error at line 5, column 10: the YAML tag !!binary is not allowed: write plain text, numbers, true/false or lists`,
		],
	},
	{
		name: 'a !!python/object tag',
		files: one(report('source: !!python/object:os.system ["echo pwned"]\n')),
		problems: [
			`${A}: front matter: YAML error at line 5, column 9: the YAML tag !!python/object:os.system is not allowed: write plain text, numbers, true/false or lists`,
		],
	},
	{
		name: 'a !!timestamp tag (YAML 1.1 would roll 2024-02-30 over to March)',
		files: one(report().replace('date: 2024-03-15', 'date: !!timestamp 2024-02-30')),
		problems: [
			`${A}: front matter: YAML error at line 3, column 7: the YAML tag !!timestamp is not allowed: write plain text, numbers, true/false or lists`,
		],
	},
	{
		name: 'a !!set tag in settings.yml',
		files: { [SETTINGS]: settings('footer: !!set { a, b }\n') },
		problems: [
			`${SETTINGS}: YAML: YAML error at line 4, column 9: the YAML tag !!set is not allowed: write plain text, numbers, true/false or lists`,
		],
	},
	{
		name: 'a local !tag',
		files: one(report('source: !secret 秘书处\n')),
		problems: [
			`${A}: front matter: YAML error at line 5, column 9: the YAML tag !secret is not allowed: write plain text, numbers, true/false or lists`,
		],
	},
	{
		name: 'duplicate keys',
		files: one(report('title: 第二个标题\n')),
		problems: [`${A}: front matter: YAML error at line 5, column 1: Map keys must be unique`],
	},
	{
		name: 'a second YAML document after "..."',
		files: one(
			'---\ntitle: 标题\ndate: 2024-03-15\ncategory: news\n...\ndraft: true\n---\n正文。\n'
		),
		problems: [
			`${A}: front matter: YAML error at line 6: more than one YAML document (a "..." or "---" line in the middle); keep one`,
		],
	},
	{
		name: 'a second document in settings.yml',
		files: { [SETTINGS]: `${settings('')}---\nurl: javascript:alert(1)\n` },
		problems: [
			`${SETTINGS}: YAML: YAML error at line 4: more than one YAML document (a "..." or "---" line in the middle); keep one`,
		],
	},
	{
		name: 'text after the front matter that looks like another document',
		files: one(`${ok}---\ntitle: 不是标题\n---\n`),
		problems: [],
		accepted: { title: '标题', html: ['不是标题'] },
	},
	{
		name: 'a very long title',
		files: one(report('', '正文。', '长'.repeat(100_000))),
		problems: [`${A}: title: title must be at most 200 characters`],
	},
	{
		name: 'a very long body (2 MB)',
		files: one(report('', '很长的正文。'.repeat(120_000))),
		problems: [],
		accepted: {},
	},
	{
		name: 'deeply nested flow collections',
		files: one(report(`extra: ${'['.repeat(20_000)}${']'.repeat(20_000)}\n`)),
		problems: [
			/^content\/reports\/2024\/zh\/a\.md: front matter: YAML error at line 5, column \d+: Maximum call stack size exceeded$/,
		],
	},
	{
		name: 'deeply nested block mappings',
		files: one(
			report(
				`extra:\n${Array.from({ length: 300 }, (_, i) => `${' '.repeat(i + 1)}k${i}:`).join('\n')} x\n`
			)
		),
		problems: [`${A}: extra: unknown field (check the spelling)`],
	},
	{
		name: 'a front matter that is a list',
		files: one('---\n- 标题\n- 2024-03-15\n---\n正文。\n'),
		problems: [`${A}: front matter: must be a list of "field: value" lines`],
	},
];

const ENGINES: Case[] = [
	'---js',
	'---javascript',
	'---coffee',
	'---coffeescript',
	'---json',
	'--- js',
	'---JavaScript',
	'---toml',
].map((opener) => ({
	name: `"${opener}" front matter`,
	files: one(`${opener}\n${payload(opener)}\n---\n正文。\n`),
	problems: [
		`${A}: front matter: "---${opener.slice(3).trim()}" is not allowed: front matter is YAML data, opened by a line of exactly ---`,
	],
}));

const SYMLINKS: Case[] = [
	{
		name: 'a report that links to a file outside the project',
		links: { [`${R}/leak.md`]: secretReport },
		problems: [
			`${R}/leak.md: file: is a symbolic link (to ${secretReport}): content must be ordinary files and folders inside the project, so it is not read`,
		],
	},
	{
		name: 'a language folder that links outside the project',
		links: { 'content/reports/2024/en': secretDir },
		files: one(ok),
		problems: [
			`content/reports/2024/en: file: is a symbolic link (to ${secretDir}): content must be ordinary files and folders inside the project, so it is not read`,
		],
	},
	{
		name: 'content/reports itself a link outside the project',
		links: { 'content/reports': outside },
		problems: [
			`content/reports: file: is a symbolic link (to ${outside}): content must be ordinary files and folders inside the project, so it is not read`,
		],
	},
	{
		name: 'content/ itself a link outside the project',
		links: { content: outside },
		problems: [
			`content: file: is a symbolic link (to ${outside}): content must be ordinary files and folders inside the project, so it is not read`,
			`${CATEGORIES}: file: is inside content/, a symbolic link (to ${outside}): content must be ordinary files and folders inside the project, so it is not read`,
			`${SETTINGS}: file: is inside content/, a symbolic link (to ${outside}): content must be ordinary files and folders inside the project, so it is not read`,
		],
	},
	{
		name: 'settings.yml that links outside the project',
		links: { [SETTINGS]: secretYaml },
		files: one(ok),
		problems: [
			`${SETTINGS}: file: is a symbolic link (to ${secretYaml}): content must be ordinary files and folders inside the project, so it is not read`,
		],
	},
	{
		name: 'a report that links to another report inside the project',
		files: one(ok),
		links: { [`${R}/b.md`]: 'a.md' },
		problems: [
			`${R}/b.md: file: is a symbolic link (to a.md): content must be ordinary files and folders inside the project, so it is not read`,
		],
	},
	{
		name: 'a cover image that links outside the project',
		files: one(report('cover: /uploads/2024/leak.png\n')),
		links: { 'public/uploads/2024/leak.png': secretReport },
		problems: [
			`${A}: cover: file not found: public/uploads/2024/leak.png`,
			`public/uploads/2024/leak.png: file: is a symbolic link (to ${secretReport}): content must be ordinary files and folders inside the project, so it is not read`,
		],
	},
	{
		name: 'an uploads folder that links outside the project',
		files: one(report('', '![图](/uploads/x/secret.md)')),
		links: { 'public/uploads/x': outside },
		problems: [
			`${A}: body: image not found: /uploads/x/secret.md (no file public/uploads/x/secret.md)`,
			`public/uploads/x: file: is a symbolic link (to ${outside}): content must be ordinary files and folders inside the project, so it is not read`,
		],
	},
];

const DATES: Case[] = [
	{
		name: '2024-02-30',
		files: one(report().replace('2024-03-15', '2024-02-30')),
		problems: [`${A}: date: must be a real date written YYYY-MM-DD, got "2024-02-30"`],
	},
	{
		name: '2023-02-29',
		files: one(report().replace('2024-03-15', '2023-02-29')),
		problems: [`${A}: date: must be a real date written YYYY-MM-DD, got "2023-02-29"`],
	},
	{
		name: '2024-02-29 (a leap day)',
		files: one(report().replace('2024-03-15', '2024-02-29')),
		problems: [],
		accepted: { date: '2024-02-29' },
	},
	{
		name: '0000-01-01',
		files: one(report().replace('2024-03-15', '0000-01-01')),
		problems: [`${A}: date: must be a real date written YYYY-MM-DD, got "0000-01-01"`],
	},
	{
		name: '10000-01-01',
		files: one(report().replace('2024-03-15', '10000-01-01')),
		problems: [`${A}: date: must be a real date written YYYY-MM-DD, got "10000-01-01"`],
	},
	{
		name: '2024-13-01',
		files: one(report().replace('2024-03-15', '2024-13-01')),
		problems: [`${A}: date: must be a real date written YYYY-MM-DD, got "2024-13-01"`],
	},
	{
		name: 'a date with a time, read in the site zone (Asia/Shanghai)',
		files: one(report().replace('2024-03-15', '2024-03-14T16:30:00Z')),
		problems: [],
		accepted: { date: '2024-03-15' },
	},
	{
		name: 'a date with a time and an offset',
		files: one(report().replace('2024-03-15', '2024-03-15T23:30:00-08:00')),
		problems: [],
		accepted: { date: '2024-03-16' },
	},
	{
		name: 'a date with a time and no zone',
		files: one(report().replace('2024-03-15', '"2024-03-15 09:00"')),
		problems: [],
		accepted: { date: '2024-03-15' },
	},
	{
		name: 'a date in another site time zone',
		files: {
			[SETTINGS]: settings('timezone: America/Los_Angeles\n'),
			[A]: report().replace('2024-03-15', '2024-03-15T06:00:00Z'),
		},
		problems: [],
		accepted: { date: '2024-03-14' },
	},
	{
		name: 'an impossible time',
		files: one(report().replace('2024-03-15', '2024-03-15T25:00:00Z')),
		problems: [`${A}: date: must be a real date written YYYY-MM-DD, got "2024-03-15T25:00:00Z"`],
	},
	{
		name: 'a number',
		files: one(report().replace('2024-03-15', '20240315')),
		problems: [`${A}: date: must be a date written YYYY-MM-DD`],
	},
];

const SLUGS: Case[] = [
	{
		name: 'upper case',
		files: { [`${R}/Annual-Report.md`]: ok },
		problems: [
			/^content\/reports\/2024\/zh\/Annual-Report\.md: file name: "Annual-Report" is not a valid slug/,
		],
	},
	{
		name: 'a space',
		files: { [`${R}/annual report.md`]: ok },
		problems: [
			/^content\/reports\/2024\/zh\/annual report\.md: file name: "annual report" is not a valid slug/,
		],
	},
	{
		name: '".."',
		files: { [`${R}/a..b.md`]: ok },
		problems: [/^content\/reports\/2024\/zh\/a\.\.b\.md: file name: "a\.\.b" is not a valid slug/],
	},
	{
		name: 'a Cyrillic "а" that looks Latin',
		files: { [`${R}/\u0430nnual.md`]: ok },
		problems: [
			/^content\/reports\/2024\/zh\/\u0430nnual\.md: file name: "\u0430nnual" is not a valid slug/,
		],
	},
	{
		name: 'full-width letters',
		files: { [`${R}/ａｂ.md`]: ok },
		problems: [/^content\/reports\/2024\/zh\/ａｂ\.md: file name: "ａｂ" is not a valid slug/],
	},
	{
		name: 'a Kangxi radical that looks like 日',
		files: { [`${R}/\u2F47报.md`]: ok },
		problems: [
			`${R}/\u2F47报.md: file name: "\u2F47报" contains "\u2F47" (U+2F47), a look-alike of "日": write the slug as "日报"`,
		],
	},
	{
		name: 'a CJK compatibility ideograph',
		files: { [`${R}/\uF900通知.md`]: ok },
		problems: [
			`${R}/\uF900通知.md: file name: "\uF900通知" contains "\uF900" (U+F900), a look-alike of "豈": write the slug as "豈通知"`,
		],
	},
	{
		name: 'over-long (181 bytes)',
		files: { [`${R}/${'a'.repeat(181)}.md`]: ok },
		problems: [`${R}/${'a'.repeat(181)}.md: file name: slug is too long (at most 180 bytes)`],
	},
	{
		name: 'the reserved name "con"',
		files: { [`${R}/con.md`]: ok },
		problems: [
			`${R}/con.md: file name: "con" is a reserved file name on Windows (like con, nul, com1): choose another slug`,
		],
	},
	{
		name: 'the reserved name "nul.2024"',
		files: { [`${R}/nul.2024.md`]: ok },
		problems: [
			`${R}/nul.2024.md: file name: "nul.2024" is a reserved file name on Windows (like con, nul, com1): choose another slug`,
		],
	},
	{
		name: 'a slug that differs only by case from another',
		files: { [`${R}/report.md`]: ok, [`${R}/Report.md`]: ok },
		problems: [/^content\/reports\/2024\/zh\/Report\.md: file name: "Report" is not a valid slug/],
		accepted: {},
		file: `${R}/report.md`,
	},
	{
		name: 'the same slug as .md and .mdx',
		files: { [`${R}/dup.md`]: ok, [`${R}/dup.mdx`]: ok },
		problems: [`${R}/dup.mdx: file name: duplicate slug "dup" in zh/: ${R}/dup.md has it too`],
	},
	{
		name: 'a capitalised extension',
		files: { [`${R}/a.MD`]: ok },
		problems: [`${R}/a.MD: file name: reports must be .md (or .mdx) files`],
	},
	{
		name: 'Chinese characters and digits',
		files: { [`${R}/2024-年度报告.md`]: ok },
		problems: [],
		accepted: {},
		file: `${R}/2024-年度报告.md`,
	},
];

const SETTING_CASES: Case[] = [
	{
		name: 'a javascript: social link',
		files: {
			[SETTINGS]: settings(
				'social:\n  - name: { zh: 微信, en: WeChat }\n    url: javascript:alert(1)\n'
			),
		},
		problems: [
			`${SETTINGS}: social.0.url: must be a web address (https://…), or a mailto: or tel: link`,
		],
	},
	{
		name: 'an upper-case JAVASCRIPT: social link',
		files: {
			[SETTINGS]: settings(
				'social:\n  - name: { zh: 微信, en: WeChat }\n    url: " JAVASCRIPT:alert(1)"\n'
			),
		},
		problems: [
			`${SETTINGS}: social.0.url: must be a web address (https://…), or a mailto: or tel: link`,
		],
	},
	{
		name: 'a data: social link',
		files: {
			[SETTINGS]: settings(
				'social:\n  - name: { zh: 微信, en: WeChat }\n    url: "data:text/html,<script>alert(1)</script>"\n'
			),
		},
		problems: [
			`${SETTINGS}: social.0.url: must be a web address (https://…), or a mailto: or tel: link`,
		],
	},
	{
		name: 'a vbscript: social link',
		files: {
			[SETTINGS]: settings(
				'social:\n  - name: { zh: 微信, en: WeChat }\n    url: vbscript:msgbox(1)\n'
			),
		},
		problems: [
			`${SETTINGS}: social.0.url: must be a web address (https://…), or a mailto: or tel: link`,
		],
	},
	{
		name: 'https, mailto: and tel: social links',
		files: {
			[SETTINGS]: settings(
				'social:\n  - name: { zh: 微博, en: Weibo }\n    url: https://weibo.com/x\n  - name: { zh: 邮件, en: Mail }\n    url: mailto:office@example.org.cn\n  - name: { zh: 电话, en: Phone }\n    url: tel:+862788886666\n'
			),
			[A]: ok,
		},
		problems: [],
		accepted: {},
	},
	{
		name: 'a QR code on another host (//)',
		files: {
			[SETTINGS]: settings(
				'social:\n  - name: { zh: 微信, en: WeChat }\n    qr: //evil.example/qr.png\n'
			),
		},
		problems: [
			`${SETTINGS}: social.0.qr: must be a path under public/ starting with "/", like "/uploads/2024/file.pdf"`,
		],
	},
	{
		name: 'a QR code path escaping public/ with %2e%2e',
		files: {
			[SETTINGS]: settings(
				'social:\n  - name: { zh: 微信, en: WeChat }\n    qr: /%2e%2e/%2e%2e/etc/passwd\n'
			),
		},
		problems: [
			`${SETTINGS}: social.0.qr: must stay inside public/ (no ".."): a path under public/, like "/uploads/2024/file.pdf"`,
		],
	},
	{
		name: 'an ftp: site address',
		files: {
			[SETTINGS]: settings('').replace('https://www.example.org.cn', 'ftp://www.example.org.cn'),
		},
		problems: [`${SETTINGS}: url: must be the site address, like https://www.example.org.cn`],
	},
	{
		name: 'a javascript: site address',
		files: {
			[SETTINGS]: settings('').replace('https://www.example.org.cn', 'javascript:alert(1)'),
		},
		problems: [`${SETTINGS}: url: must be the site address, like https://www.example.org.cn`],
	},
	{
		name: 'an unknown time zone',
		files: {
			[SETTINGS]: settings('timezone: Mars/Olympus\n'),
			[A]: report().replace('2024-03-15', '2024-03-15T10:00:00Z'),
		},
		problems: [
			`${SETTINGS}: timezone: unknown time zone "Mars/Olympus": use a name like Asia/Shanghai`,
		],
	},
	{
		name: 'a time zone that is a number',
		files: { [SETTINGS]: settings('timezone: 8\n') },
		problems: [`${SETTINGS}: timezone: expected string, received number`],
	},
	{
		name: 'missing fields',
		files: { [SETTINGS]: 'name: { zh: 协会 }\n' },
		problems: [
			`${SETTINGS}: description: is required`,
			`${SETTINGS}: name.en: is required`,
			`${SETTINGS}: url: is required`,
		],
	},
	{
		name: 'wrong types',
		files: {
			[SETTINGS]: settings('footer: 一行\nsocial: 微信\nemail: [a, b]\n').replace(
				'name: { zh: 协会, en: Association }',
				'name: [协, 会]'
			),
		},
		problems: [
			`${SETTINGS}: email: expected string, received array`,
			`${SETTINGS}: footer: give one value per language: footer: { zh: …, en: … }`,
			`${SETTINGS}: name: give one value per language: name: { zh: …, en: … }`,
			`${SETTINGS}: social: expected array, received string`,
		],
	},
	{
		name: 'an empty settings.yml',
		files: { [SETTINGS]: '' },
		problems: [
			`${SETTINGS}: description: is required`,
			`${SETTINGS}: name: is required`,
			`${SETTINGS}: url: is required`,
		],
	},
	{
		name: 'settings.yml that is a list',
		files: { [SETTINGS]: '- a\n- b\n' },
		problems: [`${SETTINGS}: front matter: expected object, received array`],
	},
	{
		name: 'a category order that is text',
		files: {
			[CATEGORIES]:
				'categories:\n  - slug: news\n    name: { zh: 动态, en: News }\n    order: "1"\n',
		},
		problems: [`${CATEGORIES}: categories.0.order: expected number, received string`],
	},
];

const URLS: Case[] = [
	{
		name: 'a cover on another host (//)',
		files: one(report('cover: //evil.example/a.png\n')),
		problems: [
			`${A}: cover: must be a path under public/ starting with "/", like "/uploads/2024/file.pdf"`,
		],
	},
	{
		name: 'a cover that escapes public/ with %2e%2e',
		files: one(report('cover: /%2e%2e/%2e%2e/%2e%2e/etc/hostname\n')),
		problems: [
			`${A}: cover: must stay inside public/ (no ".."): a path under public/, like "/uploads/2024/file.pdf"`,
		],
	},
	{
		name: 'a cover with a malformed % escape',
		files: one(report('cover: /uploads/%zz.png\n')),
		problems: [
			`${A}: cover: malformed % escape: a path under public/, like "/uploads/2024/file.pdf"`,
		],
	},
	{
		name: 'an attachment with an encoded backslash',
		files: one(report('attachments:\n  - title: 表\n    file: /uploads/..%5c..%5cetc/passwd\n')),
		problems: [
			`${A}: attachments.0.file: must stay inside public/ (no ".."): a path under public/, like "/uploads/2024/file.pdf"`,
		],
	},
	{
		name: 'a javascript: attachment',
		files: one(report('attachments:\n  - title: 表\n    file: "javascript:alert(1)"\n')),
		problems: [
			`${A}: attachments.0.file: must be a path under public/ starting with "/", like "/uploads/2024/file.pdf"`,
		],
	},
	{
		name: 'a link with a malformed % escape',
		files: one(report('', '[旧文](/reports/%E0%A4%A/)')),
		problems: [`${A}: body: broken link: /reports/%E0%A4%25A/ (malformed % escape)`],
	},
	{
		name: 'an image with a malformed % escape',
		files: one(report('', '![图](/uploads/%E4%B8.png)')),
		problems: [`${A}: body: broken link: /uploads/%E4%B8.png (malformed % escape)`],
	},
	{
		name: 'an image that escapes public/ with %2e%2e',
		files: one(report('', '![图](/%2e%2e/%2e%2e/%2e%2e/etc/hostname)')),
		problems: [
			`${A}: body: image not found: /%2e%2e/%2e%2e/%2e%2e/etc/hostname (no file public/%2e%2e/%2e%2e/%2e%2e/etc/hostname)`,
		],
	},
	{
		name: 'a link to a file through ..',
		files: one(report('', '[密](/uploads/../../../../etc/hostname.txt)')),
		problems: [
			`${A}: body: broken link: /uploads/../../../../etc/hostname.txt (no file public/uploads/../../../../etc/hostname.txt)`,
		],
	},
	{
		name: 'an encoded Chinese file name',
		files: {
			[A]: report('attachments:\n  - title: 表\n    file: /uploads/2024/%E8%A1%A8.pdf\n'),
			'public/uploads/2024/表.pdf': '%PDF',
		},
		problems: [],
		accepted: {},
	},
];

const HIDDEN: Case[] = [
	...[
		'style',
		'script',
		'textarea',
		'title',
		'xmp',
		'noscript',
		'iframe',
		'noembed',
		'plaintext',
		'template',
	].map((tag): Case => ({
		name: `a stray <${tag}>`,
		files: one(report('', `前文。\n\n<${tag}>\n\n后文一。\n\n**后文二**。`)),
		problems: [
			`${A}: body: line 8: <${tag}> is not allowed in a report: the page would not show what follows it as written; remove it, or put it in backticks to show it as text`,
		],
	})),
	{
		name: 'a <style> inside a sentence',
		files: one(report('', '第一段。\n\n前文 <STYLE type="x"> 后文。\n\n后文二。')),
		problems: [
			`${A}: body: line 8: <style> is not allowed in a report: the page would not show what follows it as written; remove it, or put it in backticks to show it as text`,
		],
	},
	{
		name: 'a closed <script>…</script>',
		files: one(report('', '前文。\n\n<script>alert(1)</script>\n\n后文。')),
		problems: [
			`${A}: body: line 8: <script> is not allowed in a report: the page would not show what follows it as written; remove it, or put it in backticks to show it as text`,
		],
	},
	{
		name: 'an unclosed comment',
		files: one(report('', '前文。\n\n<!-- 草稿\n\n后文一。\n\n后文二。')),
		problems: [
			`${A}: body: line 8: a comment "<!--" is not closed with "-->": everything after it would vanish from the page; close it or remove it`,
		],
	},
	{
		name: 'a processing instruction <?',
		files: one(report('', '前文。\n\n<?php echo 1;\n\n后文。')),
		problems: [
			`${A}: body: line 8: "<?" is not allowed in a report: the page would not show it or what follows it; remove it, or put it in backticks to show it as text`,
		],
	},
	{
		name: 'an unclosed CDATA section',
		files: one(report('', '前文。\n\n<![CDATA[ x\n\n后文。')),
		problems: [
			`${A}: body: line 8: "<![CDATA[" is not allowed in a report: the page would not show it or what follows it; remove it, or put it in backticks to show it as text`,
		],
	},
	{
		name: 'a <style> in a table cell, with CRLF',
		files: one(
			crlf(report('', '前文。\n\n<table><tr><td>\n<style>\n</td></tr></table>\n\n后文。'))
		),
		problems: [
			`${A}: body: line 9: <style> is not allowed in a report: the page would not show what follows it as written; remove it, or put it in backticks to show it as text`,
		],
	},
	{
		name: 'a closed comment is fine',
		files: one(report('', '前文。\n\n<!-- 编辑备注 <script> -->\n\n后文。')),
		problems: [],
		accepted: { html: ['前文。', '后文。'] },
	},
	{
		name: 'tags in code spans and code blocks are text',
		files: one(report('', '用 `<style>` 和 `<!--`。\n\n```html\n<script>\n<title>\n```\n\n后文。')),
		problems: [],
		accepted: { html: ['&lt;style&gt;', '&lt;script&gt;', '后文。'] },
	},
	{
		name: 'harmless raw HTML is kept',
		files: one(
			report(
				'',
				'前文<sup>2</sup>。\n\n<table><tr><td rowspan="2">合并</td></tr></table>\n\n后文。'
			)
		),
		problems: [],
		accepted: { html: ['<sup>2</sup>', 'rowspan="2"', '后文。'] },
	},
];

/** Markup that tries to get a script onto the page; each is accepted and must render inert. */
const MARKUP: Case[] = [
	['a javascript: link', '[a](javascript:alert(1))'],
	['a JaVaScRiPt: link', '[b](JaVaScRiPt:alert(2))'],
	['an entity-encoded javascript: link', '[c](jav&#x61;script:alert(3))'],
	['a decimal-entity javascript: link', '[d](&#106;avascript:alert(4))'],
	['a javascript: autolink', '<javascript:alert(5)>'],
	['a javascript: link in angle brackets', '[e](<javascript:alert(6)>)'],
	['a vbscript: link after a space', '[f]( vbscript:x)'],
	['a data: link', '[g](data:text/html;base64,PHNjcmlwdD4=)'],
	['raw <a> with a tab inside javascript:', '<a href="java&#x09;script:alert(7)">h</a>'],
	['raw <a> with a leading space', '<a href=" javascript:alert(8)">i</a>'],
	['raw <img> with a javascript: src', '<img src="javascript:alert(9)">'],
	[
		'event handlers on <img>, <svg> and <a>',
		'<img src=x onerror=alert(10)> <svg onload=alert(11)></svg> <a href="x" onclick="alert(12)">j</a>',
	],
	['a javascript: reference definition', '[k]: javascript:alert(13)\n\n[引用][k]'],
].map(([name, markdown]) => ({
	name: name!,
	files: one(report('', `前文。\n\n${markdown}\n\n后文。`)),
	problems: [],
	accepted: { html: ['前文。', '后文。'] },
}));

/** Markdown at the limits: a file that breaks the renderer is that file's problem, never a crash. */
const LIMITS: Case[] = [
	{
		name: '10,000 nested <div>',
		files: one(report('', '<div>'.repeat(10_000))),
		problems: [
			`${A}: body: cannot be rendered: Maximum call stack size exceeded (it is nested too deeply)`,
		],
	},
	{
		name: '5,000 nested block quotes',
		files: one(report('', `${'>'.repeat(5000)} 引文`)),
		problems: [],
		accepted: { html: ['引文'] },
	},
	{
		name: 'a list nested 1,000 levels',
		files: one(
			report('', Array.from({ length: 1000 }, (_, i) => `${' '.repeat(i * 2)}- 项${i}`).join('\n'))
		),
		problems: [],
		accepted: { html: ['项999'] },
	},
	{
		name: '20,000 asterisks around a word',
		files: one(report('', `${'*'.repeat(20_000)}粗${'*'.repeat(20_000)}`)),
		problems: [],
		accepted: { html: ['粗'] },
	},
	{
		name: '20,000 brackets around a word',
		files: one(report('', `${'['.repeat(20_000)}括${']'.repeat(20_000)}`)),
		problems: [],
		accepted: { html: ['括'] },
	},
];

const CLASSES: Record<string, Case[]> = {
	encodings: ENCODINGS,
	'control characters': CONTROL,
	'YAML features': YAML,
	'code engines': ENGINES,
	'symbolic links': SYMLINKS,
	dates: DATES,
	slugs: SLUGS,
	settings: SETTING_CASES,
	'URL fields': URLS,
	'raw HTML that hides text': HIDDEN,
	'markup injection': MARKUP,
	'Markdown at the limits': LIMITS,
};

describe.each(Object.entries(CLASSES))('%s', (_name, cases) => {
	test.each(cases.map((c) => [c.name, c] as const))('%s', async (_n, c) => {
		g.__huibaoRan = [];
		const project = contentProject(c.files);
		try {
			for (const [path, target] of Object.entries(c.links ?? {})) {
				rmSync(join(project.root, path), { recursive: true, force: true });
				mkdirSync(dirname(join(project.root, path)), { recursive: true });
				symlinkSync(target, join(project.root, path));
			}
			const result = await project.validate();
			expect(result.lines.length, result.lines.join('\n')).toBe(c.problems.length);
			c.problems.forEach((expected, i) => {
				if (typeof expected === 'string') expect(result.lines[i]).toBe(expected);
				else expect(result.lines[i]).toMatch(expected);
			});
			for (const line of result.lines)
				expect(line).not.toMatch(/Error:|\n\s+at |RangeError|TypeError|URIError/);
			// Nothing was executed, nothing outside the project was read.
			expect(g.__huibaoRan).toEqual([]);
			const everything = JSON.stringify([
				result.lines,
				result.content?.reports,
				result.content?.settings,
			]);
			expect(everything).not.toContain(SECRET);
			if (!c.accepted) return;
			const file = c.file ?? A;
			const r = result.content!.reports.find((x) => x.file === file);
			expect(r, `${file} accepted`).toBeDefined();
			const html = result.html(r!.digest)!;
			expect(html).not.toContain(SECRET);
			expect(unsafeMarkup(html)).toEqual([]);
			const a = c.accepted;
			if (a.title) expect(r!.data.title).toBe(a.title);
			if (a.date) expect(r!.data.date).toBe(a.date);
			if (a.tags) expect(r!.data.tags).toEqual(a.tags);
			for (const s of a.html ?? []) expect(html).toContain(s);
			if (a.sameAs) {
				const twin = contentProject({ [A]: a.sameAs });
				try {
					const plain = await twin.validate();
					const t = plain.content!.reports[0]!;
					expect(r!.data).toEqual(t.data);
					expect(html).toBe(plain.html(t.digest));
				} finally {
					twin.cleanup();
				}
			}
		} finally {
			project.cleanup();
		}
	});
});

describe('dates do not depend on the machine time zone', () => {
	const original = process.env.TZ;
	afterAll(() => {
		if (original === undefined) delete process.env.TZ;
		else process.env.TZ = original;
	});
	test.each(['America/Los_Angeles', 'Asia/Shanghai', 'Pacific/Kiritimati', 'UTC'])(
		'2022-03-15 stays 2022-03-15 under TZ=%s',
		async (tz) => {
			process.env.TZ = tz;
			const project = contentProject({
				'content/reports/2022/zh/a.md': report().replace('2024-03-15', '2022-03-15'),
				'content/reports/2022/zh/b.md': report().replace('2024-03-15', '2022-03-15T00:00:00+08:00'),
			});
			try {
				const { lines, content, model } = await project.validate();
				expect(lines).toEqual([]);
				expect(content!.reports.map((r) => r.data.date)).toEqual(['2022-03-15', '2022-03-15']);
				expect(model!.pages.some((p) => p.url === '/archive/2022/03/')).toBe(true);
			} finally {
				project.cleanup();
			}
		}
	);
});

describe('the safety check used above', () => {
	test('sees script URLs and handlers however they are spelled, and lets ordinary links pass', () => {
		for (const bad of [
			'<a href="javascript:x">',
			'<a href="java&#x09;script:x">',
			"<a href=' JAVASCRIPT:x'>",
			'<img src=&#106;avascript:x>',
			'<img src=x onerror=y>',
			'<svg><script>',
			'<a href="vbscript:x">',
			'<iframe src="/">',
		]) {
			expect(unsafeMarkup(bad), bad).not.toEqual([]);
		}
		expect(
			unsafeMarkup(
				'<a href="/reports/x/">a</a> <a href="https://example.org">b</a> <a href="mailto:a@b.cn">c</a> <img src="/uploads/a.png"> javascript: as text'
			)
		).toEqual([]);
	});
});
