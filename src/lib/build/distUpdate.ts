/**
 * Every change a build makes to dist/ goes through here, so that a build either completes or
 * leaves the previous dist/ as it was — whether it fails, is interrupted (Ctrl-C, kill) or runs
 * out of disk.
 *
 * Everything is prepared in the work area `.<dist>.build/` beside dist/ (same file system, so
 * moving a prepared file or folder into dist/ is one rename):
 * - A full build assembles a whole new tree in `next/`, stamps it (buildStamp.ts) and swaps it
 *   for dist/ with two renames; until then dist/ is untouched.
 * - An incremental build changes dist/ in place, but only by renames recorded first in an undo
 *   log (`undo.log`): what a change replaces or deletes is moved to `undo/`, not deleted. The
 *   first change takes the old stamp away; the last puts the new one; deleting the log is the
 *   commit. Killed in between, dist/ has no stamp (deploy refuses it) and the next build (or
 *   this one, on Ctrl-C or an error) plays the log backwards: the previous dist/ again.
 *
 * A lock file keeps two builds from sharing a work area; the leftovers of an interrupted build
 * are cleaned at the start of the next.
 */
import {
	closeSync,
	copyFileSync,
	cpSync,
	existsSync,
	mkdirSync,
	openSync,
	readdirSync,
	readFileSync,
	renameSync,
	rmdirSync,
	rmSync,
	statSync,
	writeFileSync,
	writeSync,
} from 'node:fs';
import { rm } from 'node:fs/promises';
import { basename, dirname, join, resolve, sep } from 'node:path';
import {
	adjustStamp,
	distFiles,
	fileTerm,
	STAMP_FILE,
	stampFor,
	type BuildStamp,
} from './buildStamp.ts';
import { inside, isSafeRelativePath } from '../safePath.ts';
import { injectedFault } from './faults.ts';

/** The work area of a dist folder: beside it, so on the same file system. */
export function workDirOf(dist: string): string {
	return join(dirname(resolve(dist)), `.${basename(dist)}.build`);
}

/** rm -r that tolerates a folder still being written to by a dying process. */
function removeTree(path: string): void {
	rmSync(path, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
}

/** Rename; across file systems, copy and delete (the source may be in a cache elsewhere). */
export function moveAcross(from: string, to: string): void {
	try {
		renameSync(from, to);
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
		cpSync(from, to, { recursive: true });
		removeTree(from);
	}
}

interface UndoEntry {
	/** Path in dist/. */
	rel: string;
	/** Where what was there went (in undo/), or null when nothing was there. */
	backup: string | null;
}

type Mode = 'direct' | 'full' | 'incremental';

export class DistUpdate {
	readonly dist: string;
	readonly work: string;
	readonly mode: Mode;
	/** The folder being written: dist/ itself, or the new tree of a full build. */
	readonly target: string;
	private journal: number | undefined;
	private undone = 0;
	private temps = 0;
	private changes = 0;
	private finished = false;
	/** What this build's changes did to dist/'s file count and digest sum (incremental). */
	private countDelta = 0;
	private termDelta = 0n;
	/** dist/ lacked or had other files than the build expected: the next stamp is counted anew. */
	drifted = false;

	private constructor(dist: string, mode: Mode) {
		this.dist = resolve(dist);
		this.work = workDirOf(this.dist);
		this.mode = mode;
		this.target = mode === 'full' ? join(this.work, 'next') : this.dist;
		if (mode === 'full') {
			removeTree(this.target);
			mkdirSync(this.target, { recursive: true });
		}
	}

	/** Writes straight into `dist` (tools and tests that build one part of a site). */
	static direct(dist: string): DistUpdate {
		return new DistUpdate(dist, 'direct');
	}

	/** A full build (new tree, swapped in at commit) or an incremental one (undo log). */
	static begin(dist: string, full: boolean): DistUpdate {
		return new DistUpdate(dist, full ? 'full' : 'incremental');
	}

	/** Absolute path of `rel` in the folder being written. */
	path(rel: string): string {
		return rel === '' ? this.target : inside(this.target, rel);
	}

	/** A new path in the work area (same file system as dist/) to prepare a file or folder at. */
	temp(): string {
		const dir =
			this.mode === 'direct' ? join(this.work, `tmp-${process.pid}`) : join(this.work, 'tmp');
		mkdirSync(dir, { recursive: true });
		return join(dir, String(++this.temps));
	}

	/** Moves a prepared file or folder to `rel`, replacing what is there. */
	put(rel: string, from: string): void {
		const to = this.path(rel);
		this.fault();
		this.setAside(rel, to);
		mkdirSync(dirname(to), { recursive: true });
		moveAcross(from, to);
		this.count(rel, to, 1);
		this.changes++;
		// A direct update has no commit to clear its temp folder: it goes as soon as it is empty.
		if (this.mode === 'direct') {
			try {
				rmdirSync(dirname(from));
				rmdirSync(this.work);
			} catch {}
		}
	}

	/** Writes bytes to `rel` unless it already holds exactly them. */
	writeFile(rel: string, bytes: string | Uint8Array): boolean {
		const data =
			typeof bytes === 'string'
				? Buffer.from(bytes)
				: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
		const to = this.path(rel);
		try {
			if (statSync(to).size === data.length && readFileSync(to).equals(data)) return false;
		} catch {}
		const temp = this.temp();
		writeFileSync(temp, data);
		this.put(rel, temp);
		return true;
	}

	/** Copies a file to `rel` (through the work area, so dist/ never holds half a copy). */
	copyFile(rel: string, source: string): void {
		const temp = this.temp();
		copyFileSync(source, temp);
		this.put(rel, temp);
	}

	/** Removes `rel` (a file or folder) and then its parent folders while they are empty. */
	remove(rel: string): void {
		const path = this.path(rel);
		if (!existsSync(path)) {
			// The build only removes what it put there: someone else deleted it.
			this.drifted = true;
			return;
		}
		this.fault();
		this.setAside(rel, path);
		this.changes++;
		for (let dir = dirname(path); dir.startsWith(this.target + sep); dir = dirname(dir)) {
			try {
				rmdirSync(dir);
			} catch {
				break;
			}
		}
	}

	/** Adds (sign 1) or takes away (-1) the files at `path` from the stamp's count and sum. */
	private count(rel: string, path: string, sign: 1 | -1): void {
		if (this.mode !== 'incremental' || rel === STAMP_FILE) return;
		let files: [string, number][];
		try {
			const s = statSync(path);
			files = s.isDirectory()
				? [...distFiles(path)].map(([f, size]) => [`${rel}/${f}`, size])
				: [[rel, s.size]];
		} catch {
			return;
		}
		for (const [file, size] of files) {
			this.countDelta += sign;
			this.termDelta += BigInt(sign) * fileTerm(file, size);
		}
	}

	/** Before `path` is replaced or removed: deleted (direct, full) or moved to undo/ (incremental). */
	private setAside(rel: string, path: string): void {
		const exists = existsSync(path);
		if (this.mode !== 'incremental') {
			if (exists) removeTree(path);
			return;
		}
		if (exists) this.count(rel, path, -1);
		this.openJournal();
		const backup = exists ? join(this.work, 'undo', String(++this.undone)) : null;
		this.log({ rel, backup: backup && basename(backup) });
		if (backup) {
			mkdirSync(dirname(backup), { recursive: true });
			renameSync(path, backup);
		}
	}

	/** The first change of an incremental build opens the log and takes the old stamp away. */
	private openJournal(): void {
		if (this.journal !== undefined) return;
		mkdirSync(this.work, { recursive: true });
		this.journal = openSync(join(this.work, 'undo.log'), 'w');
		const stamp = join(this.dist, STAMP_FILE);
		if (existsSync(stamp)) {
			const backup = join(this.work, 'undo', String(++this.undone));
			this.log({ rel: STAMP_FILE, backup: basename(backup) });
			mkdirSync(dirname(backup), { recursive: true });
			renameSync(stamp, backup);
		}
	}

	private log(entry: UndoEntry): void {
		writeSync(this.journal!, `${JSON.stringify(entry)}\n`);
	}

	/** Test hook: a failure injected at the n-th change (see faults.ts). */
	private fault(): void {
		const fault = injectedFault('change');
		if (fault !== undefined && this.changes + 1 === fault) {
			throw Object.assign(
				new Error(`ENOSPC: no space left on device (injected at change ${fault})`),
				{ code: 'ENOSPC' }
			);
		}
		if (injectedFault('pause-at-change') === this.changes + 1)
			pauseForTest(`change ${this.changes + 1}`);
	}

	/** True when this build changed dist/ (or will replace it). */
	get changed(): boolean {
		return this.mode === 'full' || this.changes > 0;
	}

	/**
	 * Finishes the build: the stamp goes in last, then the new tree replaces dist/ (full) or the
	 * undo log is deleted (incremental). Returns the stamp now in dist/ (the old one when nothing
	 * changed). What was replaced is deleted in the background; await `cleanup`.
	 *
	 * A full build counts its new tree. An incremental one adjusts the previous stamp by what it
	 * replaced and put (walking 25,000 files of dist/ would cost ~0.5 s of an edit), unless `recount`:
	 * when the build found files of dist/ changed behind its back, the old stamp is no base.
	 */
	commit(
		previous: BuildStamp | undefined,
		recount = false
	): { stamp: BuildStamp; cleanup: Promise<void> } {
		if (this.finished) throw new Error('build already finished');
		if (this.mode === 'direct') throw new Error('a direct update has no commit');
		if (!this.changed && previous) {
			this.finished = true;
			return { stamp: previous, cleanup: Promise.resolve() };
		}
		const stamp =
			this.mode === 'incremental' && previous && !recount && !this.drifted
				? adjustStamp(previous, this.countDelta, this.termDelta)
				: stampFor(this.target);
		const temp = this.temp();
		writeFileSync(temp, JSON.stringify(stamp));
		if (injectedFault('pause-before-commit') !== undefined) pauseForTest('commit');
		if (this.mode === 'full') {
			renameSync(temp, join(this.target, STAMP_FILE));
			const old = join(this.work, 'old');
			removeTree(old);
			writeFileSync(join(this.work, 'swap'), '');
			if (existsSync(this.dist)) renameSync(this.dist, old);
			renameSync(this.target, this.dist);
			rmSync(join(this.work, 'swap'));
		} else {
			this.put(STAMP_FILE, temp);
			closeSync(this.journal!);
			this.journal = undefined;
			rmSync(join(this.work, 'undo.log'));
		}
		this.finished = true;
		// Deleted from a new name, so the next build's clean-up never races with this deletion.
		const trash = join(this.work, `trash-${process.pid}-${Date.now()}`);
		mkdirSync(trash, { recursive: true });
		for (const name of ['old', 'undo', 'tmp'])
			if (existsSync(join(this.work, name))) renameSync(join(this.work, name), join(trash, name));
		return { stamp, cleanup: rm(trash, { recursive: true, force: true, maxRetries: 5 }) };
	}

	/** Gives up: dist/ is left as it was before this build. Synchronous (runs in signal handlers). */
	abort(): void {
		if (this.finished || this.mode === 'direct') return;
		this.finished = true;
		if (this.journal !== undefined) {
			closeSync(this.journal);
			this.journal = undefined;
		}
		rollBack(this.dist);
	}
}

/**
 * Undoes what an interrupted build left half done in `dist` (see the module comment), then
 * deletes the work area's leftovers. Run with the build lock held, before anything else.
 */
export function rollBack(dist: string): void {
	dist = resolve(dist);
	const work = workDirOf(dist);
	if (!existsSync(work)) return;
	// A full build killed between its two renames: dist/ is gone and the previous one is in old/.
	if (existsSync(join(work, 'swap')) && !existsSync(dist) && existsSync(join(work, 'old')))
		renameSync(join(work, 'old'), dist);
	const logFile = join(work, 'undo.log');
	if (existsSync(logFile)) {
		const entries: UndoEntry[] = [];
		for (const line of readFileSync(logFile, 'utf8').split('\n')) {
			try {
				const e = JSON.parse(line) as UndoEntry;
				// The log is data too: an entry this module would not write is skipped.
				if (isSafeRelativePath(e.rel) && (e.backup === null || /^\d+$/.test(String(e.backup))))
					entries.push(e);
			} catch {
				// The last line of a log cut short: its change was not started.
			}
		}
		for (const { rel, backup } of entries.reverse()) {
			const path = inside(dist, rel);
			const saved = backup ? join(work, 'undo', backup) : undefined;
			if (saved && !existsSync(saved)) continue; // the change had not started
			removeTree(path);
			if (saved) {
				mkdirSync(dirname(path), { recursive: true });
				renameSync(saved, path);
			}
		}
		rmSync(logFile);
	}
	for (const name of readdirSync(work)) if (name !== LOCK_FILE) removeTree(join(work, name));
}

const LOCK_FILE = 'lock';

/**
 * Takes the build lock of `dist` (one build at a time per output folder) and rolls back what an
 * interrupted build left. Throws when another build is running. Returns the release function.
 */
export function lockAndRecover(dist: string): () => void {
	const work = workDirOf(dist);
	mkdirSync(work, { recursive: true });
	const lock = join(work, LOCK_FILE);
	let fd: number;
	try {
		fd = openSync(lock, 'wx');
	} catch {
		const holder = Number(readFileSync(lock, 'utf8'));
		if (Number.isSafeInteger(holder) && holder > 0 && holder !== process.pid && alive(holder)) {
			throw new Error(
				`another build of ${dist} is running (process ${holder}); wait for it or stop it`
			);
		}
		fd = openSync(lock, 'w');
	}
	writeSync(fd, String(process.pid));
	closeSync(fd);
	rollBack(dist);
	return () => {
		try {
			if (Number(readFileSync(lock, 'utf8')) !== process.pid) return;
			// Nothing in the work area outlives the build that owns it (Astro's emptied stages).
			for (const name of readdirSync(work))
				if (name !== LOCK_FILE && !name.startsWith('trash-')) removeTree(join(work, name));
			rmSync(lock);
			rmdirSync(work);
		} catch {}
	};
}

function alive(pid: number): boolean {
	try {
		process.kill(pid, 0);
	} catch {
		return false;
	}
	// A recycled pid: the lock holder was a node process.
	try {
		return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('node');
	} catch {
		return true;
	}
}

/** Test hook: says where it stopped and waits to be killed (see faults.ts). */
function pauseForTest(where: string): void {
	process.stdout.write(`paused at ${where}\n`);
	const until = Date.now() + 60_000;
	while (Date.now() < until) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
}
