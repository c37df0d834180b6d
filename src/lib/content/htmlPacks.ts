/**
 * Rendered report bodies, stored in append-only pack files (the way git stores objects).
 *
 * One file per report would mean 10,000 file creations on a cold build, which took ~3.5 s of
 * a 15 s content phase on our CI-sized machine; appending to one pack is a single sequential
 * write. Each body is addressed by [pack, offset, length] from the cache index.
 * Packs that become mostly garbage (old versions of edited reports) are compacted.
 */
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** Where a body is: pack file name, byte offset, byte length. */
export type PackLocation = [pack: string, offset: number, length: number];

/** Names append() gives packs: `<time>-<pid>.pack`. */
const PACK_NAME = /^[0-9a-z]+-\d+\.pack$/;

/** A location as append() makes them (the cache index is data: nothing else is followed). */
export function isPackLocation(location: unknown): location is PackLocation {
	if (!Array.isArray(location) || location.length !== 3) return false;
	const [pack, offset, length] = location as unknown[];
	return typeof pack === 'string' && PACK_NAME.test(pack) && Number.isSafeInteger(offset) && Number.isSafeInteger(length) && (offset as number) >= 0 && (length as number) >= 0;
}

export class HtmlPacks {
	readonly dir: string;
	private writing: { name: string; fd: number; size: number } | undefined;
	private readers = new Map<string, number>();

	constructor(dir: string) {
		this.dir = dir;
	}

	/** Appends bytes to this process's pack (created on first use). */
	append(bytes: Uint8Array): PackLocation {
		if (!this.writing) {
			mkdirSync(this.dir, { recursive: true });
			const name = `${Date.now().toString(36)}-${process.pid}.pack`;
			this.writing = { name, fd: openSync(join(this.dir, name), 'a'), size: 0 };
		}
		const w = this.writing;
		writeSync(w.fd, bytes);
		const location: PackLocation = [w.name, w.size, bytes.byteLength];
		w.size += bytes.byteLength;
		return location;
	}

	/**
	 * The bytes at a location, or undefined when the pack is gone or too short, or the location is
	 * not one this class makes (the index is data: a pack name never leads outside this folder).
	 */
	read(location: PackLocation): Buffer | undefined {
		if (!isPackLocation(location)) return undefined;
		const [pack, offset, length] = location;
		try {
			let fd = this.readers.get(pack);
			if (fd === undefined) {
				fd = openSync(join(this.dir, pack), 'r');
				this.readers.set(pack, fd);
			}
			const buffer = Buffer.allocUnsafe(length);
			return readSync(fd, buffer, 0, length, offset) === length ? buffer : undefined;
		} catch {
			return undefined;
		}
	}

	/** Flushes nothing (writes are unbuffered) but releases file handles. */
	close(): void {
		if (this.writing) closeSync(this.writing.fd);
		this.writing = undefined;
		for (const fd of this.readers.values()) closeSync(fd);
		this.readers.clear();
	}

	/**
	 * Deletes packs nothing points to, and rewrites packs that are mostly garbage: their live
	 * bodies are copied into the current pack and `relocate` updates the index.
	 */
	compact(live: Iterable<PackLocation>, relocate: (from: PackLocation, to: PackLocation) => void): void {
		if (!existsSync(this.dir)) return;
		const liveBytes = new Map<string, number>();
		const byPack = new Map<string, PackLocation[]>();
		for (const loc of live) {
			liveBytes.set(loc[0], (liveBytes.get(loc[0]) ?? 0) + loc[2]);
			const list = byPack.get(loc[0]);
			if (list) list.push(loc);
			else byPack.set(loc[0], [loc]);
		}
		for (const name of readdirSync(this.dir)) {
			if (!name.endsWith('.pack') || name === this.writing?.name) continue;
			const size = statSync(join(this.dir, name)).size;
			const used = liveBytes.get(name) ?? 0;
			if (used > 0 && (used >= size / 2 || size < 4 * 1024 * 1024)) continue;
			for (const loc of byPack.get(name) ?? []) {
				const bytes = this.read(loc);
				if (bytes) relocate(loc, this.append(bytes));
			}
			const fd = this.readers.get(name);
			if (fd !== undefined) closeSync(fd);
			this.readers.delete(name);
			rmSync(join(this.dir, name), { force: true });
		}
	}
}
