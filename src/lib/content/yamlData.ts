/**
 * YAML as plain data: the one way front matter and the data files (categories.yml,
 * settings.yml) are read.
 *
 * - Core schema: `date: 2024-02-30` stays the text the editor wrote, so it can be refused, where
 *   YAML 1.1 timestamps would silently roll it over to 1 March; no `<<` merge keys.
 * - No tags: `!!js/function`, `!!python/object`, `!!binary`, `!!set`, `!foo` are refused rather
 *   than turned into something that is not text, a number, true/false or a list.
 * - One document: text after a `...` line would otherwise be dropped without a word.
 * - Duplicate keys are errors; aliases are capped (a "billion laughs" file is refused); nesting
 *   deep enough to exhaust the stack is an error, not a crash.
 */
import { parseAllDocuments, YAMLError } from 'yaml';

/** Aliases (`*name`) one file may expand; far above any real use, far below a resource attack. */
const MAX_ALIASES = 100;

/** A YAML problem with its position in the text (1-based line), when known. */
export class YamlDataError extends Error {
	readonly line?: number;
	readonly column?: number;
	constructor(message: string, line?: number, column?: number) {
		super(message);
		this.name = 'YamlDataError';
		this.line = line;
		this.column = column;
	}
}

/** Parses YAML text into plain data, or throws a YamlDataError that says what is wrong and where. */
export function readYaml(text: string): unknown {
	const docs = parseAllDocuments(text, { schema: 'core', resolveKnownTags: false, uniqueKeys: true, logLevel: 'silent', prettyErrors: true });
	if (!Array.isArray(docs)) return undefined; // an empty stream
	if (docs.length > 1) {
		const line = docs[1]!.range ? lineOf(text, docs[1]!.range[0]) : undefined;
		throw new YamlDataError('more than one YAML document (a "..." or "---" line in the middle); keep one', line);
	}
	const doc = docs[0];
	if (!doc) return undefined;
	const error = doc.errors[0];
	if (error) throw fromYamlError(error, reason(error));
	const tag = doc.warnings.find((w) => w.code === 'TAG_RESOLVE_FAILED');
	if (tag) {
		const name = /Unresolved tag: (\S+)/.exec(tag.message)?.[1]?.replace(/^tag:yaml\.org,2002:/, '!!') ?? 'tag';
		throw fromYamlError(tag, `the YAML tag ${name} is not allowed: write plain text, numbers, true/false or lists`);
	}
	try {
		return doc.toJS({ maxAliasCount: MAX_ALIASES });
	} catch (e) {
		if (/alias/i.test(String((e as Error)?.message))) throw new YamlDataError(`too many aliases (*name): at most ${MAX_ALIASES} may be used`);
		throw new YamlDataError(String((e as Error)?.message ?? e).split('\n')[0]!);
	}
}

function reason(error: YAMLError): string {
	return error.message.split(' at line')[0]!.split('\n')[0]!;
}

function fromYamlError(error: YAMLError, message: string): YamlDataError {
	return new YamlDataError(message, error.linePos?.[0].line, error.linePos?.[0].col);
}

function lineOf(text: string, offset: number): number {
	return (text.slice(0, offset).match(/\n/g)?.length ?? 0) + 1;
}
