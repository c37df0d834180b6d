/**
 * Decap CMS fields derived from the zod schemas in src/content/schema.ts, so the CMS and the
 * validator share one field list: names, required flags, widgets, labels, hints, i18n modes and
 * the limits Decap can check in the browser (length, regular expressions), with messages in the
 * editor's language.
 */
import type { z } from 'astro/zod';
import { fieldMeta, type CmsText, type FieldMeta } from '../content/schema.ts';
import { localized, type Locale } from '../i18n/locales.ts';

/**
 * Language of the CMS interface: field labels, hints and validation messages. Any of the site's
 * languages; where a text has no version in it, the default language's is shown.
 */
export type CmsLang = Locale;

/** A text for editors in the interface language. */
export const cmsText = (text: CmsText, lang: CmsLang): string => localized(text, lang)!;

/** A Decap field, as written in its config. */
export interface DecapField {
	name: string;
	label: string;
	widget: string;
	required?: boolean;
	hint?: string;
	i18n?: boolean | 'duplicate';
	pattern?: [string, string];
	default?: unknown;
	options?: { label: string; value: string }[];
	fields?: DecapField[];
	field?: DecapField;
	[option: string]: unknown;
}

/** A category as the select widget offers it. */
export interface CategoryOption {
	slug: string;
	name: CmsText;
}

/** Allowed upload types and sizes; stated in the config, the README and docs/cms.md. */
export const MEDIA_LIMITS = {
	image: {
		extensions: ['jpg', 'jpeg', 'png', 'webp', 'gif', 'svg'],
		maxBytes: 5 * 1024 * 1024,
	},
	file: {
		extensions: [
			'pdf',
			'doc',
			'docx',
			'xls',
			'xlsx',
			'ppt',
			'pptx',
			'wps',
			'ofd',
			'txt',
			'csv',
			'zip',
			'rar',
			'7z',
			'jpg',
			'jpeg',
			'png',
		],
		maxBytes: 20 * 1024 * 1024,
	},
} as const;

export interface FieldContext {
	lang: CmsLang;
	categories: CategoryOption[];
	/** Add Decap i18n modes (only the reports collection is translated). */
	i18n: boolean;
	/** Media folder of this collection's uploads (Decap template), for image and file widgets. */
	mediaFolder?: string;
	publicFolder?: string;
}

interface Def {
	type: string;
	innerType?: z.ZodType;
	element?: z.ZodType;
	shape?: Record<string, z.ZodType>;
	defaultValue?: unknown;
	checks?: { _zod: { def: Check } }[];
	format?: string;
	pattern?: RegExp;
	entries?: Record<string, string>;
}
interface Check {
	check: string;
	minimum?: number;
	maximum?: number;
	format?: string;
	pattern?: RegExp;
}

const def = (schema: z.ZodType) => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** The schema under optional/default wrappers, with what the wrappers said. */
export function unwrap(schema: z.ZodType): {
	inner: z.ZodType;
	optional: boolean;
	defaultValue?: unknown;
} {
	let inner = schema;
	let optional = false;
	let defaultValue: unknown;
	for (;;) {
		const d = def(inner);
		if (d.type === 'optional' && d.innerType) optional = true;
		else if (d.type === 'default' && d.innerType) {
			optional = true;
			defaultValue = d.defaultValue;
		} else break;
		inner = d.innerType;
	}
	return { inner, optional, defaultValue };
}

function checksOf(schema: z.ZodType): Check[] {
	const d = def(schema);
	const own = (d.checks ?? []).map((c) => c._zod.def);
	// z.url(), z.email(): the format is the schema itself.
	if (d.format) own.push({ check: 'string_format', format: d.format, pattern: d.pattern });
	return own;
}

const t = (lang: CmsLang, zh: string, en: string) => cmsText({ zh, en }, lang);

/**
 * Decap `pattern` for a string schema: its length limits, regular expression and, for text that
 * is trimmed and must not be empty, at least one visible character. Decap tests the value as typed.
 */
export function stringPattern(
	schema: z.ZodType,
	label: string,
	lang: CmsLang
): [string, string] | undefined {
	const checks = checksOf(schema);
	const min = checks.find((c) => c.check === 'min_length')?.minimum;
	const max = checks.find((c) => c.check === 'max_length')?.maximum;
	const format = checks.find((c) => c.check === 'string_format');
	if (format?.format === 'url') {
		return [
			'^https?://[^\\s/$.?#][^\\s]*$',
			t(
				lang,
				'：请填写以 http:// 或 https:// 开头的网址',
				'a web address starting with http:// or https://'
			),
		];
	}
	if (format?.format === 'email') {
		return [
			'^[^\\s@]+@[^\\s@]+\\.[A-Za-z]{2,}$',
			t(
				lang,
				'：请填写电子邮箱地址，如 office@example.org.cn',
				'an email address such as office@example.org'
			),
		];
	}
	if (format?.format === 'regex' && format.pattern) {
		return [format.pattern.source, t(lang, '：格式不正确', 'the expected format')];
	}
	if (min === undefined && max === undefined) return undefined;
	const visible = min !== undefined && min > 0 ? '(?=[\\s\\S]*\\S)' : '';
	const message =
		max !== undefined
			? t(
					lang,
					`：${visible ? '不能只有空格，且' : ''}最多 ${max} 个字`,
					`at most ${max} characters${visible ? ', not only spaces' : ''}`
				)
			: t(lang, '：不能只有空格', 'not only spaces');
	return [`^${visible}[\\s\\S]{${min ?? 0},${max ?? ''}}$`, message];
}

function mediaPattern(kind: 'image' | 'file', label: string, lang: CmsLang): [string, string] {
	const ext = MEDIA_LIMITS[kind].extensions;
	const list = ext
		.filter((e) => e !== 'jpeg')
		.map((e) => e.toUpperCase())
		.join('、');
	return [
		// Decap tests the file's name (its basename), not the path: no spaces, an allowed extension.
		`^[^\\s/?#\\\\]+\\.(?:${ext.map((e) => e.replace(/[a-z]/g, (c) => `[${c}${c.toUpperCase()}]`)).join('|')})$`,
		t(lang, `：只能上传 ${list} 文件`, `a file of type ${list}`),
	];
}

/** The Decap field for one schema field, or undefined when the CMS does not show it. */
export function decapField(
	name: string,
	schema: z.ZodType,
	ctx: FieldContext
): DecapField | undefined {
	const meta = fieldMeta(schema);
	if (!meta || meta.cms === false) return undefined;
	const { inner, optional, defaultValue } = unwrap(schema);
	const label = cmsText(meta.label, ctx.lang);
	const field: DecapField = { name, label, widget: 'string' };
	if (optional) field.required = false;
	if (defaultValue !== undefined) field.default = defaultValue;
	if (meta.hint) field.hint = cmsText(meta.hint, ctx.lang);
	if (ctx.i18n) field.i18n = meta.i18n === 'translate' ? true : 'duplicate';
	Object.assign(field, widgetOptions(meta, inner, label, ctx));
	if (meta.cms === 'readonly') {
		// Decap has no read-only widget: a hidden field keeps the value on every save.
		field.widget = 'hidden';
		delete field.pattern;
		delete field.hint;
	}
	return field;
}

function widgetOptions(
	meta: FieldMeta,
	inner: z.ZodType,
	label: string,
	ctx: FieldContext
): Partial<DecapField> {
	const d = def(inner);
	const widget =
		meta.widget ?? (d.type === 'boolean' ? 'boolean' : d.type === 'number' ? 'number' : 'string');
	switch (widget) {
		case 'string':
		case 'text': {
			const pattern = stringPattern(inner, label, ctx.lang);
			return { widget, ...(pattern && { pattern }) };
		}
		case 'date':
			// Written as an unquoted YYYY-MM-DD, the same calendar day in every time zone.
			return {
				widget: 'datetime',
				format: 'YYYY-MM-DD',
				date_format: 'YYYY-MM-DD',
				time_format: false,
				picker_utc: true,
			};
		case 'datetime':
			// Wall-clock time in the site's zone, written as text without an offset
			// (lib/dates/siteTime.ts). Read and written in the browser's zone, so the value is shown
			// as written; not picker_utc, which would label the time "UTC" and make 现在 (now) the
			// UTC time, eight hours off for an editor in China.
			return {
				widget: 'datetime',
				format: 'YYYY-MM-DD HH:mm',
				date_format: 'YYYY-MM-DD',
				time_format: 'HH:mm',
				picker_utc: false,
			};
		case 'select-category':
			return {
				widget: 'select',
				options: ctx.categories.map((c) => ({
					label: cmsText(c.name, ctx.lang),
					value: c.slug,
				})),
			};
		case 'select': {
			// A z.enum: its values, labelled in the editor's language.
			const values = Object.values(def(inner).entries ?? {});
			return {
				widget: 'select',
				options: values.map((value) => ({
					label: meta.options?.[value]?.[ctx.lang] ?? value,
					value,
				})),
			};
		}
		case 'boolean':
			return { widget: 'boolean' };
		case 'number': {
			const checks = checksOf(inner);
			const min = checks.find((c) => c.check === 'greater_than' || c.check === 'min')?.minimum;
			const numeric = inner as unknown as {
				minValue?: number | null;
				maxValue?: number | null;
				isInt?: boolean;
			};
			return {
				widget: 'number',
				value_type: numeric.isInt ? 'int' : 'float',
				...(numeric.minValue != null
					? { min: numeric.minValue }
					: min !== undefined
						? { min }
						: {}),
				...(numeric.maxValue != null && { max: numeric.maxValue }),
			};
		}
		case 'image':
		case 'file': {
			const limits = MEDIA_LIMITS[widget];
			return {
				widget,
				choose_url: false,
				pattern: mediaPattern(widget, label, ctx.lang),
				media_library: { config: { max_file_size: limits.maxBytes, multiple: false } },
				...(ctx.mediaFolder && { media_folder: ctx.mediaFolder, public_folder: ctx.publicFolder }),
			};
		}
		case 'list':
			return listOptions(inner, label, ctx);
		case 'object': {
			const shape = def(inner).shape ?? {};
			return { widget: 'object', fields: objectFields(shape, { ...ctx, i18n: false }) };
		}
	}
}

function listOptions(array: z.ZodType, label: string, ctx: FieldContext): Partial<DecapField> {
	const d = def(array);
	const max = checksOf(array).find((c) => c.check === 'max_length')?.maximum;
	const element = d.element;
	if (!element) throw new Error(`list field "${label}" is not an array`);
	const options: Partial<DecapField> = { widget: 'list', ...(max !== undefined && { max }) };
	const item = unwrap(element).inner;
	if (def(item).type === 'object') {
		const fields = objectFields(def(item).shape ?? {}, { ...ctx, i18n: false });
		options.fields = fields;
		options.summary = fields[0] ? `{{fields.${fields[0].name}}}` : undefined;
	} else {
		const pattern = stringPattern(item, label, ctx.lang);
		options.field = { name: 'item', label, widget: 'string', ...(pattern && { pattern }) };
		// A saved item shows its value; without a summary Decap shows the field's label instead.
		options.summary = '{{fields.item}}';
	}
	return options;
}

/** The Decap fields of an object schema, in schema order, leaving out fields the CMS hides. */
export function objectFields(shape: Record<string, z.ZodType>, ctx: FieldContext): DecapField[] {
	return Object.entries(shape)
		.map(([name, schema]) => decapField(name, schema, ctx))
		.filter((f): f is DecapField => f !== undefined);
}
