/**
 * `node scripts/ci-path.ts`: which CI path this commit takes — content, full or none — from the
 * diff against the commit that is live (the deploy record in the bucket; see docs/deploy.md,
 * "Fast path for content"). Bucket settings come from the environment, as for `npm run deploy`.
 *
 *   --full         answer full without asking (a run started by hand)
 *   --live SHA     use this live commit instead of reading the bucket ('' = no record)
 *   --head REF     decide for REF instead of HEAD
 *   --dotenv FILE  also write HUIBAO_CI_PATH=<path> to FILE (GitLab's dotenv report)
 *
 * Prints `path=<path>` on stdout and the reason on stderr; appends `path=<path>` to
 * $GITHUB_OUTPUT when set (GitHub, Gitea and Forgejo Actions). Exit 0 whenever a path was
 * decided; 2 when the bucket settings are wrong; 1 when the bucket could not be read.
 */
import { appendFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { decideCiPath } from '../src/deploy/ciPath.ts';
import {
	DeployConfigError,
	parseArgs as parseDeployArgs,
	readConfig,
} from '../src/deploy/config.ts';
import { decodeDeployedRecord, DEPLOYED_KEY } from '../src/deploy/deployedRecord.ts';
import { describeError } from '../src/deploy/retry.ts';
import { explainAccessError, openS3Target } from '../src/deploy/s3Target.ts';

const { values } = parseArgs({
	options: {
		full: { type: 'boolean', default: false },
		live: { type: 'string' },
		head: { type: 'string' },
		dotenv: { type: 'string' },
	},
});

async function liveCommit(): Promise<string | undefined> {
	if (values.live !== undefined) return values.live || undefined;
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
		return record?.commit;
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
	const decision = values.full
		? { path: 'full', reason: 'the full path was asked for (--full)' }
		: await decideCiPath({ cwd: process.cwd(), live: await liveCommit(), head: values.head });
	console.error(`ci-path: ${decision.path}: ${decision.reason}`);
	console.log(`path=${decision.path}`);
	if (process.env.GITHUB_OUTPUT)
		appendFileSync(process.env.GITHUB_OUTPUT, `path=${decision.path}\n`);
	if (values.dotenv) writeFileSync(values.dotenv, `HUIBAO_CI_PATH=${decision.path}\n`);
} catch (error) {
	console.error(`ci-path: ${error instanceof Error ? error.message : String(error)}`);
	process.exitCode = error instanceof DeployConfigError ? 2 : 1;
}
