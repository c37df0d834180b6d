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

/** How a field behaves in the CMS. Labels and hints are shown to editors, Chinese first. */
export interface FieldMeta {
	label: { zh: string; en: string };
	hint?: { zh: string; en: string };
	/**
	 * Decap i18n mode: `translate` = each language has its own value (prose),
	 * `duplicate` = the zh value is copied into the translation (dates, categories, files).
	 */
	i18n: 'translate' | 'duplicate';
	/** Decap widget; derived from the zod type when absent. */
	widget?: 'string' | 'text' | 'date' | 'select-category' | 'select' | 'list' | 'image' | 'file' | 'boolean' | 'number' | 'object';
	/** Labels of a `select` field's values (a z.enum), in the schema's order. */
	options?: Record<string, { zh: string; en: string }>;
	/** Not shown in the CMS: set by the system, never by an editor. */
	cms?: false | 'readonly';
	/**
	 * A translation that leaves this field out shows the original's value on its page (files
	 * shared by both languages: the cover, the attachments). Reports translated before the CMS
	 * copied such fields, or by hand, need no re-entry (src/lib/site/inherit.ts).
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
			zh: '英文版不填附件时，英文页面沿用中文版的附件',
			en: 'When the English version lists none, its page shows the Chinese version\'s attachments',
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
	/** Optional; when present it must match the folder (zh/ or en/). The folder decides. */
	lang: field(z.enum(['zh', 'en']).optional(), {
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
	/** Optional; when present it must match the folder (zh/ or en/). The folder decides. */
	lang: field(z.enum(['zh', 'en']).optional(), {
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
	/** Chinese name, e.g. 通知公告. */
	name: field(nonEmpty('name').max(20), {
		label: { zh: '中文名称', en: 'Chinese name' },
		i18n: 'duplicate',
		widget: 'string',
	}),
	/** English name, e.g. Notices. */
	name_en: field(nonEmpty('name_en').max(40), {
		label: { zh: '英文名称', en: 'English name' },
		i18n: 'duplicate',
		widget: 'string',
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

const bilingual = (what: string, zhLabel: string, enLabel: string, max = 200) => ({
	zh: field(nonEmpty(what).max(max), { label: { zh: zhLabel, en: enLabel }, i18n: 'duplicate', widget: 'string' }),
	en: field(nonEmpty(`${what}_en`).max(max), {
		label: { zh: `${zhLabel}（英文）`, en: `${enLabel} (English)` },
		i18n: 'duplicate',
		widget: 'string',
	}),
});

const association = bilingual('name', '协会名称', 'Association name');
const description = bilingual('description', '网站简介', 'Site description', 300);

/** A social account, such as the WeChat official account with its QR code. */
export const socialLinkSchema = z.strictObject({
	name: field(nonEmpty('name').max(40), { label: { zh: '名称', en: 'Name' }, i18n: 'duplicate', widget: 'string' }),
	name_en: field(nonEmpty('name_en').max(60), {
		label: { zh: '英文名称', en: 'English name' },
		i18n: 'duplicate',
		widget: 'string',
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

/** content/settings.yml: facts about the association shown in the header and footer. */
export const settingsSchema = z.strictObject({
	name: association.zh,
	name_en: association.en,
	description: description.zh,
	description_en: description.en,
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
	address: field(z.string().trim().max(200).optional(), {
		label: { zh: '地址', en: 'Address' },
		i18n: 'duplicate',
		widget: 'string',
	}),
	address_en: field(z.string().trim().max(300).optional(), {
		label: { zh: '英文地址', en: 'Address (English)' },
		i18n: 'duplicate',
		widget: 'string',
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
	/** Extra footer lines (zh), e.g. 主办单位、技术支持. */
	footer: field(z.array(nonEmpty('footer line').max(200)).max(10).optional(), {
		label: { zh: '页脚文字', en: 'Footer lines' },
		i18n: 'duplicate',
		widget: 'list',
	}),
	footer_en: field(z.array(nonEmpty('footer line').max(300)).max(10).optional(), {
		label: { zh: '页脚文字（英文）', en: 'Footer lines (English)' },
		i18n: 'duplicate',
		widget: 'list',
	}),
	social: field(z.array(socialLinkSchema).max(10).optional(), {
		label: { zh: '社交账号', en: 'Social accounts' },
		i18n: 'duplicate',
		widget: 'list',
	}),
});

export type Settings = z.output<typeof settingsSchema>;
