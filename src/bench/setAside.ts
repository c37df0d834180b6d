/**
 * Before a cold build the benchmark takes away the last build's output and caches; it moves them
 * aside, into a folder emptied when the benchmark ends, instead of deleting them there and then.
 *
 * Why: on ext4 without a journal (this machine's disk, and so CI's), creating a file or folder
 * skips every free inode of its block group that was freed in the last 60 seconds (6 minutes
 * while the inode's table block is not yet written back), testing each in turn
 * (fs/ext4/ialloc.c: find_inode_bit → recently_deleted). Deleting the 25,000 files of a build
 * just before the next one made creating 24,000 files and folders cost 4.5 to 14 s of system
 * time instead of 0.8 s, depending on what the disk had deleted before; builds and peers paid
 * it unevenly (Eleventy's cold build took 24–36 s over earlier runs, 21.0–21.1 s since; Hugo's
 * 12–17 s, 9.8 s since). A real cold build, on a fresh clone, pays none of it. See
 * docs/performance.md ("What the disk adds").
 */
import { mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export class SetAside {
	private dir: string | undefined;
	private count = 0;

	/** Moves `path` (if it exists) out of the way; deletes it when it cannot be moved. */
	put(path: string): void {
		this.dir ??= mkdtempSync(join(tmpdir(), 'huibao-bench-aside-'));
		const target = join(this.dir, String(this.count++));
		try {
			renameSync(path, target);
		} catch (error) {
			const code = (error as NodeJS.ErrnoException).code;
			if (code === 'ENOENT') return;
			// Another file system (a rename cannot cross it): delete, as before.
			rmSync(path, { recursive: true, force: true, maxRetries: 5 });
		}
	}

	/** Deletes everything set aside (when no build is measured any more). */
	empty(): void {
		if (this.dir) rmSync(this.dir, { recursive: true, force: true, maxRetries: 5 });
		this.dir = undefined;
	}
}
