/**
 * JSON files of the build cache, written with their own checksum: the first line is the SHA-1 of
 * the rest. A cache file is an input like any other: one that is truncated, damaged or edited by
 * hand fails its checksum and is ignored (the build then does the work again) instead of being
 * trusted. Written to a temp file beside the target and renamed, so a crash never leaves half a
 * file.
 *
 * The checksum catches damage, not intent: whoever can write the cache can write a matching
 * checksum. What a cache file says is therefore also checked where it is used (paths confined to
 * dist/ and the cache, counts against the build stamp; see safePath.ts and buildStamp.ts).
 */
import { hash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export function writeCheckedJson(file: string, data: unknown): void {
	const body = JSON.stringify(data);
	mkdirSync(dirname(file), { recursive: true });
	const temp = `${file}.${process.pid}.tmp`;
	writeFileSync(temp, `${hash('sha1', body)}\n${body}`);
	renameSync(temp, file);
}

/** The data, or undefined when the file is missing, damaged or not in this format. */
export function readCheckedJson(file: string): unknown {
	let text: string;
	try {
		text = readFileSync(file, 'utf8');
	} catch {
		return undefined;
	}
	const newline = text.indexOf('\n');
	if (newline !== 40) return undefined;
	const body = text.slice(newline + 1);
	if (hash('sha1', body) !== text.slice(0, newline)) return undefined;
	try {
		return JSON.parse(body);
	} catch {
		return undefined;
	}
}
