/**
 * Slugs that match the pattern (reportPath.ts) and still cause trouble.
 *
 * - Look-alikes: Kangxi radicals (⽇, U+2F47) and CJK compatibility ideographs (U+F900…) are
 *   "Chinese characters" that look exactly like ordinary ones (日). Two reports whose URLs look
 *   the same would be a trap for readers, and macOS may store such names normalised, so git
 *   would see another file. A slug must be in Unicode NFKC form: what it looks like is what it is.
 * - Windows device names: `con.md`, `nul.md`, `com1.md`… cannot be checked out on Windows.
 */
const RESERVED = /^(?:con|prn|aux|nul|com[0-9]|lpt[0-9])(?:\.|$)/;

/** Why a well-formed slug is still refused, or undefined. */
export function slugProblem(slug: string): string | undefined {
	const plain = slug.normalize('NFKC');
	if (plain !== slug) {
		const odd = [...slug].find((c) => c.normalize('NFKC') !== c)!;
		return `"${slug}" contains "${odd}" (U+${odd.codePointAt(0)!.toString(16).toUpperCase()}), a look-alike of "${odd.normalize('NFKC')}": write the slug as "${plain}"`;
	}
	if (RESERVED.test(slug)) return `"${slug}" is a reserved file name on Windows (like con, nul, com1): choose another slug`;
	return undefined;
}
