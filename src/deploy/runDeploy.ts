/**
 * One deploy, start to end: scan dist/, compare with the bucket, upload by phases, write the
 * manifest, delete what is gone, purge the CDN. The order is the point: at no moment does the
 * live site miss a file that a live page refers to, and nothing is deleted unless every upload
 * succeeded.
 */

import { describeTarget, type DeployConfig } from './config.ts';
import { encodeDeployedRecord } from './deployedRecord.ts';
import { decodeManifest, encodeManifest, type Manifest } from './manifest.ts';
import {
	PHASES,
	annotate,
	needsHead,
	planDeploy,
	totalBytes,
	type DeployPlan,
	type PlannedFile,
	type RemoteHead,
} from './planDeploy.ts';
import { purgePaths, runPurge, type PurgeResult } from './purge.ts';
import { describeError } from './retry.ts';
import { runPool } from './runPool.ts';
import { explainAccessError, openS3Target, type StorageTarget } from './s3Target.ts';
import { scanDist } from './scanDist.ts';
import { formatBytes, formatCount } from './format.ts';
import { pagesWithInlineScripts } from './inlineScripts.ts';

/** Exit codes of `npm run deploy`, documented in docs/deploy.md. */
export const EXIT = { ok: 0, failed: 1, config: 2, purgeFailed: 3 } as const;

/** A deploy that stopped; `exitCode` says how (EXIT.failed or EXIT.config). */
export class DeployError extends Error {
	override name = 'DeployError';
	exitCode: number = EXIT.failed;
}

function failure(message: string, exitCode: number): DeployError {
	const error = new DeployError(message);
	error.exitCode = exitCode;
	return error;
}

/** What a deploy did (or, in a dry run, would do). */
export interface DeployResult {
	dryRun: boolean;
	uploaded: number;
	uploadedBytes: number;
	unchanged: number;
	deleted: number;
	deletedBytes: number;
	seconds: number;
	/** Paths given (or that would be given) to the purge command. */
	purgePaths: string[];
	purge: PurgeResult | undefined;
}

/** Where messages go; the CLI passes console.log and console.error. */
export interface DeployIO {
	log: (line: string) => void;
	warn: (line: string) => void;
	/** Replaces the S3 bucket, for tests of failure paths. */
	target?: StorageTarget;
	/** Environment for the purge command. */
	env?: NodeJS.ProcessEnv;
}

/** How the log names each phase's files. */
const PHASE_LABEL: Readonly<Record<(typeof PHASES)[number], string>> = {
	fingerprinted: 'fingerprinted asset(s)',
	assets: 'other asset(s)',
	pages: 'page(s)',
	feeds: 'feed and sitemap file(s)',
};

/** A deploy that deletes more than this share of the bucket (and over 100 objects) is refused. */
const MASS_DELETE_SHARE = 0.5;
const MASS_DELETE_MIN = 100;
/** Phases with more files than this log progress every PROGRESS_EVERY files, not each file. */
const LIST_EACH_UP_TO = 50;
const PROGRESS_EVERY = 1000;

function sameManifest(a: Manifest | undefined, b: Manifest): boolean {
	if (!a || a.size !== b.size) return false;
	for (const [key, entry] of b) {
		const other = a.get(key);
		if (
			!other ||
			other.sha256 !== entry.sha256 ||
			other.size !== entry.size ||
			other.headers !== entry.headers
		) {
			return false;
		}
	}
	return true;
}

/** Runs a storage call that is the first contact with the bucket, turning setting errors into exit 2. */
async function firstContact<T>(
	config: DeployConfig,
	what: string,
	fn: () => Promise<T>
): Promise<T> {
	try {
		return await fn();
	} catch (error) {
		const explained = explainAccessError(error, config);
		if (explained) throw failure(explained, EXIT.config);
		throw failure(
			`could not ${what} ${describeTarget(config)}: ${describeError(error)}`,
			EXIT.failed
		);
	}
}

function printDryRun(
	plan: DeployPlan,
	paths: string[],
	io: DeployIO,
	purgeCommand: string | undefined
): void {
	for (const f of plan.upload) {
		io.log(
			`  would upload  ${f.phase.padEnd(13)} ${formatBytes(f.size).padStart(10)}  ${f.key}  (${f.headers.contentType}; ${f.headers.cacheControl})`
		);
	}
	for (const key of plan.delete) io.log(`  would delete  ${key}`);
	if (purgeCommand && paths.length) {
		io.log(
			`  would purge   ${formatCount(paths.length)} path(s): ${paths.slice(0, 10).join(' ')}${paths.length > 10 ? ' …' : ''}`
		);
	}
}

/**
 * Deploys `config.distDir` to the bucket. Resolves with what was done; rejects with a
 * DeployError (or DeployConfigError) whose message is meant for the user as it is.
 * A failed purge does not reject: the site is deployed, and `result.purge.ok` is false.
 */
export async function runDeploy(config: DeployConfig, io: DeployIO): Promise<DeployResult> {
	const started = performance.now();
	const local = annotate(await scanDist(config.distDir));
	io.log(
		`deploy: ${config.dryRun ? '(dry run) ' : ''}${formatCount(local.length)} files (${formatBytes(totalBytes(local))}) in ${config.distDir} → ${describeTarget(config)}`
	);

	const target =
		io.target ??
		openS3Target(config, (what, error, attempt, delay) =>
			io.warn(
				`deploy: ${what} failed (${describeError(error)}); attempt ${attempt + 1} of ${config.attempts} in ${(delay / 1000).toFixed(1)} s`
			)
		);
	try {
		return await deployTo(target, config, io, local, started);
	} finally {
		if (!io.target) target.close();
	}
}

async function deployTo(
	target: StorageTarget,
	config: DeployConfig,
	io: DeployIO,
	local: PlannedFile[],
	started: number
): Promise<DeployResult> {
	// LIST first: it is the request that shows a wrong bucket, key or region most plainly.
	const listing = await firstContact(config, 'list', () => target.list());
	const rawManifest = await firstContact(config, 'read the manifest of', () =>
		target.readManifest()
	);
	const storedManifest = rawManifest ? decodeManifest(rawManifest) : undefined;
	if (rawManifest && !storedManifest)
		io.warn('deploy: the deploy manifest in the bucket is unreadable; checking objects one by one');
	const manifest = config.verify ? undefined : storedManifest;

	const toHead = needsHead(local, { listing, manifest });
	const heads = new Map<string, RemoteHead | undefined>();
	if (toHead.length) {
		io.log(
			`deploy: reading the stored hash of ${formatCount(toHead.length)} object(s) the manifest does not cover`
		);
		await runPool(toHead, config.concurrency, async (f) => {
			heads.set(f.key, await firstContact(config, `read ${f.key} in`, () => target.head(f.key)));
		});
	}
	const plan = planDeploy(local, { listing, manifest, heads });
	const uploadBytes = totalBytes(plan.upload);
	const deleteBytes = plan.delete.reduce((n, key) => n + (listing.get(key) ?? 0), 0);
	const changedKeys = [...plan.upload.map((f) => f.key), ...plan.delete];
	const paths = purgePaths(changedKeys);

	if (
		plan.delete.length > MASS_DELETE_MIN &&
		plan.delete.length > listing.size * MASS_DELETE_SHARE &&
		!config.allowMassDelete
	) {
		throw failure(
			`this deploy would delete ${formatCount(plan.delete.length)} of the ${formatCount(listing.size)} objects in the bucket; refusing, as that looks like an incomplete build (set DEPLOY_ALLOW_MASS_DELETE=1 if it is intended)`,
			EXIT.failed
		);
	}

	const seconds = () => (performance.now() - started) / 1000;
	const result = (purge: PurgeResult | undefined): DeployResult => ({
		dryRun: config.dryRun,
		uploaded: plan.upload.length,
		uploadedBytes: uploadBytes,
		unchanged: plan.unchanged.length,
		deleted: plan.delete.length,
		deletedBytes: deleteBytes,
		seconds: seconds(),
		purgePaths: config.purgeCommand ? paths : [],
		purge,
	});

	const inline = await pagesWithInlineScripts(plan.upload, config.concurrency);
	if (inline.length) {
		io.warn(
			`deploy: warning: ${formatCount(inline.length)} page(s) carry inline <script>s, which the site's Content-Security-Policy blocks (docs/deploy.md, "Security headers"): ${inline.slice(0, 3).join(', ')}${inline.length > 3 ? ', …' : ''}`
		);
	}

	if (config.dryRun) {
		printDryRun(plan, paths, io, config.purgeCommand);
		return result(undefined);
	}

	if (plan.upload.length) {
		// Before the first upload, forget what is about to change: if the run dies half-way, the
		// next one must not trust a manifest entry for an object that may now hold other bytes.
		await target.writeManifest(encodeManifest(plan.interimManifest)).catch((error: unknown) => {
			throw failure(
				`could not write the deploy manifest: ${describeError(error)}; nothing was changed`,
				EXIT.failed
			);
		});
	}

	let done = 0;
	for (const phase of PHASES) {
		const files = plan.upload.filter((f) => f.phase === phase);
		if (!files.length) continue;
		io.log(
			`deploy: uploading ${formatCount(files.length)} ${PHASE_LABEL[phase]} (${formatBytes(totalBytes(files))})`
		);
		const listEach = config.verbose || files.length <= LIST_EACH_UP_TO;
		let inPhase = 0;
		try {
			await runPool(files, config.concurrency, async (f) => {
				await target.put(f);
				done++;
				inPhase++;
				if (listEach) io.log(`  ${formatBytes(f.size).padStart(10)}  ${f.key}`);
				else if (inPhase % PROGRESS_EVERY === 0)
					io.log(`  ${formatCount(inPhase)} of ${formatCount(files.length)}`);
			});
		} catch (error) {
			throw failure(
				`upload failed after ${formatCount(done)} of ${formatCount(plan.upload.length)} file(s): ${describeError(error)}. ` +
					'Nothing was deleted and the site still serves; run the deploy again to finish.',
				EXIT.failed
			);
		}
	}

	if (
		plan.upload.length ||
		plan.delete.length ||
		!sameManifest(storedManifest, plan.finalManifest)
	) {
		await target.writeManifest(encodeManifest(plan.finalManifest)).catch((error: unknown) => {
			throw failure(
				`all files were uploaded but the deploy manifest could not be written: ${describeError(error)}. Nothing was deleted; run the deploy again.`,
				EXIT.failed
			);
		});
	}

	if (plan.delete.length) {
		io.log(`deploy: deleting ${formatCount(plan.delete.length)} object(s) no longer in the site`);
		let deleted = 0;
		try {
			await runPool(plan.delete, config.concurrency, async (key) => {
				await target.remove(key);
				deleted++;
				if (config.verbose || plan.delete.length <= LIST_EACH_UP_TO) io.log(`  deleted  ${key}`);
			});
		} catch (error) {
			throw failure(
				`the new site is live, but deleting old objects failed after ${formatCount(deleted)} of ${formatCount(plan.delete.length)}: ${describeError(error)}. The next deploy deletes the rest.`,
				EXIT.failed
			);
		}
	}

	// Last write of all: the commit now live, which CI diffs the next push against (ciPath.ts).
	// A run that fails or is cancelled before this point leaves the previous record, so the next
	// run's diff still covers this run's changes.
	if (config.commit && target.writeDeployed) {
		const record = encodeDeployedRecord({
			commit: config.commit,
			deployedAt: new Date().toISOString(),
			...(config.builtFor ? { builtFor: config.builtFor } : {}),
		});
		await target.writeDeployed(record).catch((error: unknown) => {
			throw failure(
				`the site is deployed, but the deploy record could not be written: ${describeError(error)}. The next run diffs against the previous record.`,
				EXIT.failed
			);
		});
	}

	let purge: PurgeResult | undefined;
	if (config.purgeCommand && paths.length) {
		io.log(
			`deploy: purging ${formatCount(paths.length)} CDN path(s)${paths.length > config.purgeMaxPaths ? ' (as /*)' : ''}`
		);
		purge = await runPurge(config.purgeCommand, paths, {
			maxPaths: config.purgeMaxPaths,
			env: io.env,
		});
		if (!purge.ok)
			io.warn(
				`deploy: CDN purge command failed (${purge.message}); the site is deployed, but the CDN may serve old pages until they expire`
			);
	}
	return result(purge);
}

/** The closing line of a run, e.g. `deploy: done: uploaded 3 (12.0 KiB), unchanged 40, deleted 1 (2.0 KiB) in 0.8 s`. */
export function summaryLine(r: DeployResult): string {
	const head = r.dryRun
		? 'deploy: dry run, nothing changed: would upload'
		: 'deploy: done: uploaded';
	const deleted = r.dryRun ? 'would delete' : 'deleted';
	return `${head} ${formatCount(r.uploaded)} (${formatBytes(r.uploadedBytes)}), unchanged ${formatCount(r.unchanged)}, ${deleted} ${formatCount(r.deleted)} (${formatBytes(r.deletedBytes)}) in ${r.seconds.toFixed(1)} s`;
}
