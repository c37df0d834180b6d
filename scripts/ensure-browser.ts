/**
 * Runs before `npm test`: the browser tests need Debian's Chromium (never a downloaded one) and
 * a Chinese font for screenshots. Installs them with apt-get when missing and allowed (root),
 * otherwise says exactly what to run.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const hasFont = () =>
	spawnSync('fc-list', [':lang=zh'], { encoding: 'utf8' }).stdout?.trim().length > 0;
const missing: string[] = [];
if (!existsSync(chromium)) missing.push('chromium');
if (!hasFont()) missing.push('fonts-wqy-microhei');

if (missing.length === 0) process.exit(0);
const command = `apt-get update && apt-get install -y ${missing.join(' ')}`;
const isRoot = process.getuid?.() === 0;
if (!isRoot || !existsSync('/usr/bin/apt-get') || process.env.CHROMIUM_PATH) {
	console.error(
		`The browser tests need ${missing.join(' and ')}. Install with:\n\n  sudo ${command}\n\n(or set CHROMIUM_PATH to a Chromium/Chrome binary).`
	);
	process.exit(1);
}
console.log(`Installing ${missing.join(', ')} for the browser tests (Debian packages)…`);
execFileSync(
	'sh',
	[
		'-c',
		`DEBIAN_FRONTEND=noninteractive ${command.replace('install -y', 'install -y --no-install-recommends')}`,
	],
	{ stdio: 'inherit' }
);
