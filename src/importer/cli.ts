/**
 * Command line of `npm run import`: arguments in, one line per page and a summary table out.
 * Exit code 0 when every page imported (or was skipped), 1 when any page failed, 2 when the run
 * could not start (bad arguments, missing categories, a broken category map).
 */
import { parseArgs } from 'node:util';
import { ConfigError } from './categoryMap.ts';
import { importPages, type PageResult, type Summary } from './importPages.ts';
import type { FetchLike } from './wechatImages.ts';

export const USAGE = `Usage: npm run import -- <files or folders…> [options]

Imports saved pages of an old website (.html, .htm, .txt; folders recursively) and WeChat
公众号 articles (saved pages, or https://mp.weixin.qq.com/s/… addresses, fetched one at a time)
as reports in content/reports/<year>/zh/. See docs/import.md.

Options:
  --dry-run                 show what would be done; write nothing
  --update                  refresh reports already imported from the same page
  --category-map FILE       YAML or JSON file: { "section name": "category-slug" }
  --default-category SLUG   category for pages whose breadcrumb (or, for WeChat, title) names none
  --category SLUG           category for every page of this run
  --link                    WeChat articles become items linking to the article, not copies
  --pause SECONDS           pause between two fetched addresses (default 3)
  --root DIR                project root holding content/ and public/ (default: .)
  -h, --help                show this help
`;

export interface Io {
	out: (line: string) => void;
	err: (line: string) => void;
	cwd: string;
	/** How addresses are fetched (tests route WeChat's hosts to 127.0.0.1); default: fetch. */
	fetch?: FetchLike;
}

const defaultIo: Io = {
	out: (line) => process.stdout.write(`${line}\n`),
	err: (line) => process.stderr.write(`${line}\n`),
	cwd: process.cwd(),
};

/** Runs the importer with command-line arguments; resolves to the exit code. */
export async function main(argv: string[], io: Io = defaultIo): Promise<number> {
	let args;
	try {
		args = parseArgs({
			args: argv,
			allowPositionals: true,
			options: {
				'dry-run': { type: 'boolean' },
				update: { type: 'boolean' },
				'category-map': { type: 'string' },
				'default-category': { type: 'string' },
				category: { type: 'string' },
				pause: { type: 'string' },
				link: { type: 'boolean' },
				root: { type: 'string' },
				help: { type: 'boolean', short: 'h' },
			},
		});
	} catch (error) {
		io.err(`${(error as Error).message}\n\n${USAGE}`);
		return 2;
	}
	const { values, positionals } = args;
	if (values.help) {
		io.out(USAGE);
		return 0;
	}
	if (positionals.length === 0) {
		io.err(`No pages given.\n\n${USAGE}`);
		return 2;
	}
	const dryRun = values['dry-run'] === true;
	const pause = values.pause === undefined ? undefined : Number(values.pause);
	if (pause !== undefined && !(Number.isFinite(pause) && pause >= 0 && pause <= 600)) {
		io.err(`--pause: "${values.pause}" is not a number of seconds between 0 and 600\n\n${USAGE}`);
		return 2;
	}
	try {
		const { summary, fetch: fetched } = await importPages({
			inputs: positionals,
			root: values.root ?? '.',
			cwd: io.cwd,
			dryRun,
			update: values.update === true,
			...(values['category-map'] ? { categoryMap: values['category-map'] } : {}),
			...(values['default-category'] ? { defaultCategory: values['default-category'] } : {}),
			...(values.category ? { category: values.category } : {}),
			...(values.link ? { link: true } : {}),
			...(pause !== undefined ? { pauseMs: pause * 1000 } : {}),
			...(io.fetch ? { fetch: io.fetch } : {}),
			onResult: (result) => printResult(result, dryRun, io),
		});
		for (const line of summaryTable(summary, dryRun)) io.out(line);
		if (fetched) {
			io.out(`addresses fetched ${fetched.fetched} of ${fetched.asked}`);
			if (fetched.stopped)
				io.err(
					`fetching stopped: ${fetched.stopped}; the addresses after it were not fetched (run again later)`
				);
		}
		return summary.failed > 0 ? 1 : 0;
	} catch (error) {
		if (error instanceof ConfigError) {
			io.err(`import: ${error.message}`);
			return 2;
		}
		throw error;
	}
}

const VERB: Record<PageResult['status'], [string, string]> = {
	imported: ['imported', 'would import'],
	updated: ['updated', 'would update'],
	skipped: ['skipped', 'would skip'],
	failed: ['failed', 'failed'],
};

function printResult(result: PageResult, dryRun: boolean, io: Io): void {
	const verb = VERB[result.status][dryRun ? 1 : 0].padEnd(12);
	if (result.status === 'failed') io.err(`${verb} ${result.page}: ${result.reason}`);
	else if (result.status === 'skipped') io.out(`${verb} ${result.page}: ${result.reason}`);
	else {
		const files = result.uploads?.length
			? `, ${result.uploads.length} file${result.uploads.length === 1 ? '' : 's'} to public/uploads`
			: '';
		io.out(`${verb} ${result.page} → ${result.report} (${result.category}${files})`);
	}
	const indent = ' '.repeat(13);
	// A dry run is when someone checks a new site's pages: how they were decoded matters then.
	if (dryRun && result.encoding) io.out(`${indent}read as ${result.encoding}`);
	for (const warning of result.warnings) io.err(`${indent}warning: ${result.page}: ${warning}`);
}

/** The closing table: one row per outcome, so a long run ends with the numbers that matter. */
export function summaryTable(summary: Summary, dryRun: boolean): string[] {
	const rows = (['imported', 'updated', 'skipped', 'failed'] as const).map(
		(k) => `${k.padEnd(10)}${String(summary[k]).padStart(6)}`
	);
	return [
		'',
		dryRun ? 'Summary (dry run: nothing was written)' : 'Summary',
		`${'result'.padEnd(10)}${'pages'.padStart(6)}`,
		...rows,
	];
}
