/**
 * Preloaded into each Astro process a build starts (`node --import`, see runAstro.ts), before
 * Astro loads anything: when the build process is gone (Ctrl-C, kill, even SIGKILL, which leaves
 * the build no time to stop its children), this process and its helpers (esbuild; its own
 * process group) stop too, instead of waiting for a plan forever or rendering for nobody.
 *
 * The check runs in a worker thread: Astro's start-up keeps the main thread busy for seconds at a
 * time, and a timer there would fire only when it is done.
 */
import { Worker } from 'node:worker_threads';

const parent = Number(process.env.HUIBAO_BUILD_PID);
if (parent > 0) {
	const watch = `
		setInterval(() => {
			if (process.ppid === ${parent}) return;
			try { process.kill(-process.pid, 'SIGKILL'); } catch {}
			process.kill(process.pid, 'SIGKILL');
		}, 200);`;
	new Worker(watch, { eval: true }).unref();
}
