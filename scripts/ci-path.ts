/**
 * `node scripts/ci-path.ts`: which CI path this commit takes — content, full or none — from the
 * diff against the commit that is live (the deploy record in the bucket; see docs/deploy.md,
 * "Fast path for content"). Bucket settings come from the environment, as for `npm run deploy`.
 *
 *   --full         answer full without asking (a run started by hand)
 *   --live SHA     use this live commit instead of reading the bucket ('' = no record)
 *   --head REF     decide for REF instead of HEAD
 *   --dotenv FILE  also write HUIBAO_CI_PATH=<path> to FILE (GitLab's dotenv report)
 *   --since TIME   with --live: the instant the live build was made for (else from the record)
 *
 * When the tree is what is live (`none`), scheduled publishing may still have something to do:
 * if a report's publish_at, unpublish_at or the end of its pinned_until fell after the live
 * build (the record's builtFor) and up to now (HUIBAO_NOW or the clock), the answer is
 * `content` (scheduleDue.ts). The hourly scheduled run therefore builds and deploys only then.
 *
 * Prints `path=<path>` on stdout and the reason on stderr; appends `path=<path>` and
 * `now=<instant>` to $GITHUB_OUTPUT when set (GitHub, Gitea and Forgejo Actions), and
 * `HUIBAO_NOW=<instant>` to $GITHUB_ENV: the build and the deploy of this run then publish for
 * the very minute this decision was taken for, and the deploy records it (builtFor). Exit 0 whenever a path was
 * decided; 2 when the bucket settings are wrong; 1 when the bucket could not be read.
 */
import { appendFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { decideCiPath, type PathDecision } from '../src/deploy/ciPath.ts';
import { scheduleDue } from '../src/deploy/scheduleDue.ts';
import { buildClock } from '../src/lib/dates/siteTime.ts';
import {
	DeployConfigError,
	parseArgs as parseDeployArgs,
	readConfig,
} from '../src/deploy/config.ts';
import {
	decodeDeployedRecord,
	DEPLOYED_KEY,
	type DeployedRecord,
} from '../src/deploy/deployedRecord.ts';
import { describeError } from '../src/deploy/retry.ts';
import { explainAccessError, openS3Target } from '../src/deploy/s3Target.ts';

const { values } = parseArgs({
	options: {
		full: { type: 'boolean', default: false },
		live: { type: 'string' },
		head: { type: 'string' },
		dotenv: { type: 'string' },
		since: { type: 'string' },
	},
});

async function liveRecord(): Promise<Partial<DeployedRecord> | undefined> {
	if (values.live !== undefined)
		return values.live ? { commit: values.live, builtFor: values.since } : undefined;
	const config = readConfig(process.env, parseDeployArgs([]), process.cwd());
	const target = openS3Target(config);
	try {
		const bytes = await target.readDeployed!();
		const record = decodeDeployedRecord(bytes);
		if (bytes && !record)
			console.error(`ci-path: ${DEPLOYED_KEY} in the bucket is not a deploy record; ignoring it`);
		else if (record)
			console.error(
				`ci-path: live: ${record.commit} (deployed ${record.deployedAt || 'at an unknown time'})`
			);
		return record;
	} catch (error) {
		throw new Error(
			explainAccessError(error, config) ??
				`could not read ${DEPLOYED_KEY}: ${describeError(error)}`,
			{ cause: error }
		);
	} finally {
		target.close();
	}
}

try {
	const now = buildClock();
	let decision: Pick<PathDecision, 'path' | 'reason'>;
	if (values.full) decision = { path: 'full', reason: 'the full path was asked for (--full)' };
	else {
		const live = await liveRecord();
		decision = await decideCiPath({ cwd: process.cwd(), live: live?.commit, head: values.head });
		if (decision.path === 'none') {
			// Without builtFor (CI did not set HUIBAO_NOW), the end of the deploy stands in for it;
			// without a time at all, every past time counts as due, once.
			const since = new Date(live?.builtFor || live?.deployedAt || 0);
			const due = await scheduleDue({ root: process.cwd(), since, now });
			decision = due.due
				? { path: 'content', reason: `the tree is live, but ${due.reason}` }
				: { path: 'none', reason: `${decision.reason}; ${due.reason}` };
		}
	}
	console.error(`ci-path: ${decision.path}: ${decision.reason}`);
	console.log(`path=${decision.path}`);
	if (process.env.GITHUB_OUTPUT)
		appendFileSync(process.env.GITHUB_OUTPUT, `path=${decision.path}\nnow=${now.toISOString()}\n`);
	if (process.env.GITHUB_ENV)
		appendFileSync(process.env.GITHUB_ENV, `HUIBAO_NOW=${now.toISOString()}\n`);
	if (values.dotenv)
		writeFileSync(
			values.dotenv,
			`HUIBAO_CI_PATH=${decision.path}\nHUIBAO_NOW=${now.toISOString()}\n`
		);
} catch (error) {
	console.error(`ci-path: ${error instanceof Error ? error.message : String(error)}`);
	process.exitCode = error instanceof DeployConfigError ? 2 : 1;
}
