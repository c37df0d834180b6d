/**
 * The content model, defined once.
 *
 * Everything else is derived from these schemas:
 * - Astro's collections (`src/content.config.ts`),
 * - validation in `npm run check` / `npm run build` (`src/lib/content/`),
 * - the Decap CMS configuration (`src/cms/`), through the `field()` metadata below.
 *
 * Runs in Astro, in Vitest and in plain Node 24 (scripts), so it imports nothing from `astro:*`.
 */
import { z } from 'astro/zod';
import { toPlainDate } from '../lib/dates/plainDate.ts';
import { publicPathProblem } from '../lib/content/publicFiles.ts';
import { toSiteTime } from '../lib/dates/siteTime.ts';
import { defaultLocale, localeKeys, locales, type Locale } from '../i18n/locales.ts';

/** Text for editors in the CMS, per interface language; the default language's stands in. */
export type CmsText = Record<typeof defaultLocale, string> & Partial<Record<Locale, string>>;

/** How a field behaves in the CMS. Labels and hints are shown to editors, Chinese first. */
export interface FieldMeta {
	label: CmsText;
	hint?: CmsText;
	/**
	 * Decap i18n mode: `translate` = each language has its own value (prose),
	 * `duplicate` = the zh value is copied into the translation (dates, categories, files).
	 */
	i18n: 'translate' | 'duplicate';
	/** Decap widget; derived from the zod type when absent. */
	widget?:
		| 'string'
		| 'text'
		| 'date'
		| 'datetime'
		| 'select-category'
		| 'select'
		| 'list'
		| 'image'
		| 'file'
		| 'boolean'
		| 'number'
		| 'object';
	/** Labels of a `select` field's values (a z.enum), in the schema's order. */
	options?: Record<string, { zh: string; en: string }>;
	/** Not shown in the CMS: set by the system, never by an editor. */
	cms?: false | 'readonly';
	/**
	 * A translation that leaves this field out shows the original's value on its page (what every
	 * language shares: the cover and attachment files, 置顶, 文号, 成文日期). Reports translated
	 * before the CMS copied such fields, or by hand, need no re-entry (src/lib/site/inherit.ts).
	 */
	inherit?: true;
}

/** Attach CMS metadata to a zod field. The metadata never changes validation. */
function field<T extends z.ZodType>(schema: T, meta: FieldMeta): T {
	return schema.meta({ huibao: meta }) as T;
}

/** Read the metadata attached by `field()`. */
export function fieldMeta(schema: z.ZodType): FieldMeta | undefined {
	return (schema.meta() as { huibao?: FieldMeta } | undefined)?.huibao;
}

/** Lower-case ASCII slug: categories and other identifiers that appear in URLs. */
export const asciiSlug = z
	.string()
	.regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lower-case letters, digits and single hyphens, like "notices"');

/**
 * A calendar date written `YYYY-MM-DD`. YAML turns an unquoted `2022-03-15` into a Date at UTC
 * midnight; we keep the calendar day and nothing else, so no time zone can shift it.
 */
export const plainDate = z
	.union([z.string(), z.date()], {
		error: (issue) => (issue.input === undefined ? 'is required' : 'must be a date written YYYY-MM-DD'),
	})
	.transform((value, ctx) => {
		const date = toPlainDate(value);
		if (date === undefined) {
			const shown = value instanceof Date ? 'an invalid date' : JSON.stringify(value);
			ctx.addIssue({ code: 'custom', message: `must be a real date written YYYY-MM-DD, got ${shown}` });
			return z.NEVER;
		}
		return date;
	});

const PUBLIC_PATH = /^\/(?!\/)(?!.*(?:^|\/)\.\.?(?:\/|$))[^\s?#\\]+$/;

/**
 * A file under `public/`, referenced by its site path, such as `/uploads/2024/photo.jpg`. Not
 * `//host/x` (another site), and no `..` or malformed `%` escape, even one that decodes to it.
 */
export const publicPath = z
	.string()
	.regex(PUBLIC_PATH, 'must be a path under public/ starting with "/", like "/uploads/2024/file.pdf"')
	.superRefine((path, ctx) => {
		const problem = PUBLIC_PATH.test(path) ? publicPathProblem(path) : undefined;
		if (problem) ctx.addIssue({ code: 'custom', message: `${problem}: a path under public/, like "/uploads/2024/file.pdf"` });
	});

/** A link a visitor may follow: a web address, or a mailto:/tel: link. Never javascript:, data: and the like. */
export const linkUrl = z.url({ protocol: /^(?:https?|mailto|tel)$/, error: 'must be a web address (https://…), or a mailto: or tel: link' });

/** A web page elsewhere (http or https only): what a link-out report points to. */
export const webUrl = z.url({ protocol: /^https?$/, error: 'must be a web address starting with https:// or http://' });

/**
 * A time of day in the site's time zone, written `YYYY-MM-DD HH:mm` (the CMS writes it so): when
 * a report goes live or comes down. Kept as that text; see lib/dates/siteTime.ts.
 */
export const siteTime = z.union([z.string(), z.date()]).transform((value, ctx) => {
	const time = toSiteTime(value);
	if (time === undefined) {
		const shown = value instanceof Date ? 'an invalid date' : JSON.stringify(value);
		ctx.addIssue({
			code: 'custom',
			message: `must be a time written YYYY-MM-DD HH:mm (in the site's time zone, no offset), got ${shown}`,
		});
		return z.NEVER;
	}
	return time;
});

/**
 * 文号, such as 鄂市政协〔2025〕12号 or 协会发〔2025〕3号. Loose on purpose (every body numbers its
 * documents its own way); it only catches values that cannot be a document number.
 */
export const docNumber = z
	.string()
	.trim()
	.min(2, 'must be a document number such as 协会发〔2025〕3号')
	.max(60, 'must be at most 60 characters')
	.superRefine((value, ctx) => {
		const problem = docNumberProblem(value);
		if (problem) ctx.addIssue({ code: 'custom', message: problem });
	});

/** What is obviously wrong with a 文号, or undefined. */
export function docNumberProblem(value: string): string | undefined {
	if (/^[a-z][a-z0-9+.-]*:/i.test(value)) return 'is a web address, not a document number';
	if (!/\d|[〇一二三四五六七八九十]/.test(value))
		return `has no number in it (${JSON.stringify(value)}): write it like 协会发〔2025〕3号`;
	if (/^\d{4}-\d{2}-\d{2}/.test(value)) return 'is a date, not a document number';
	for (const [open, close] of ['〔〕', '[]', '（）', '()', '【】', '［］'].map((pair) => [...pair] as [string, string])) {
		const opened = value.split(open).length - 1;
		if (opened !== value.split(close).length - 1)
			return `${opened ? open : close} without ${opened ? close : open}: write the year like 〔2025〕`;
	}
	return undefined;
}

/** An IANA time zone name that this Node knows, such as Asia/Shanghai. */
export function isTimeZone(name: string): boolean {
	try {
		new Intl.DateTimeFormat('en', { timeZone: name });
		return true;
	} catch {
		return false;
	}
}

/** A time zone the dates can be read in; an unknown name is a problem, not a RangeError later. */
const timeZone = z.string().superRefine((name, ctx) => {
	if (!isTimeZone(name)) ctx.addIssue({ code: 'custom', message: `unknown time zone ${JSON.stringify(name)}: use a name like Asia/Shanghai` });
});

const nonEmpty = (what: string) => z.string().trim().min(1, `${what} must not be empty`);

export const attachmentSchema = z.strictObject({
	/** Shown as the link text. */
	title: field(nonEmpty('attachment title').max(200), {
		label: { zh: '附件名称', en: 'Attachment title' },
		i18n: 'translate',
		widget: 'string',
	}),
	/** A file under public/, usually uploaded through the CMS into /uploads/<year>/. */
	file: field(publicPath, {
		label: { zh: '文件', en: 'File' },
		hint: { zh: 'PDF、Word、Excel 等，单个不超过 20 MB', en: 'PDF, Word, Excel…, at most 20 MB each' },
		i18n: 'duplicate',
		widget: 'file',
	}),
});

/**
 * Front matter of a report: `content/reports/<year>/<locale>/<slug>.md`.
 * Unknown keys are errors, so a typo such as `categroy:` is reported instead of ignored.
 */
export const reportSchema = z.strictObject({
	/** Headline, shown on the page, in lists and in the browser tab. */
	title: field(nonEmpty('title').max(200, 'title must be at most 200 characters'), {
		label: { zh: '标题', en: 'Title' },
		i18n: 'translate',
		widget: 'string',
	}),
	/** Publication date (发布时间). Files the report in the year/month archives. */
	date: field(plainDate, {
		label: { zh: '日期', en: 'Date' },
		hint: { zh: '发布日期，如 2024-03-15', en: 'Publication date, e.g. 2024-03-15' },
		i18n: 'duplicate',
		widget: 'date',
	}),
	/** Slug of a category in content/categories.yml. */
	category: field(asciiSlug, {
		label: { zh: '分类', en: 'Category' },
		i18n: 'duplicate',
		widget: 'select-category',
	}),
	/** 来源: the body that issued the report, e.g. 协会秘书处. */
	source: field(z.string().trim().max(100).optional(), {
		label: { zh: '来源', en: 'Source' },
		hint: { zh: '发文单位，如“协会秘书处”', en: 'Issuing body, e.g. "Secretariat"' },
		i18n: 'translate',
		widget: 'string',
	}),
	/** Free keywords; each gets a page under /tags/. */
	tags: field(z.array(nonEmpty('tag').max(30)).max(20).optional(), {
		label: { zh: '标签', en: 'Tags' },
		hint: { zh: '每个标签填一个关键词，如“桥梁检测”', en: 'One keyword per tag, e.g. "bridge inspection"' },
		i18n: 'translate',
		widget: 'list',
	}),
	/** Short description for lists, feeds and search results; derived from the body when absent. */
	summary: field(z.string().trim().max(500).optional(), {
		label: { zh: '摘要', en: 'Summary' },
		hint: { zh: '留空则自动取正文开头', en: 'Leave empty to use the opening of the text' },
		i18n: 'translate',
		widget: 'text',
	}),
	/** Cover image under public/. */
	cover: field(publicPath.optional(), {
		label: { zh: '封面图片', en: 'Cover image' },
		hint: { zh: 'JPG、PNG、WebP，不超过 5 MB', en: 'JPG, PNG or WebP, at most 5 MB' },
		i18n: 'duplicate',
		inherit: true,
		widget: 'image',
	}),
	/** Downloadable files listed under the report with their type and size. */
	attachments: field(z.array(attachmentSchema).max(50).optional(), {
		label: { zh: '附件', en: 'Attachments' },
		hint: {
			zh: '译文不填附件时，译文页面沿用中文版的附件',
			en: "When a translation lists none, its page shows the Chinese version's attachments",
		},
		i18n: 'translate',
		inherit: true,
		widget: 'list',
	}),
	/** Drafts show under `npm run dev` and are left out of the built site. */
	draft: field(z.boolean().optional(), {
		label: { zh: '草稿', en: 'Draft' },
		hint: { zh: '勾选后不会出现在正式网站上', en: 'Drafts are not published' },
		i18n: 'duplicate',
		widget: 'boolean',
	}),
	/**
	 * A link-out item: the article lives elsewhere (a WeChat article the association prefers to
	 * link to, `npm run import -- --link`). Lists link straight to this address, marked as
	 * external; the report's own page forwards there. The body may be empty.
	 */
	link: field(webUrl.max(500).optional(), {
		label: { zh: '外部链接', en: 'External link' },
		hint: {
			zh: '填写后，列表中直接链接到这个网址（如微信公众号原文），本站页面自动跳转过去；正文可留空',
			en: 'When set, lists link straight to this address (e.g. the WeChat article) and the page forwards there; the text may stay empty',
		},
		i18n: 'duplicate',
		widget: 'string',
	}),
	/**
	 * 置顶: shown first in its category's list and on the home page (several pinned reports:
	 * newest date first), until the end of `pinned_until` when that is set.
	 */
	pinned: field(z.boolean().optional(), {
		label: { zh: '置顶', en: 'Pinned' },
		hint: {
			zh: '勾选后排在栏目列表和首页的最前面',
			en: 'Shown first in its category and on the home page',
		},
		i18n: 'duplicate',
		inherit: true,
		widget: 'boolean',
	}),
	/** Last day of pinning (in the site's time zone); the next build puts it back in date order. */
	pinned_until: field(plainDate.optional(), {
		label: { zh: '置顶至', en: 'Pinned until' },
		hint: {
			zh: '到这一天结束后恢复按日期排序；留空则一直置顶',
			en: 'Back in date order after this day; empty = pinned until unticked',
		},
		i18n: 'duplicate',
		inherit: true,
		widget: 'date',
	}),
	/** 文号: the document number of a notice, the same in every language. */
	doc_number: field(docNumber.optional(), {
		label: { zh: '文号', en: 'Document number' },
		hint: { zh: '如“鄂市政协〔2025〕12号”，没有可不填', en: 'e.g. 鄂市政协〔2025〕12号; optional' },
		i18n: 'duplicate',
		inherit: true,
		widget: 'string',
	}),
	/** 成文日期: the day the document was signed, when it differs from the publication date. */
	written_date: field(plainDate.optional(), {
		label: { zh: '成文日期', en: 'Date written' },
		hint: {
			zh: '公文落款的日期，与发布日期不同时填写',
			en: 'The date the document was signed, if not the publication date',
		},
		i18n: 'duplicate',
		inherit: true,
		widget: 'date',
	}),
	/** 定时发布: left out of the site, feeds, sitemap and search until this time (site's zone). */
	publish_at: field(siteTime.optional(), {
		label: { zh: '定时发布', en: 'Publish at' },
		hint: {
			zh: '北京时间（网站设置的时区），到点后下一次自动构建时上线；留空则立即发布',
			en: "In the site's time zone; goes live with the next scheduled build after this time",
		},
		i18n: 'duplicate',
		widget: 'datetime',
	}),
	/** 定时下线: after this time it leaves the site (its page too), feeds, sitemap and search. */
	unpublish_at: field(siteTime.optional(), {
		label: { zh: '定时下线', en: 'Take down at' },
		hint: {
			zh: '到点后从网站撤下（列表、页面、订阅、搜索）；留空则一直保留',
			en: 'After this time it is taken off the site (lists, page, feeds, search)',
		},
		i18n: 'duplicate',
		widget: 'datetime',
	}),
	/** Optional; when present it must match the folder (zh/, en/…). The folder decides. */
	lang: field(z.enum(localeKeys).optional(), {
		label: { zh: '语言', en: 'Language' },
		i18n: 'duplicate',
		cms: false,
	}),
	/** Where an imported report came from (the old site's page); written by `npm run import`. */
	origin: field(z.string().trim().max(500).optional(), {
		label: { zh: '原网页', en: 'Imported from' },
		i18n: 'duplicate',
		widget: 'string',
		cms: 'readonly',
	}),
});

/**
 * Checks between fields of one report (added to the object schema by content.config.ts and the
 * validator): each says which field is wrong and why.
 */
export function reportFieldProblems(
	data: ReportFrontmatter,
	body?: string
): { field: string; message: string }[] {
	const problems: { field: string; message: string }[] = [];
	if (data.written_date && data.written_date > data.date)
		problems.push({
			field: 'written_date',
			message: `${data.written_date} is after the publication date ${data.date}: a document is written before it is published`,
		});
	if (data.publish_at && data.unpublish_at && data.unpublish_at <= data.publish_at)
		problems.push({
			field: 'unpublish_at',
			message: `${data.unpublish_at} is not after publish_at ${data.publish_at}: the report would never be on the site`,
		});
	if (data.pinned_until && !data.pinned)
		problems.push({
			field: 'pinned_until',
			message: 'is set but pinned is not: tick 置顶 (pinned: true) or clear the date',
		});
	if (body !== undefined && !body.trim() && !data.link)
		problems.push({
			field: 'body',
			message: 'is empty: write the text, or give an external link (link) for a link-out item',
		});
	return problems;
}

export type ReportFrontmatter = z.output<typeof reportSchema>;

/** Where a standing page is linked from on every page of its language. */
export const NAV_PLACES = ['header', 'footer', 'none'] as const;
export type NavPlace = (typeof NAV_PLACES)[number];

/**
 * Front matter of a standing page (协会简介, 组织机构, 章程, 入会指南, 联系我们):
 * `content/pages/<locale>/<slug>.md`, shown at `/about/<slug>/`. A translation uses the same
 * slug under `en/`; the Chinese page decides where the page is linked from (`nav`, `order`).
 */
export const pageSchema = z.strictObject({
	title: field(nonEmpty('title').max(100, 'title must be at most 100 characters'), {
		label: { zh: '标题', en: 'Title' },
		i18n: 'translate',
		widget: 'string',
	}),
	/** Shown in the header menu, in the footer's links, or only where other pages link to it. */
	nav: field(z.enum(NAV_PLACES, { error: 'must be header, footer or none' }).default('none'), {
		label: { zh: '显示位置', en: 'Shown in' },
		hint: {
			zh: '顶部导航与栏目并列；页脚链接在每页底部；“不显示”时只能通过链接访问',
			en: 'The header menu sits with the categories; footer links are at the bottom of every page; "neither": reached by links only',
		},
		i18n: 'duplicate',
		widget: 'select',
		options: {
			header: { zh: '顶部导航', en: 'Header menu' },
			footer: { zh: '页脚链接', en: 'Footer links' },
			none: { zh: '不显示', en: 'Neither' },
		},
	}),
	/** Position in the menu or footer, smallest first; shares its scale with categories' order. */
	order: field(z.number().int().min(0).max(999).default(100), {
		label: { zh: '排序', en: 'Order' },
		hint: {
			zh: '数字小的排在前面；顶部导航中与栏目的排序（categories.yml 的 order）一起排列',
			en: 'Smaller numbers come first; in the header menu, on the same scale as the categories’ order',
		},
		i18n: 'duplicate',
		widget: 'number',
	}),
	/** For search engines and shares; taken from the opening of the text when absent. */
	summary: field(z.string().trim().max(300).optional(), {
		label: { zh: '摘要', en: 'Summary' },
		hint: { zh: '留空则自动取正文开头', en: 'Leave empty to use the opening of the text' },
		i18n: 'translate',
		widget: 'text',
	}),
	draft: field(z.boolean().optional(), {
		label: { zh: '草稿', en: 'Draft' },
		hint: { zh: '勾选后不会出现在正式网站上', en: 'Drafts are not published' },
		i18n: 'duplicate',
		widget: 'boolean',
	}),
	/** Optional; when present it must match the folder (one per language, e.g. zh/ or en/). The folder decides. */
	lang: field(z.enum(localeKeys).optional(), {
		label: { zh: '语言', en: 'Language' },
		i18n: 'duplicate',
		cms: false,
	}),
});

export type PageFrontmatter = z.output<typeof pageSchema>;

/** One entry of content/categories.yml. The order of the list is not significant; `order` is. */
export const categorySchema = z.strictObject({
	/** URL name: /category/<slug>/. Changing it breaks links; add a redirect at the CDN if you must. */
	slug: field(asciiSlug, {
		label: { zh: '标识', en: 'Slug' },
		hint: { zh: '英文小写字母和连字符，用于网址，如 notices', en: 'Lower-case letters and hyphens, used in URLs' },
		i18n: 'duplicate',
		widget: 'string',
	}),
	/** Its name in each language, e.g. `{ zh: 通知公告, en: Notices }`. */
	name: perLocale((lang) => nonEmpty('name').max(locales[lang].han ? 20 : 40), {
		label: { zh: '名称', en: 'Name' },
	}),
	/** Position in menus and on the home page, smallest first. */
	order: field(z.number().int().min(0).max(999), {
		label: { zh: '排序', en: 'Order' },
		hint: { zh: '数字小的排在前面', en: 'Smaller numbers come first' },
		i18n: 'duplicate',
		widget: 'number',
	}),
});

export type Category = z.output<typeof categorySchema>;

/** content/categories.yml */
export const categoriesFileSchema = z.strictObject({
	categories: z.array(categorySchema).min(1, 'at least one category is needed'),
});

/** How perLocale() shows a value: its label, and the widget of each language's sub-field. */
interface PerLocaleMeta {
	label: CmsText;
	widget?: FieldMeta['widget'];
}

/**
 * A value in each language, written `name: { zh: 江汉省…, en: Jianghan … }` as Starlight writes
 * its site title; one sub-field per language of src/i18n/locales.ts, each required. `value`
 * gives each language its limits (Han text says in 20 characters what English says in 40).
 */
function perLocale<T extends z.ZodType>(value: (lang: Locale) => T, meta: PerLocaleMeta) {
	return field(z.strictObject(localeShape(value, meta)), objectMeta(meta));
}

/** Like perLocale(), but any language, or the whole value, may be left out. */
function perLocaleOptional<T extends z.ZodType>(value: (lang: Locale) => T, meta: PerLocaleMeta) {
	return field(
		z.strictObject(localeShape((lang) => value(lang).optional(), meta)).optional(),
		objectMeta(meta)
	);
}

function localeShape<T extends z.ZodType>(
	value: (lang: Locale) => T,
	meta: PerLocaleMeta
): Record<Locale, T> {
	const sub = (lang: Locale): FieldMeta => ({
		label: { zh: locales[lang].label },
		i18n: 'duplicate',
		widget: meta.widget ?? 'string',
	});
	return Object.fromEntries(localeKeys.map((lang) => [lang, field(value(lang), sub(lang))])) as Record<
		Locale,
		T
	>;
}

function objectMeta(meta: PerLocaleMeta): FieldMeta {
	return { label: meta.label, i18n: 'duplicate', widget: 'object' };
}

/** A social account, such as the WeChat official account with its QR code. */
export const socialLinkSchema = z.strictObject({
	name: perLocale((lang) => nonEmpty('name').max(locales[lang].han ? 40 : 60), {
		label: { zh: '名称', en: 'Name' },
	}),
	/** Link to the account, if it has a web address. */
	url: field(linkUrl.optional(), { label: { zh: '链接', en: 'Link' }, i18n: 'duplicate', widget: 'string' }),
	/** QR code image under public/, shown in the footer. */
	qr: field(publicPath.optional(), {
		label: { zh: '二维码图片', en: 'QR code image' },
		i18n: 'duplicate',
		widget: 'image',
	}),
});

/** An optional date that the CMS may save as an empty value (`''` or `null`) when left blank. */
const blankableDate = z
	.preprocess((v) => (v === '' || v === null ? undefined : v), plainDate.optional())
	.optional();

/**
 * 哀悼模式: the site, or only its home page, shown in grey from `from` to `to` (both included).
 * Leave both dates empty (or remove the block) to turn it off.
 */
export const mourningSchema = z
	.strictObject({
		from: field(blankableDate, {
			label: { zh: '开始日期', en: 'From' },
			i18n: 'duplicate',
			widget: 'date',
		}),
		to: field(blankableDate, {
			label: { zh: '结束日期（含当天）', en: 'To (included)' },
			i18n: 'duplicate',
			widget: 'date',
		}),
		home_only: field(z.boolean().default(false), {
			label: { zh: '仅首页变灰', en: 'Home page only' },
			i18n: 'duplicate',
			widget: 'boolean',
		}),
	})
	.superRefine((m, ctx) => {
		if (Boolean(m.from) !== Boolean(m.to))
			ctx.addIssue({ code: 'custom', path: [m.from ? 'to' : 'from'], message: 'is required when the other date is set' });
		else if (m.from && m.to && m.to < m.from)
			ctx.addIssue({ code: 'custom', path: ['to'], message: `must not be before from (${m.from})` });
	});

/** content/settings.yml: facts about the association shown in the header and footer. */
export const settingsSchema = z.strictObject({
	name: perLocale(() => nonEmpty('name').max(200), { label: { zh: '协会名称', en: 'Association name' } }),
	description: perLocale(() => nonEmpty('description').max(300), {
		label: { zh: '网站简介', en: 'Site description' },
	}),
	/** Public address of the site, used for canonical links, feeds and the sitemap. */
	url: field(
		z.url({ protocol: /^https?$/, error: (issue) => (issue.input === undefined ? 'is required' : 'must be the site address, like https://www.example.org.cn') }),
		{
			label: { zh: '网站地址', en: 'Site address' },
			hint: { zh: '如 https://www.example.org.cn', en: 'e.g. https://www.example.org.cn' },
			i18n: 'duplicate',
			widget: 'string',
		},
	),
	/** Time zone used for timestamps that carry a time of day (date-only values never shift). */
	timezone: field(timeZone.default('Asia/Shanghai'), {
		label: { zh: '时区', en: 'Time zone' },
		i18n: 'duplicate',
		widget: 'string',
	}),
	/** Postal address; a language without one shows the default language's. */
	address: perLocaleOptional((lang) => z.string().trim().max(locales[lang].han ? 200 : 300), {
		label: { zh: '地址', en: 'Address' },
	}),
	phone: field(z.string().trim().max(60).optional(), { label: { zh: '电话', en: 'Phone' }, i18n: 'duplicate', widget: 'string' }),
	email: field(z.email().optional(), { label: { zh: '电子邮箱', en: 'Email' }, i18n: 'duplicate', widget: 'string' }),
	/** ICP 备案号 shown in the footer and linked to beian.miit.gov.cn, as Chinese law requires. */
	icp: field(z.string().trim().max(60).optional(), {
		label: { zh: 'ICP备案号', en: 'ICP licence number' },
		hint: { zh: '如“鄂ICP备12345678号-1”', en: 'e.g. 鄂ICP备12345678号-1' },
		i18n: 'duplicate',
		widget: 'string',
	}),
	/** 公安机关备案号, if the site has one. */
	police_beian: field(z.string().trim().max(60).optional(), {
		label: { zh: '公安备案号', en: 'Public security filing number' },
		i18n: 'duplicate',
		widget: 'string',
	}),
	/** Extra footer lines per language, e.g. 主办单位、技术支持; a language without any shows none. */
	footer: perLocaleOptional(
		(lang) => z.array(nonEmpty('footer line').max(locales[lang].han ? 200 : 300)).max(10),
		{ label: { zh: '页脚文字', en: 'Footer lines' }, widget: 'list' }
	),
	social: field(z.array(socialLinkSchema).max(10).optional(), {
		label: { zh: '社交账号', en: 'Social accounts' },
		i18n: 'duplicate',
		widget: 'list',
	}),
	mourning: field(mourningSchema.optional(), {
		label: { zh: '哀悼模式（网站变灰）', en: 'Mourning (grey site)' },
		hint: {
			zh: '在开始和结束日期之间（含当天），网站或首页以灰色显示；不用时把两个日期留空。',
			en: 'Between the two dates (both included) the site, or its home page, is shown in grey. Leave both dates empty to turn it off.',
		},
		i18n: 'duplicate',
		widget: 'object',
	}),
});

export type Settings = z.output<typeof settingsSchema>;
