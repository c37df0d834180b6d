/**
 * The data files in content/: categories.yml and settings.yml. Like reports, they are edited by
 * hand or in the CMS, and every problem is reported as `file: field: message`.
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { z } from 'astro/zod';
import { categoriesFileSchema, settingsSchema, type Category, type Settings } from '../../content/schema.ts';
import { decodeText } from './decodeText.ts';
import { issuesToProblems, type Problem } from './problem.ts';
import { linkOnPath, linkProblem } from './symlinks.ts';
import { dataTextProblems } from './textChecks.ts';
import { readYaml, YamlDataError } from './yamlData.ts';
import { localeKeys } from '../../i18n/locales.ts';

export const CATEGORIES_FILE = 'content/categories.yml';
export const SETTINGS_FILE = 'content/settings.yml';

type DataRead = { data?: unknown; problems: Problem[] };

/** A data file's bytes as plain data: link, encoding and YAML problems as `file: field: message`. */
function parseData(file: string, bytes: Buffer): DataRead {
	const decoded = decodeText(bytes);
	if (decoded.problem !== undefined) return { problems: [{ file, field: 'encoding', message: decoded.problem }] };
	try {
		return { data: readYaml(decoded.text), problems: [] };
	} catch (error) {
		const e = error as YamlDataError;
		const where = e.line === undefined ? '' : ` at line ${e.line}${e.column === undefined ? '' : `, column ${e.column}`}`;
		return { problems: [{ file, field: 'YAML', message: `YAML error${where}: ${e.message}` }] };
	}
}

async function readData(root: string, file: string): Promise<DataRead> {
	const link = linkOnPath(root, file);
	if (link) return { problems: [linkProblem(root, file, link)] };
	try {
		return parseData(file, await readFile(join(root, file)));
	} catch {
		return { problems: [{ file, field: 'file', message: 'is missing' }] };
	}
}

/**
 * A data file read as the loader reads it (links, encoding, YAML), but not checked against its
 * schema, and synchronously: for the CMS config, which must still be produced when the file is
 * wrong so that an editor can put it right in the CMS. Checking is `loadCategories`/`loadSettings`'s job.
 */
export function readDataUnchecked(root: string, file: string): DataRead {
	const link = linkOnPath(root, file);
	if (link) return { problems: [linkProblem(root, file, link)] };
	let bytes: Buffer;
	try {
		bytes = readFileSync(join(root, file));
	} catch {
		return { problems: [{ file, field: 'file', message: 'is missing' }] };
	}
	return parseData(file, bytes);
}

async function loadYaml<S extends z.ZodType>(
	root: string,
	file: string,
	schema: S,
): Promise<{ value?: z.output<S>; problems: Problem[] }> {
	const read = await readData(root, file);
	if (read.problems.length) return { problems: read.problems };
	const data = read.data;
	const result = schema.safeParse(data ?? {});
	const problems = [
		...dataTextProblems(file, data),
		...(result.success ? [] : issuesToProblems(file, result.error.issues).map(oldLayoutHint)),
	];
	if (problems.length) return { problems };
	return { value: result.data, problems: [] };
}

/**
 * Files written before values were kept per language had `name` and `name_en`: say how to
 * write them now (`name: { zh: …, en: … }`) rather than "unknown field" and "expected object".
 * They are not read the old way: the CMS writes the new layout, and one layout means one reader.
 */
function oldLayoutHint(problem: Problem): Problem {
	const suffix = new RegExp(`^(.*)_(${localeKeys.join('|')})$`).exec(problem.field);
	if (suffix && problem.message.startsWith('unknown field')) {
		const [, base, lang] = suffix;
		const name = base!.split('.').pop()!;
		return { ...problem, message: `old layout: write it under ${name}, as ${lang}: ${perLocaleExample(name)}` };
	}
	if (/^expected object, received (?:string|array)$/.test(problem.message) && problem.field !== 'front matter' &&
		!/\.\d+$/.test(problem.field)) {
		return { ...problem, message: `give one value per language: ${perLocaleExample(problem.field)}` };
	}
	return problem;
}

const perLocaleExample = (field: string) =>
	`${field.split('.').pop()}: { ${localeKeys.map((l) => `${l}: …`).join(', ')} }`;

/** Categories sorted by `order`; duplicate slugs are problems. */
export async function loadCategories(root: string): Promise<{ categories: Category[]; problems: Problem[] }> {
	const { value, problems } = await loadYaml(root, CATEGORIES_FILE, categoriesFileSchema);
	const categories = [...(value?.categories ?? [])].sort((a, b) => a.order - b.order || (a.slug < b.slug ? -1 : 1));
	const seen = new Set<string>();
	categories.forEach((c) => {
		if (seen.has(c.slug)) problems.push({ file: CATEGORIES_FILE, field: 'categories', message: `slug "${c.slug}" is used twice` });
		seen.add(c.slug);
	});
	return { categories, problems };
}

export async function loadSettings(root: string): Promise<{ settings?: Settings; problems: Problem[] }> {
	const { value, problems } = await loadYaml(root, SETTINGS_FILE, settingsSchema);
	return { settings: value, problems };
}
