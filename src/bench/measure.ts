/**
 * Runs a command and measures it as a whole: wall time, CPU time of the whole process tree, and
 * the peak resident memory of its largest process (Linux /proc). Start-up is included, as it is
 * for every tool compared.
 */
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Measurement {
	/** Seconds. */
	wall: number;
	/** Seconds of user + system CPU, all processes of the command. */
	cpu: number;
	/** Bytes: the largest peak RSS of any single process of the command. */
	peakRss: number;
	code: number;
	stdout: string;
	stderr: string;
}

const TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

/**
 * Peak RSS (VmHWM) and CPU ticks (utime + stime, the process's own) of every process in the tree
 * under `root`, sampled while it runs.
 */
function sampleTree(root: number, peaks: Map<number, number>, ticks: Map<number, number>): void {
	const parents = new Map<number, number>();
	const own = new Map<number, number>();
	for (const name of readdirSync('/proc')) {
		if (!/^\d+$/.test(name)) continue;
		try {
			const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
			const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			parents.set(Number(name), Number(fields[1]));
			own.set(Number(name), Number(fields[11]) + Number(fields[12]));
		} catch {}
	}
	const inTree = (pid: number): boolean => {
		for (let p: number | undefined = pid; p && p > 1; p = parents.get(p))
			if (p === root) return true;
		return false;
	};
	for (const pid of parents.keys()) {
		if (!inTree(pid)) continue;
		ticks.set(pid, Math.max(ticks.get(pid) ?? 0, own.get(pid) ?? 0));
		try {
			const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
			if (m) peaks.set(pid, Math.max(peaks.get(pid) ?? 0, Number(m[1]) * 1024));
		} catch {}
	}
}

export function measure(
	command: string,
	args: string[],
	options: { cwd: string; env?: Record<string, string> }
): Promise<Measurement> {
	// A shell waits for the command, so its own children-CPU counters (cutime, cstime) hold the
	// whole tree's CPU time when the command has finished; it writes them out before exiting.
	const statFile = join(tmpdir(), `huibao-bench-${process.pid}-${Date.now()}.stat`);
	const script = '"$@"; code=$?; cat /proc/$$/stat > "$HUIBAO_STAT_FILE"; exit $code';
	return new Promise((resolve, reject) => {
		const started = performance.now();
		const child = spawn('/bin/sh', ['-c', script, 'sh', command, ...args], {
			cwd: options.cwd,
			env: { ...process.env, ...options.env, HUIBAO_STAT_FILE: statFile },
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		const peaks = new Map<number, number>();
		const ticks = new Map<number, number>();
		const timer = setInterval(() => sampleTree(child.pid!, peaks, ticks), 50);
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
		child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
		child.on('error', reject);
		child.on('close', (code) => {
			clearInterval(timer);
			const wall = (performance.now() - started) / 1000;
			let cpu = Number.NaN;
			try {
				const fields = readFileSync(statFile, 'utf8');
				const rest = fields.slice(fields.lastIndexOf(')') + 2).split(' ');
				// Fields 16 and 17 of /proc/pid/stat (cutime, cstime), counted from field 3.
				cpu = (Number(rest[13]) + Number(rest[14])) / TICKS;
			} catch {}
			// A process that ends without being waited for (Pagefind's library unrefs its process,
			// and a worker thread that started it may be gone first) never reaches the shell's
			// counters; the sampled CPU of every process of the tree (each to its last sample, up
			// to 50 ms short) does count it. The larger of the two is the better figure.
			const sampled = [...ticks.values()].reduce((a, b) => a + b, 0) / TICKS;
			cpu = Number.isNaN(cpu) ? sampled : Math.max(cpu, sampled);
			rmSync(statFile, { force: true });
			resolve({
				wall,
				cpu,
				peakRss: Math.max(0, ...peaks.values()),
				code: code ?? 1,
				stdout,
				stderr,
			});
		});
	});
}
