/**
 * Content problems: everything wrong with the content is collected and reported at once,
 * one line each, as `path: field: what is wrong` — never a stack trace.
 */

export interface Problem {
	/** Path relative to the project root, with forward slashes: `content/reports/2022/zh/x.md`. */
	file: string;
	/** Front-matter field (`date`, `attachments.0.file`), or a pseudo-field like `front matter`, `body`, `file name`. */
	field: string;
	message: string;
}

/** `content/reports/2022/zh/x.md: date: must be a real date written YYYY-MM-DD, got "2022-13-01"` */
export function formatProblem(p: Problem): string {
	return `${p.file}: ${p.field}: ${p.message}`;
}

/** Sorted by file, then field, so the report reads like a checklist and is stable in tests. */
export function sortProblems(problems: Problem[]): Problem[] {
	return [...problems].sort((a, b) => cmp(a.file, b.file) || cmp(a.field, b.field) || cmp(a.message, b.message));
}

function cmp(a: string, b: string): number {
	return a < b ? -1 : a > b ? 1 : 0;
}

/** Thrown when content cannot be built; carries every problem found. */
export class ContentError extends Error {
	readonly problems: Problem[];
	constructor(problems: Problem[]) {
		const sorted = sortProblems(problems);
		super(`${sorted.length} content problem${sorted.length === 1 ? '' : 's'}:\n${sorted.map(formatProblem).join('\n')}`);
		this.name = 'ContentError';
		this.problems = sorted;
	}
}

/** Turns zod issues into problems. `path` [] means the whole object. */
export function issuesToProblems(
	file: string,
	issues: readonly { path: readonly PropertyKey[]; message: string; code?: string; keys?: readonly string[] }[],
): Problem[] {
	const out: Problem[] = [];
	for (const issue of issues) {
		const field = issue.path.map(String).join('.') || 'front matter';
		if (issue.code === 'unrecognized_keys' && issue.keys) {
			for (const key of issue.keys) {
				out.push({ file, field: [...issue.path.map(String), key].join('.'), message: 'unknown field (check the spelling)' });
			}
			continue;
		}
		out.push({ file, field, message: friendlyMessage(issue.message) });
	}
	return out;
}

/** zod's wording for a missing value is "expected string, received undefined"; say it plainly. */
function friendlyMessage(message: string): string {
	if (/received undefined$/.test(message)) return 'is required';
	return message.replace(/^Invalid input: /, '');
}
