/**
 * npm run cms [-- --git] [-- --no-site]     (also `npm start`)
 *
 * Local editing in one command: the site (`astro dev`) and the CMS's local backend, both on
 * 127.0.0.1. Open http://127.0.0.1:4321/admin/. Ctrl-C stops both.
 *
 *   --git       each publish is also a git commit of exactly that report's files
 *   --no-site   only the backend (e.g. beside `npm run preview`)
 *   env PORT=4321       site port        CMS_PORT=8081   backend port
 *   env CMS_MODE=fs|git same as --git    CMS_GIT_AUTHOR="Name <email>" commit author
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { DEFAULT_CMS_PORT } from '../src/cms/config.ts';
import { startLocalBackend, type LocalMode } from '../src/cms/localBackend.ts';

const args = process.argv.slice(2);
if (args.includes('--help')) {
	console.log(
		'usage: npm run cms [-- --git] [-- --no-site]\n' +
			"  --git      commit each publish (only that report's files) to the checked-out branch\n" +
			'  --no-site  start only the CMS backend\n' +
			'env PORT (site, default 4321), CMS_PORT (backend, default 8081), CMS_MODE=fs|git, CMS_GIT_AUTHOR="Name <email>"'
	);
	process.exit(0);
}

const root = process.cwd();
const host = '127.0.0.1';
const sitePort = Number(process.env.PORT || 4321);
const cmsPort = Number(process.env.CMS_PORT || DEFAULT_CMS_PORT);
const mode: LocalMode = args.includes('--git') || process.env.CMS_MODE === 'git' ? 'git' : 'fs';

let backend: Awaited<ReturnType<typeof startLocalBackend>>;
try {
	backend = await startLocalBackend({
		root,
		mode,
		host,
		port: cmsPort,
		log: (line) => console.log(`[cms] ${line}`),
	});
} catch (error) {
	const code = (error as { code?: string }).code;
	console.error(
		code === 'EADDRINUSE'
			? `端口 ${cmsPort} 已被占用：本地编辑服务可能已在运行。换一个端口：CMS_PORT=8082 npm run cms`
			: `本地编辑服务无法启动：${error instanceof Error ? error.message : String(error)}`
	);
	process.exit(1);
}
console.log(`[cms] 本地编辑服务已启动 (local CMS backend, ${mode} mode): ${backend.url}`);
if (mode === 'git')
	console.log(
		"[cms] git 模式：每次发布都会提交该报告的文件 (each publish commits only that report's files)"
	);

let site: ChildProcess | undefined;
let stopping = false;

async function stop(code: number) {
	if (stopping) return;
	stopping = true;
	if (site?.pid && site.exitCode === null) {
		try {
			process.kill(-site.pid, 'SIGTERM');
		} catch {}
		const killer = setTimeout(() => {
			try {
				process.kill(-site!.pid!, 'SIGKILL');
			} catch {}
		}, 5000);
		await new Promise((r) => site!.once('exit', r));
		clearTimeout(killer);
	}
	await backend.close();
	process.exit(code);
}

process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));

if (!args.includes('--no-site')) {
	const astro = join(
		dirname(createRequire(join(root, 'package.json')).resolve('astro/package.json')),
		'bin/astro.mjs'
	);
	// Its own process group, so stop() ends the dev server and everything it started.
	site = spawn(process.execPath, [astro, 'dev', '--host', host, '--port', String(sitePort)], {
		cwd: root,
		stdio: 'inherit',
		detached: true,
		env: { ...process.env, CMS_PORT: String(backend.port) },
	});
	site.on('exit', (code) => void stop(code ?? 0));
	console.log(
		`[cms] 打开 http://${host}:${sitePort}/admin/ 编辑内容 (open it to edit); Ctrl-C 退出`
	);
}
