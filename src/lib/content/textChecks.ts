/**
 * Characters that have no place in content, found in any text field.
 *
 * Control characters (C0 and C1, other than tab and newline) are invisible in the CMS and in an
 * editor, yet a single NUL in a title makes rss.xml invalid XML for every subscriber; U+FFFE and
 * U+FFFF are not characters at all. In one-line fields (front matter and data files) direction
 * controls (U+202A–U+202E, U+2066–U+2069) can make a title read differently from what it says,
 * and line separators (U+2028, U+2029) break a line that should not break.
 */
import type { Problem } from './problem.ts';

/**
 * Never allowed: C0 and C1 controls except tab and newline, DEL, the non-characters U+FFFE/U+FFFF
 * and half a surrogate pair (YAML's "\uD800" escape makes one; it is no character at all; with
 * the u flag, \p{Cs} matches only a half that has no partner).
 */
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\uFFFE\uFFFF\p{Cs}]/u;
/**
 * CONTROL without the u flag, so any surrogate, paired or not: nothing found means nothing to
 * refuse. Four times faster on a long Chinese body (0.01 ms against 0.04 ms), and every body is
 * checked on a cold build.
 */
const MAYBE_CONTROL = new RegExp(CONTROL.source.replace('\\p{Cs}', '\\uD800-\\uDFFF'));
/** Also refused in front matter and data files: direction controls and line/paragraph separators. */
const FIELD_ONLY = /[\u202A-\u202E\u2066-\u2069\u2028\u2029]/u;
const FIELD = new RegExp(`${CONTROL.source}|${FIELD_ONLY.source}`, 'u');

/** `U+0000` */
export function codePoint(char: string): string {
	return `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

function describe(char: string): string {
	if (FIELD_ONLY.test(char)) {
		return /[\u2028\u2029]/.test(char) ? `a line separator (${codePoint(char)})` : `an invisible direction control (${codePoint(char)})`;
	}
	if (char === '\uFFFE' || char === '\uFFFF') return `a non-character (${codePoint(char)})`;
	if (/[\uD800-\uDFFF]/.test(char)) return `half a surrogate pair (${codePoint(char)})`;
	return `a control character (${codePoint(char)})`;
}

/** `title: contains a control character (U+0000) at character 3`, or undefined when the text is clean. */
export function fieldTextProblem(text: string): string | undefined {
	const at = text.search(FIELD);
	if (at < 0) return undefined;
	return `contains ${describe(text[at]!)} at character ${[...text.slice(0, at)].length + 1}; remove it`;
}

/**
 * Every string in parsed YAML data (front matter, a data file), by field path (`tags.1`,
 * `attachments.0.title`), the way zod names fields. Walks without recursion: the data may be
 * deep.
 */
export function dataTextProblems(file: string, data: unknown): Problem[] {
	const problems: Problem[] = [];
	const stack: [string, unknown][] = [['', data]];
	while (stack.length) {
		const [path, value] = stack.pop()!;
		if (typeof value === 'string') {
			const message = fieldTextProblem(value);
			if (message) problems.push({ file, field: path || 'front matter', message });
		} else if (Array.isArray(value)) {
			value.forEach((v, i) => stack.push([path ? `${path}.${i}` : String(i), v]));
		} else if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
			for (const [key, v] of Object.entries(value)) {
				const field = path ? `${path}.${key}` : key;
				const keyProblem = fieldTextProblem(key);
				if (keyProblem) problems.push({ file, field, message: `the field name ${keyProblem}` });
				stack.push([field, v]);
			}
		}
	}
	return problems.reverse();
}

/**
 * A control character in the Markdown body, by line and column of the file (`firstLine` is the
 * file line the body starts on). Tabs and newlines are fine; direction controls and line
 * separators are prose's business and render as they are.
 */
export function bodyTextProblem(body: string, firstLine: number): string | undefined {
	if (!MAYBE_CONTROL.test(body)) return undefined;
	const at = body.search(CONTROL);
	if (at < 0) return undefined;
	const before = body.slice(0, at);
	const line = firstLine + (before.match(/\n/g)?.length ?? 0);
	const column = [...before.slice(before.lastIndexOf('\n') + 1)].length + 1;
	return `contains ${describe(body[at]!)} at line ${line}, column ${column}; remove it`;
}
