/**
 * The line under an article's title: `发布时间：2022-12-07  来源：协会秘书处  点击率：123`.
 *
 * It carries the report's date and source. Any field may be empty, labels vary from site to
 * site, and a notice's body is full of look-alikes (`会议时间：12月10日`), so a line only counts
 * when a label starts it and the values look like what such a line holds.
 */
import { isPlainDate, type PlainDate } from '../lib/dates/plainDate.ts';

const DATE_LABELS = (
	'发布时间 发布日期 发表时间 发表日期 更新时间 更新日期 ' +
	'发文时间 发文日期 录入时间 添加时间 上传时间 时间 日期'
).split(' ');
/** Bare `时间`/`日期` also start lines of a notice's body, so they need a stricter value. */
const WEAK_DATE_LABELS = new Set(['时间', '日期']);
const SOURCE_LABELS = ['信息来源', '文章来源', '新闻来源', '稿件来源', '来源', '出处'];
/** Who issued the page: used as `source` when the page has no 来源 value. */
const AUTHOR_LABELS = ['发布单位', '发稿单位', '发布者', '发布人', '作者', '供稿', '撰稿'];
/** Counters and widgets that share the line; recognised only so their values are not taken. */
const OTHER_LABELS = (
	'点击率 点击数 点击量 点击次数 点击 浏览次数 浏览量 浏览数 浏览 ' +
	'阅读次数 阅读量 阅读数 阅读 访问次数 访问量 人气 ' +
	'字体 字号 责任编辑 编辑 录入 审核 分享到'
).split(' ');

const ALL_LABELS = [...DATE_LABELS, ...SOURCE_LABELS, ...AUTHOR_LABELS, ...OTHER_LABELS].sort(
	(a, b) => b.length - a.length
);

/**
 * A label and an ASCII or full-width colon. Labels may be glued to the previous value
 * (`16:29来源:未知`, as DedeCMS prints them); only the first must start the line, so
 * 会议时间： is not 时间：.
 */
const LABEL = new RegExp(`(${ALL_LABELS.join('|')})\\s*[:：]`, 'g');

/** `2022-12-07`, `2022/12/7`, `2022.12.07`, `2022年12月7日`, with an optional time after it. */
const DATE = /(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?/;
const DATE_ONLY =
	/^\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$/;

/** What CMSs print when nobody filled the field in: as good as empty. */
const PLACEHOLDER =
	/^(?:未知|不详|无|暂无|佚名|admin|administrator|管理员|系统管理员|[-—/\\]+|null|undefined)$/i;

export interface MetaLine {
	/** The date in the line, if it has a usable one. */
	date?: PlainDate;
	/** The value of the first date label as written (for error messages when it is unusable). */
	dateText?: string;
	/** 来源, or else 作者/发布单位: who issued it. Absent when empty. */
	source?: string;
	/** Whether the line has a date label at all. */
	hasDateLabel: boolean;
	/** Only a bare `时间：`/`日期：` and a date: could also be a line of a notice's body. */
	weak?: boolean;
}

/** Reads a meta line; undefined when the line is not one. */
export function parseMetaLine(line: string): MetaLine | undefined {
	const text = line.trim();
	const matches = [...text.matchAll(LABEL)];
	if (matches.length === 0) return undefined;
	const first = matches[0]!;
	// Only decorations ([, 【, |) may come before the first label.
	if (/[\p{L}\p{N}]/u.test(text.slice(0, first.index))) return undefined;

	const fields = matches.map((m, i) => {
		const end = i + 1 < matches.length ? matches[i + 1]!.index : text.length;
		return { label: m[1]!, value: cleanValue(text.slice(m.index + m[0].length, end)) };
	});
	const dateField = fields.find((f) => DATE_LABELS.includes(f.label));
	if (
		fields.length === 1 &&
		dateField &&
		WEAK_DATE_LABELS.has(dateField.label) &&
		!DATE_ONLY.test(dateField.value.normalize('NFKC'))
	) {
		return undefined;
	}
	if (
		fields.length === 1 &&
		!dateField &&
		!SOURCE_LABELS.includes(fields[0]!.label) &&
		!AUTHOR_LABELS.includes(fields[0]!.label)
	) {
		// A lone counter (点击：12) is meta; a lone 编辑：/审核： is more likely a body line.
		if (!/^(点击|浏览|阅读|访问|人气)/.test(fields[0]!.label)) return undefined;
	}
	const meta: MetaLine = { hasDateLabel: dateField !== undefined };
	if (fields.length === 1 && dateField && WEAK_DATE_LABELS.has(dateField.label)) meta.weak = true;
	if (dateField) {
		meta.dateText = dateField.value;
		const date = parseDate(dateField.value);
		if (date) meta.date = date;
	}
	const given = (f: { value: string }) => f.value !== '' && !PLACEHOLDER.test(f.value);
	const source =
		fields.find((f) => SOURCE_LABELS.includes(f.label) && given(f))?.value ??
		fields.find((f) => AUTHOR_LABELS.includes(f.label) && given(f))?.value;
	if (source) meta.source = source;
	return meta;
}

/** The calendar date in a value such as `2022年12月7日 10:30`; undefined when there is none. */
export function parseDate(value: string): PlainDate | undefined {
	const m = DATE.exec(value.normalize('NFKC'));
	if (!m) return undefined;
	const date = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
	return isPlainDate(date) ? date : undefined;
}

function cleanValue(value: string): string {
	return value
		.replace(/[【[［][^】\]］]*[】\]］]/g, ' ')
		.replace(/[|｜【】[\]［］]/g, ' ')
		.replace(/\s+/g, ' ')
		.trim();
}
