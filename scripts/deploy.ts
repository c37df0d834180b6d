/**
 * `npm run deploy [-- --dry-run]`: publishes dist/ to S3-compatible storage behind a CDN.
 * Settings come from the environment; see docs/deploy.md. The work is in src/deploy/.
 *
 * Exit codes: 0 deployed; 1 failed (the previous site still serves); 2 a setting is missing or
 * wrong (nothing was touched); 3 deployed, but the CDN purge command failed.
 */

import { DeployConfigError, parseArgs, readConfig } from '../src/deploy/config.ts';
import { DeployError, EXIT, runDeploy, summaryLine } from '../src/deploy/runDeploy.ts';

const HELP = `Usage: npm run deploy [-- options]

Publishes dist/ to an S3-compatible bucket: only changed files, assets before pages before
feeds, deletions last. Settings are environment variables (docs/deploy.md):
  S3_BUCKET, AWS_REGION, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY   required
  S3_ENDPOINT, S3_PREFIX, S3_FORCE_PATH_STYLE                        for non-AWS providers
  CDN_PURGE_COMMAND, CDN_PURGE_MAX_PATHS                             CDN purge hook
  DEPLOY_CONCURRENCY, DEPLOY_RETRIES, DEPLOY_ALLOW_MASS_DELETE       tuning and safety

Options:
  -n, --dry-run   show what would be uploaded and deleted; change nothing
  --verify        ignore the deploy manifest and check every object's stored hash
  --dist DIR      deploy DIR instead of ./dist
  -v, --verbose   list every file, also in large phases
  -h, --help      this text`;

async function main(): Promise<number> {
	let config;
	try {
		const args = parseArgs(process.argv.slice(2));
		if (args.help) {
			console.log(HELP);
			return EXIT.ok;
		}
		config = readConfig(process.env, args, process.cwd());
	} catch (error) {
		if (error instanceof DeployConfigError) {
			console.error(`deploy: ${error.message}`);
			return EXIT.config;
		}
		throw error;
	}
	try {
		const result = await runDeploy(config, {
			log: (l) => console.log(l),
			warn: (l) => console.error(l),
		});
		console.log(summaryLine(result));
		if (result.purge && !result.purge.ok) return EXIT.purgeFailed;
		return EXIT.ok;
	} catch (error) {
		if (error instanceof DeployConfigError) {
			console.error(`deploy: ${error.message}`);
			return EXIT.config;
		}
		if (error instanceof DeployError) {
			console.error(`deploy: ${error.message}`);
			return error.exitCode;
		}
		throw error;
	}
}

// exitCode rather than exit(): let stdout drain into a pipe before the process ends.
process.exitCode = await main();
