/**
 * Decap CMS fields derived from the zod schemas in src/content/schema.ts, so the CMS and the
 * validator share one field list: names, required flags, widgets, labels, hints, i18n modes and
 * the limits Decap can check in the browser (length, regular expressions), with messages in the
 * editor's language.
 */
import { z } from 'astro/zod';
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

/**
 * The parts of a field's JSON Schema the CMS uses: zod's public z.toJSONSchema says what limits
 * a field has, so the CMS does not read zod's internals. Refinements and transforms have no JSON
 * form: they stay the validator's (`npm run check`, the save guards), not the browser's.
 */
interface JsonField {
	type?: string;
	minLength?: number;
	maxLength?: number;
	pattern?: string;
	format?: string;
	allOf?: JsonField[];
	enum?: string[];
	minimum?: number;
	exclusiveMinimum?: number;
	maximum?: number;
	maxItems?: number;
	items?: JsonField;
	default?: unknown;
}

const jsonOfField = new WeakMap<z.ZodType, { json: JsonField; required: boolean }>();

/**
 * A field's JSON Schema as the object holding it sees it, so that `required` is known: the input
 * side, where a field with a default may be left out, as an editor may leave it empty.
 */
function fieldJson(schema: z.ZodType): { json: JsonField; required: boolean } {
	let found = jsonOfField.get(schema);
	if (!found) {
		const object = z.toJSONSchema(z.object({ field: schema }), {
			io: 'input',
			unrepresentable: 'any',
		}) as unknown as { properties: { field: JsonField }; required?: string[] };
		found = {
			json: object.properties.field,
			required: object.required?.includes('field') ?? false,
		};
		jsonOfField.set(schema, found);
	}
	return found;
}

/** The schema under its optional/default wrappers: the object or list whose fields the CMS shows. */
function bare(schema: z.ZodType): z.ZodType {
	return schema instanceof z.ZodOptional || schema instanceof z.ZodDefault
		? bare(schema.unwrap() as z.ZodType)
		: schema;
}

const t = (lang: CmsLang, zh: string, en: string) => cmsText({ zh, en }, lang);

/**
 * Decap `pattern` for a string field, from its JSON Schema: its length limits, format, regular
 * expression and, for text that is trimmed and must not be empty, at least one visible character.
 * Decap tests the value as typed.
 */
function stringPattern(json: JsonField, lang: CmsLang): [string, string] | undefined {
	const { minLength: min, maxLength: max, format } = json;
	// Several regular expressions come as allOf; the first is the one the CMS tests.
	const pattern = json.pattern ?? json.allOf?.find((p) => p.pattern)?.pattern;
	if (format === 'uri') {
		return [
			'^https?://[^\\s/$.?#][^\\s]*$',
			t(
				lang,
				'：请填写以 http:// 或 https:// 开头的网址',
				'a web address starting with http:// or https://'
			),
		];
	}
	if (format === 'email') {
		return [
			'^[^\\s@]+@[^\\s@]+\\.[A-Za-z]{2,}$',
			t(
				lang,
				'：请填写电子邮箱地址，如 office@example.org.cn',
				'an email address such as office@example.org'
			),
		];
	}
	if (pattern !== undefined) return [pattern, t(lang, '：格式不正确', 'the expected format')];
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

function mediaPattern(kind: 'image' | 'file', lang: CmsLang): [string, string] {
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
	const { json, required } = fieldJson(schema);
	const label = cmsText(meta.label, ctx.lang);
	const field: DecapField = { name, label, widget: 'string' };
	if (!required) field.required = false;
	if (json.default !== undefined) field.default = json.default;
	if (meta.hint) field.hint = cmsText(meta.hint, ctx.lang);
	if (ctx.i18n) field.i18n = meta.i18n === 'translate' ? true : 'duplicate';
	Object.assign(field, widgetOptions(meta, schema, json, label, ctx));
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
	schema: z.ZodType,
	json: JsonField,
	label: string,
	ctx: FieldContext
): Partial<DecapField> {
	const widget =
		meta.widget ??
		(json.type === 'boolean'
			? 'boolean'
			: json.type === 'number' || json.type === 'integer'
				? 'number'
				: 'string');
	switch (widget) {
		case 'string':
		case 'text': {
			const pattern = stringPattern(json, ctx.lang);
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
			const values = json.enum ?? [];
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
			const min = json.minimum ?? json.exclusiveMinimum;
			return {
				widget: 'number',
				value_type: json.type === 'integer' ? 'int' : 'float',
				...(min !== undefined && { min }),
				...(json.maximum !== undefined && { max: json.maximum }),
			};
		}
		case 'image':
		case 'file': {
			const limits = MEDIA_LIMITS[widget];
			return {
				widget,
				choose_url: false,
				pattern: mediaPattern(widget, ctx.lang),
				media_library: { config: { max_file_size: limits.maxBytes, multiple: false } },
				...(ctx.mediaFolder && { media_folder: ctx.mediaFolder, public_folder: ctx.publicFolder }),
			};
		}
		case 'list':
			return listOptions(schema, json, label, ctx);
		case 'object': {
			const object = bare(schema);
			const shape =
				object instanceof z.ZodObject ? (object.shape as Record<string, z.ZodType>) : {};
			return { widget: 'object', fields: objectFields(shape, { ...ctx, i18n: false }) };
		}
	}
}

function listOptions(
	schema: z.ZodType,
	json: JsonField,
	label: string,
	ctx: FieldContext
): Partial<DecapField> {
	const array = bare(schema);
	if (!(array instanceof z.ZodArray)) throw new Error(`list field "${label}" is not an array`);
	const max = json.maxItems;
	const options: Partial<DecapField> = { widget: 'list', ...(max !== undefined && { max }) };
	const item = bare(array.element as z.ZodType);
	if (item instanceof z.ZodObject) {
		const fields = objectFields(item.shape as Record<string, z.ZodType>, { ...ctx, i18n: false });
		options.fields = fields;
		options.summary = fields[0] ? `{{fields.${fields[0].name}}}` : undefined;
	} else {
		const pattern = stringPattern(json.items ?? {}, ctx.lang);
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
