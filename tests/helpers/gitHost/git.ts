/**
 * The real git repository behind the simulated host (see ./server.ts): every read and write goes
 * through git itself, with plumbing only (cat-file, ls-tree, hash-object -w, update-index on a
 * throw-away index, write-tree, commit-tree, update-ref, log, merge-tree). The working tree and
 * the repository's own index are never touched, so a checked-out repository stays as it was.
 *
 * Objects are immutable, so blobs and trees are read through one long-running
 * `git cat-file --batch` and listings are cached by tree id. Branch heads are cached until the
 * host itself moves a ref (call `forget()` after changing refs from outside while it runs).
 */
import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TreeEntry {
	mode: string;
	type: 'blob' | 'tree' | 'commit';
	sha: string;
	size?: number;
	/** Relative to the listed tree. */
	path: string;
}

export interface Person {
	name: string;
	email: string;
	date: string;
}

export interface CommitInfo {
	sha: string;
	tree: string;
	parents: string[];
	author: Person;
	committer: Person;
	message: string;
}

export interface TreeChange {
	path: string;
	/** null removes the path. */
	sha: string | null;
	mode?: string;
}

export class GitRepo {
	readonly dir: string;
	private batch?: ChildProcessWithoutNullStreams;
	private batchQueue: {
		resolve: (value: Buffer | undefined) => void;
		reject: (error: Error) => void;
	}[] = [];
	private batchBuffer = Buffer.alloc(0);
	private listings = new Map<string, TreeEntry[]>();
	private heads = new Map<string, string | undefined>();
	private lastCommitsByHead = new Map<string, Promise<Map<string, CommitInfo>>>();

	constructor(dir: string) {
		this.dir = dir;
	}

	/** Runs git and returns stdout; throws with stderr on failure. */
	run(
		args: string[],
		options: { input?: string | Buffer; env?: NodeJS.ProcessEnv } = {}
	): Promise<string> {
		return new Promise((resolve, reject) => {
			const child = execFile(
				'git',
				['-c', 'core.quotePath=false', ...args],
				{
					cwd: this.dir,
					env: { ...process.env, ...options.env },
					maxBuffer: 1 << 30,
					encoding: 'utf8',
				},
				(error, stdout, stderr) =>
					error
						? reject(new Error(`git ${args.join(' ')}: ${stderr || error.message}`))
						: resolve(stdout)
			);
			if (options.input !== undefined) child.stdin!.end(options.input);
		});
	}

	/** Reads one object with `git cat-file --batch`; undefined when it does not exist. */
	readObject(sha: string): Promise<Buffer | undefined> {
		if (!/^[0-9a-f]{40}$/.test(sha)) return Promise.resolve(undefined);
		if (!this.batch) {
			this.batch = spawn('git', ['cat-file', '--batch'], { cwd: this.dir });
			this.batch.stdout.on('data', (chunk: Buffer) => this.onBatchData(chunk));
			this.batch.on('error', (error) => this.batchQueue.splice(0).forEach((w) => w.reject(error)));
		}
		return new Promise((resolve, reject) => {
			this.batchQueue.push({ resolve, reject });
			this.batch!.stdin.write(`${sha}\n`);
		});
	}

	private onBatchData(chunk: Buffer) {
		this.batchBuffer = Buffer.concat([this.batchBuffer, chunk]);
		for (;;) {
			const eol = this.batchBuffer.indexOf(10);
			if (eol < 0) return;
			const header = this.batchBuffer.subarray(0, eol).toString();
			if (header.endsWith(' missing')) {
				this.batchBuffer = this.batchBuffer.subarray(eol + 1);
				this.batchQueue.shift()?.resolve(undefined);
				continue;
			}
			const size = Number(header.split(' ')[2]);
			if (this.batchBuffer.length < eol + 1 + size + 1) return;
			const body = Buffer.from(this.batchBuffer.subarray(eol + 1, eol + 1 + size));
			this.batchBuffer = this.batchBuffer.subarray(eol + 1 + size + 1);
			this.batchQueue.shift()?.resolve(body);
		}
	}

	/** The commit a branch points at, or undefined. */
	async head(branch: string): Promise<string | undefined> {
		if (!this.heads.has(branch)) {
			const sha = await this.run([
				'rev-parse',
				'--verify',
				'-q',
				`refs/heads/${branch}^{commit}`,
			]).then(
				(out) => out.trim(),
				() => undefined
			);
			this.heads.set(branch, sha);
		}
		return this.heads.get(branch);
	}

	/** Resolves a branch name or a commit sha to a commit sha. */
	async commitOf(ref: string): Promise<string | undefined> {
		if (/^[0-9a-f]{40}$/.test(ref)) return ref;
		return this.head(ref);
	}

	/** Branch names under a prefix (`cms/`), sorted. */
	async branches(prefix = ''): Promise<{ name: string; sha: string }[]> {
		const out = await this.run([
			'for-each-ref',
			'--format=%(refname:strip=2) %(objectname)',
			`refs/heads/${prefix}`,
		]);
		return out
			.split('\n')
			.filter(Boolean)
			.map((line) => {
				const [name, sha] = line.split(' ') as [string, string];
				return { name, sha };
			})
			.filter((b) => b.name.startsWith(prefix));
	}

	/** Forgets cached branch heads (refs changed outside the host). */
	forget() {
		this.heads.clear();
	}

	/**
	 * Moves (or creates, or with null deletes) a branch. `expected` makes it a compare-and-swap,
	 * as git update-ref's old-value argument.
	 */
	async setBranch(branch: string, sha: string | null, expected?: string) {
		const ref = `refs/heads/${branch}`;
		if (sha === null) await this.run(['update-ref', '-d', ref, ...(expected ? [expected] : [])]);
		else await this.run(['update-ref', ref, sha, ...(expected !== undefined ? [expected] : [])]);
		this.heads.delete(branch);
	}

	/** The tree id at `<commit>:<path>` (path '' is the root), or undefined. */
	async treeAt(commit: string, path: string): Promise<{ sha: string; type: string } | undefined> {
		const out = await this.run(['cat-file', '--batch-check'], { input: `${commit}:${path}\n` });
		const [sha, type] = out.trim().split(' ');
		return type && type !== 'missing' && sha ? { sha, type } : undefined;
	}

	/** Entries of a tree, as `git ls-tree -l` (recursive: `-r -t`, trees included). Cached by id. */
	async listTree(treeSha: string, recursive: boolean): Promise<TreeEntry[]> {
		const key = `${treeSha}:${recursive}`;
		const known = this.listings.get(key);
		if (known) return known;
		const out = await this.run([
			'ls-tree',
			'-l',
			'-z',
			...(recursive ? ['-r', '-t'] : []),
			treeSha,
		]);
		const entries = out
			.split('\0')
			.filter(Boolean)
			.map((line) => {
				const tab = line.indexOf('\t');
				const [mode, type, sha, size] = line.slice(0, tab).split(/\s+/) as [
					string,
					TreeEntry['type'],
					string,
					string,
				];
				return {
					mode,
					type,
					sha,
					path: line.slice(tab + 1),
					...(type === 'blob' && { size: Number(size) }),
				};
			});
		this.listings.set(key, entries);
		return entries;
	}

	async writeBlob(content: Buffer): Promise<string> {
		return (await this.run(['hash-object', '-w', '--stdin'], { input: content })).trim();
	}

	/** A new tree: `base` (a tree or commit id, or none) with `changes` applied, via a throw-away index. */
	async writeTree(base: string | undefined, changes: TreeChange[]): Promise<string> {
		const tmp = mkdtempSync(join(tmpdir(), 'githost-index-'));
		const env = { GIT_INDEX_FILE: join(tmp, 'index') };
		try {
			if (base) await this.run(['read-tree', base], { env });
			else await this.run(['read-tree', '--empty'], { env });
			const lines = changes.map((c) =>
				c.sha === null
					? `0 ${'0'.repeat(40)}\t${c.path}`
					: `${c.mode ?? '100644'} ${c.sha}\t${c.path}`
			);
			if (lines.length)
				await this.run(['update-index', '-z', '--index-info'], {
					env,
					input: lines.map((l) => `${l}\0`).join(''),
				});
			return (await this.run(['write-tree'], { env })).trim();
		} finally {
			rmSync(tmp, { recursive: true, force: true });
		}
	}

	async commitTree(
		tree: string,
		parents: string[],
		message: string,
		author: Omit<Person, 'date'> & { date?: string },
		committer = author
	): Promise<string> {
		const env = {
			GIT_AUTHOR_NAME: author.name,
			GIT_AUTHOR_EMAIL: author.email,
			GIT_COMMITTER_NAME: committer.name,
			GIT_COMMITTER_EMAIL: committer.email,
			...(author.date && { GIT_AUTHOR_DATE: author.date }),
			...(committer.date && { GIT_COMMITTER_DATE: committer.date }),
		};
		const args = ['commit-tree', tree, ...parents.flatMap((p) => ['-p', p])];
		return (await this.run(args, { env, input: message })).trim();
	}

	async commit(sha: string): Promise<CommitInfo | undefined> {
		const raw = await this.readObject(sha);
		if (!raw) return undefined;
		const text = raw.toString('utf8');
		const split = text.indexOf('\n\n');
		const head = text.slice(0, split < 0 ? text.length : split).split('\n');
		const field = (name: string) =>
			head.filter((l) => l.startsWith(`${name} `)).map((l) => l.slice(name.length + 1));
		const person = (line = ''): Person => {
			const m = /^(.*) <(.*)> (\d+) ([+-]\d{4})$/.exec(line);
			return m
				? {
						name: m[1]!,
						email: m[2]!,
						date: new Date(Number(m[3]) * 1000).toISOString().replace('.000Z', 'Z'),
					}
				: { name: '', email: '', date: '' };
		};
		const tree = field('tree')[0];
		if (!tree) return undefined;
		return {
			sha,
			tree,
			parents: field('parent'),
			author: person(field('author')[0]),
			committer: person(field('committer')[0]),
			message: split < 0 ? '' : text.slice(split + 2),
		};
	}

	/**
	 * The last commit that changed each path, as `git log -1 <head> -- <path>` would answer, for
	 * every path at once: one `git log --name-only` pass per branch head, cached by head.
	 */
	async lastCommit(head: string, path: string): Promise<CommitInfo | undefined> {
		let known = this.lastCommitsByHead.get(head);
		if (!known) {
			known = this.run([
				'log',
				'--format=%x00%H',
				'--name-only',
				'--no-renames',
				'--diff-merges=first-parent',
				head,
			]).then(async (out) => {
				const byPath = new Map<string, string>();
				for (const block of out.split('\0').filter(Boolean)) {
					const [sha, ...files] = block.split('\n').filter(Boolean);
					for (const file of files) if (!byPath.has(file)) byPath.set(file, sha!);
				}
				const commits = new Map<string, CommitInfo>();
				const result = new Map<string, CommitInfo>();
				for (const [file, sha] of byPath) {
					if (!commits.has(sha)) commits.set(sha, (await this.commit(sha))!);
					result.set(file, commits.get(sha)!);
				}
				return result;
			});
			this.lastCommitsByHead.set(head, known);
		}
		return (await known).get(path);
	}

	/** Commits reachable from `head` and not from `base`, oldest first. */
	async commitsBetween(base: string, head: string): Promise<string[]> {
		const out = await this.run(['rev-list', '--reverse', `${base}..${head}`]);
		return out.split('\n').filter(Boolean);
	}

	async mergeBase(a: string, b: string): Promise<string | undefined> {
		return this.run(['merge-base', a, b]).then(
			(out) => out.trim(),
			() => undefined
		);
	}

	/** Files that differ between two commits: status A/M/D, blob id on the `to` side. */
	async diff(
		from: string,
		to: string
	): Promise<{ status: string; path: string; sha: string; binary: boolean }[]> {
		const raw = await this.run(['diff-tree', '-r', '-z', '--no-renames', from, to]);
		const parts = raw.split('\0').filter(Boolean);
		const files: { status: string; path: string; sha: string; binary: boolean }[] = [];
		for (let i = 0; i + 1 < parts.length; i += 2) {
			const [, , , newSha, status] = parts[i]!.slice(1).split(' ') as string[];
			files.push({ status: status!, path: parts[i + 1]!, sha: newSha!, binary: false });
		}
		const numstat = await this.run([
			'diff-tree',
			'-r',
			'-z',
			'--no-renames',
			'--numstat',
			from,
			to,
		]);
		const binary = new Set(
			numstat
				.split('\0')
				.filter((l) => l.startsWith('-\t-\t'))
				.map((l) => l.slice(4))
		);
		for (const f of files) f.binary = binary.has(f.path);
		return files;
	}

	/** The tree of merging two commits, or undefined on a conflict (`git merge-tree --write-tree`). */
	async mergeTree(ours: string, theirs: string): Promise<string | undefined> {
		return this.run(['merge-tree', '--write-tree', ours, theirs]).then(
			(out) => out.split('\n')[0]!.trim(),
			() => undefined
		);
	}

	close() {
		this.batch?.stdin.end();
		this.batch = undefined;
	}
}
