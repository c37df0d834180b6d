import matter from 'gray-matter';
import type { z } from 'astro/zod';
import {
	reportFieldProblems,
	reportSchema,
	type ReportFrontmatter,
} from '../../content/schema.ts';
import { toPlainDate } from '../dates/plainDate.ts';
import { issuesToProblems, type Problem } from './problem.ts';
import type { ReportPath } from './reportPath.ts';
import { bodyTextProblem, dataTextProblems } from './textChecks.ts';
import { readYaml, YamlDataError } from './yamlData.ts';

export interface ParsedReport<D = ReportFrontmatter> {
	data: D;
	/** Markdown after the front matter. */
	body: string;
	/** Line of the file the body starts on (1-based), for problems found in the body. */
	bodyLine: number;
}

/**
 * Front matter + body of one report file, validated against the schema. Everything here depends
 * only on the file's bytes (and the site time zone), so the result is cached by content hash.
 * `source` is the file's text as decodeText() gives it: UTF-8, LF line ends, no byte-order mark.
 * Standing pages (content/pages/) are read the same way with their own schema.
 */
export function parseReport<S extends z.ZodType = typeof reportSchema>(
	file: string,
	source: string,
	where: Pick<ReportPath, 'lang'>,
	timeZone: string,
	schema: S = reportSchema as unknown as S,
): { report?: ParsedReport<z.output<S>>; problems: Problem[] } {
	if (!source.replace(/^\uFEFF/, '').startsWith('---')) {
		return { problems: [{ file, field: 'front matter', message: 'missing: the file must start with a --- block (title, date, category)' }] };
	}
	const language = frontMatterLanguage(source);
	if (language && !/^ya?ml$/i.test(language)) {
		return { problems: [{ file, field: 'front matter', message: `"---${language}" is not allowed: front matter is YAML data, opened by a line of exactly ---` }] };
	}
	let parsed: matter.GrayMatterFile<string>;
	try {
		parsed = matter(source, FRONT_MATTER);
	} catch (error) {
		return { problems: [{ file, field: 'front matter', message: yamlMessage(error) }] };
	}
	const raw = parsed.data as Record<string, unknown>;
	if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
		return { problems: [{ file, field: 'front matter', message: 'must be a list of "field: value" lines' }] };
	}
	// A timestamp with a time of day is read in the site's zone; date-only values never shift.
	if (raw.date instanceof Date) raw.date = toPlainDate(raw.date, timeZone) ?? raw.date;
	else if (typeof raw.date === 'string') raw.date = toPlainDate(raw.date, timeZone) ?? raw.date;
	// YAML reads `summary:` with nothing after it as null: treat empty optional fields as absent.
	for (const [key, value] of Object.entries(raw)) if (value === null || value === '') delete raw[key];

	const result = schema.safeParse(raw);
	const problems = [...dataTextProblems(file, raw), ...(result.success ? [] : issuesToProblems(file, result.error.issues))];
	const head = source.endsWith(parsed.content) ? source.slice(0, source.length - parsed.content.length) : '';
	const bodyLine = (head.match(/\n/g)?.length ?? 0) + 1;
	const bodyProblem = bodyTextProblem(parsed.content, bodyLine);
	if (bodyProblem) problems.push({ file, field: 'body', message: bodyProblem });
	if (raw.lang !== undefined && raw.lang !== where.lang && typeof raw.lang === 'string') {
		problems.push({ file, field: 'lang', message: `says "${raw.lang}" but the file is in the ${where.lang}/ folder` });
	}
	// Checks across a report's fields (文号, 成文日期, times, an empty body without a link).
	if (result.success && (schema as z.ZodType) === reportSchema)
		for (const p of reportFieldProblems(result.data as ReportFrontmatter, parsed.content))
			problems.push({ file, ...p });
	if (!result.success || problems.length) return { problems };
	return { report: { data: result.data, body: parsed.content, bodyLine }, problems };
}

/**
 * Front matter is YAML read as plain data (see yamlData.ts). Passing options also turns off
 * gray-matter's memo of every string it ever parsed (we cache by content hash ourselves).
 */
export const FRONT_MATTER = {
	engines: {
		yaml: (text: string) => readYaml(text) as object,
		// gray-matter registers a JavaScript engine that evaluates `---js` front matter: a content
		// file must never be code, so every engine but YAML refuses (frontMatterLanguage() reports
		// it first, in words; this is the second lock).
		javascript: refuseEngine,
		js: refuseEngine,
		json: refuseEngine,
		coffee: refuseEngine,
		coffeescript: refuseEngine,
		cson: refuseEngine,
		toml: refuseEngine,
	},
};

function refuseEngine(): never {
	throw new Error('front matter must be YAML');
}

/**
 * The language named after the opening `---` (`---js`, `--- javascript`), or '' for plain YAML.
 * gray-matter would pick a parser by that name; we accept none but YAML.
 */
export function frontMatterLanguage(source: string): string {
	const first = /^\uFEFF?---([^\r\n]*)/.exec(source)?.[1] ?? '';
	return first.trim();
}

/**
 * The parser's reason and position. gray-matter hands over the front matter from the newline
 * after the opening `---`, so the parser's line numbers are already the file's.
 */
function yamlMessage(error: unknown): string {
	if (error instanceof YamlDataError && error.line !== undefined) {
		return `YAML error at line ${error.line}${error.column === undefined ? '' : `, column ${error.column}`}: ${error.message}`;
	}
	if (error instanceof YamlDataError) return `YAML error: ${error.message}`;
	return `cannot be read: ${String((error as Error)?.message ?? error).split('\n')[0]}`;
}
