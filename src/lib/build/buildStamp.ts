/**
 * The build stamp: `dist/.huibao-build.json`, the last file a build puts in dist/. It names the
 * build and says how many files dist/ holds and a digest of their paths and sizes. A dist/ without
 * a stamp, or whose files do not match it, was not finished by `npm run build` (a killed build, a
 * full disk, `astro build` by hand, files added or deleted afterwards): `npm run deploy` refuses it,
 * and the next build does not trust it.
 *
 * The digest is a sum of per-file hashes (order does not matter), computed from a walk of dist/
 * that follows symbolic links the way the deploy's scan does.
 */
import { hash, randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

export const STAMP_FILE = '.huibao-build.json';

export interface BuildStamp {
	/** A new id for each build that changed dist/; the build manifest carries the same id. */
	build: string;
	/** Files in dist/ (the stamp left out). */
	files: number;
	/** Sum of SHA-1(path NUL size) over those files, as hex. */
	digest: string;
}

const MOD = 1n << 160n;

/** Files under `dir` (following symbolic links, the stamp left out): path → size. */
export function distFiles(dir: string): Map<string, number> {
	const out = new Map<string, number>();
	const walk = (folder: string) => {
		for (const entry of readdirSync(folder, { withFileTypes: true })) {
			const path = join(folder, entry.name);
			if (entry.isDirectory()) walk(path);
			else if (entry.isFile() || entry.isSymbolicLink()) {
				let s;
				try {
					s = statSync(path);
				} catch {
					continue; // a dangling link is no file
				}
				if (s.isDirectory()) walk(path);
				else if (s.isFile()) out.set(relative(dir, path).split(sep).join('/'), s.size);
			}
		}
	};
	walk(dir);
	out.delete(STAMP_FILE);
	return out;
}

/** One file's share of the digest. */
export function fileTerm(path: string, size: number): bigint {
	return BigInt(`0x${hash('sha1', `${path}\0${size}`)}`);
}

export function digestOf(files: Map<string, number>): string {
	let sum = 0n;
	for (const [path, size] of files) sum = (sum + fileTerm(path, size)) % MOD;
	return sum.toString(16).padStart(40, '0');
}

/**
 * The stamp after a change of `files` files adding `term` to the sum (both may be negative): an
 * incremental build counts what it replaced and put instead of walking all of dist/ again.
 */
export function adjustStamp(previous: BuildStamp, files: number, term: bigint): BuildStamp {
	const sum = (((BigInt(`0x${previous.digest}`) + term) % MOD) + MOD) % MOD;
	return {
		build: randomUUID(),
		files: previous.files + files,
		digest: sum.toString(16).padStart(40, '0'),
	};
}

/** A stamp for what `dir` holds now, under a new build id. */
export function stampFor(dir: string): BuildStamp {
	const files = distFiles(dir);
	return { build: randomUUID(), files: files.size, digest: digestOf(files) };
}

/** The stamp of `dist`, or undefined when there is none or it does not parse. */
export function readStamp(dist: string): BuildStamp | undefined {
	try {
		const s = JSON.parse(readFileSync(join(dist, STAMP_FILE), 'utf8')) as BuildStamp;
		return typeof s?.build === 'string' &&
			Number.isSafeInteger(s.files) &&
			typeof s.digest === 'string'
			? s
			: undefined;
	} catch {
		return undefined;
	}
}

/**
 * Why `dist` is not a finished build, or undefined when its files match its stamp.
 * `files` may be passed when the caller has walked dist/ already.
 */
export function unfinishedReason(
	dist: string,
	files: Map<string, number> = distFiles(dist)
): string | undefined {
	const stamp = readStamp(dist);
	if (!stamp)
		return `${dist} was not finished by npm run build (it has no ${STAMP_FILE}): a build was interrupted or failed, or dist/ was made another way; run npm run build`;
	if (files.size !== stamp.files) {
		return `${dist} does not match its build stamp (${stamp.files} files built, ${files.size} there now): files were added or deleted after the build; run npm run build -- --clean`;
	}
	if (digestOf(files) !== stamp.digest) {
		return `${dist} does not match its build stamp (a file's name or size changed after the build); run npm run build -- --clean`;
	}
	return undefined;
}
