/**
 * Deploy settings, read from the environment (CI secret stores hand them over as variables) and
 * the command line, and checked before anything touches the bucket.
 */

import { isAbsolute, resolve } from 'node:path';
import { COMMIT_PATTERN } from './deployedRecord.ts';

/** A setting that is missing or wrong: its message is the one line the user sees. */
export class DeployConfigError extends Error {
	override name = 'DeployConfigError';
}

/** Everything a deploy run needs to know, validated. */
export interface DeployConfig {
	bucket: string;
	region: string;
	/** Undefined for AWS itself, where the SDK knows the endpoint from the region. */
	endpoint: string | undefined;
	/** '' or a prefix ending in '/', under which the site's keys live. */
	prefix: string;
	forcePathStyle: boolean;
	/** Explicit keys, or undefined to let the SDK's default chain find them (profile, OIDC). */
	credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string } | undefined;
	distDir: string;
	dryRun: boolean;
	/** Ignore the manifest and compare every object's stored hash (slow; repairs drift). */
	verify: boolean;
	concurrency: number;
	/** Attempts per request, the first one included (DEPLOY_RETRIES + 1). */
	attempts: number;
	allowMassDelete: boolean;
	purgeCommand: string | undefined;
	/** Above this many changed paths the purge command gets `/*` instead of the list. */
	purgeMaxPaths: number;
	verbose: boolean;
	/** DEPLOY_COMMIT: the commit being published, recorded last for CI's path decision (ciPath.ts). */
	commit: string | undefined;
	/**
	 * HUIBAO_NOW: the instant the build being deployed was made for (定时发布). Recorded with the
	 * commit, so a scheduled run knows which publish times the live site already reflects.
	 */
	builtFor: string | undefined;
}

/** Command-line switches; everything else comes from the environment. */
export interface DeployArgs {
	dryRun: boolean;
	verify: boolean;
	verbose: boolean;
	dist: string | undefined;
	help: boolean;
}

/** Reads argv (without node and the script), refusing unknown switches rather than ignoring them. */
export function parseArgs(argv: readonly string[]): DeployArgs {
	const args: DeployArgs = {
		dryRun: false,
		verify: false,
		verbose: false,
		dist: undefined,
		help: false,
	};
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i] ?? '';
		if (arg === '--dry-run' || arg === '-n') args.dryRun = true;
		else if (arg === '--verify') args.verify = true;
		else if (arg === '--verbose' || arg === '-v') args.verbose = true;
		else if (arg === '--help' || arg === '-h') args.help = true;
		else if (arg.startsWith('--dist=')) args.dist = arg.slice('--dist='.length);
		else if (arg === '--dist') {
			const value = argv[++i];
			if (!value) throw new DeployConfigError('--dist needs a directory (e.g. --dist dist)');
			args.dist = value;
		} else throw new DeployConfigError(`unknown option ${JSON.stringify(arg)} (see --help)`);
	}
	return args;
}

type Env = Readonly<Record<string, string | undefined>>;

function value(env: Env, name: string): string | undefined {
	const v = env[name]?.trim();
	return v ? v : undefined;
}

function flag(env: Env, name: string, fallback: boolean): boolean {
	const v = value(env, name)?.toLowerCase();
	if (v === undefined) return fallback;
	if (['1', 'true', 'yes', 'on'].includes(v)) return true;
	if (['0', 'false', 'no', 'off'].includes(v)) return false;
	throw new DeployConfigError(`${name} must be true or false, not ${JSON.stringify(env[name])}`);
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
	const v = value(env, name);
	if (v === undefined) return fallback;
	const n = Number(v);
	if (!Number.isInteger(n) || n < min || n > max) {
		throw new DeployConfigError(
			`${name} must be a whole number from ${min} to ${max}, not ${JSON.stringify(v)}`
		);
	}
	return n;
}

/** Names of the variables through which the SDK can find credentials without explicit keys. */
const OTHER_CREDENTIAL_SOURCES = [
	'AWS_PROFILE',
	'AWS_WEB_IDENTITY_TOKEN_FILE',
	'AWS_CONTAINER_CREDENTIALS_FULL_URI',
	'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
];

function readBucket(env: Env): string {
	const bucket = value(env, 'S3_BUCKET');
	if (!bucket)
		throw new DeployConfigError('S3_BUCKET is not set (the bucket that serves the site)');
	if (/^[a-z][a-z0-9+.-]*:\/\//i.test(bucket)) {
		throw new DeployConfigError(
			`S3_BUCKET must be the bucket's name alone, not a URL: ${JSON.stringify(bucket)} (put the host in S3_ENDPOINT)`
		);
	}
	// Every provider's names are 3-63 characters of this set (COS adds "-<appid>", which fits).
	if (!/^[A-Za-z0-9][A-Za-z0-9._-]{1,62}$/.test(bucket)) {
		throw new DeployConfigError(`S3_BUCKET is not a valid bucket name: ${JSON.stringify(bucket)}`);
	}
	return bucket;
}

function readEndpoint(env: Env): string | undefined {
	const endpoint = value(env, 'S3_ENDPOINT');
	if (!endpoint) return undefined;
	let url: URL;
	try {
		url = new URL(endpoint);
	} catch {
		throw new DeployConfigError(
			`S3_ENDPOINT is not a URL: ${JSON.stringify(endpoint)} (e.g. https://oss-cn-hangzhou.aliyuncs.com)`
		);
	}
	if (url.protocol !== 'https:' && url.protocol !== 'http:') {
		throw new DeployConfigError(
			`S3_ENDPOINT must start with https:// (got ${JSON.stringify(endpoint)})`
		);
	}
	if (url.pathname !== '/' || url.search) {
		throw new DeployConfigError(
			`S3_ENDPOINT must be the service's address alone, without a path: ${JSON.stringify(endpoint)} (put the bucket in S3_BUCKET, a folder in S3_PREFIX)`
		);
	}
	return url.origin;
}

function readPrefix(env: Env): string {
	const raw = value(env, 'S3_PREFIX');
	if (!raw) return '';
	const trimmed = raw.replace(/^\/+|\/+$/g, '');
	if (!trimmed) return '';
	if (trimmed.split('/').some((part) => part === '' || part === '.' || part === '..')) {
		throw new DeployConfigError(
			`S3_PREFIX must be a plain folder path like "site" or "www/site", not ${JSON.stringify(raw)}`
		);
	}
	return `${trimmed}/`;
}

function readCredentials(env: Env): DeployConfig['credentials'] {
	const accessKeyId = value(env, 'AWS_ACCESS_KEY_ID');
	const secretAccessKey = value(env, 'AWS_SECRET_ACCESS_KEY');
	if (accessKeyId && secretAccessKey) {
		const sessionToken = value(env, 'AWS_SESSION_TOKEN');
		return sessionToken
			? { accessKeyId, secretAccessKey, sessionToken }
			: { accessKeyId, secretAccessKey };
	}
	if (accessKeyId) {
		throw new DeployConfigError(
			'AWS_SECRET_ACCESS_KEY is not set (the secret that goes with AWS_ACCESS_KEY_ID)'
		);
	}
	if (secretAccessKey) {
		throw new DeployConfigError(
			'AWS_ACCESS_KEY_ID is not set (the key ID that goes with AWS_SECRET_ACCESS_KEY)'
		);
	}
	if (OTHER_CREDENTIAL_SOURCES.some((name) => value(env, name))) return undefined;
	throw new DeployConfigError(
		'AWS_ACCESS_KEY_ID is not set (the access key of an account that may write to the bucket)'
	);
}

function readCommit(env: Env): string | undefined {
	const commit = value(env, 'DEPLOY_COMMIT')?.toLowerCase();
	if (commit !== undefined && !COMMIT_PATTERN.test(commit)) {
		throw new DeployConfigError(
			`DEPLOY_COMMIT must be a full commit hash (40 hex digits), not ${JSON.stringify(env.DEPLOY_COMMIT)}`
		);
	}
	return commit;
}

function readBuiltFor(env: Env): string | undefined {
	const now = value(env, 'HUIBAO_NOW');
	if (now === undefined) return undefined;
	if (!/(?:Z|[+-]\d{2}:?\d{2})$/i.test(now) || Number.isNaN(new Date(now).getTime()))
		throw new DeployConfigError(
			`HUIBAO_NOW must be an instant with its offset, like 2025-06-01T08:00:00+08:00, not ${JSON.stringify(now)}`
		);
	return new Date(now).toISOString();
}

/** True for endpoints that cannot carry the bucket in the host name (IPs, localhost). */
function needsPathStyle(endpoint: string | undefined): boolean {
	if (!endpoint) return false;
	const host = new URL(endpoint).hostname;
	return host === 'localhost' || /^\d+\.\d+\.\d+\.\d+$/.test(host) || host.startsWith('[');
}

/**
 * Checks every setting and returns them, or throws a DeployConfigError naming the first bad one.
 * Order matters only for which error a user with several problems sees first: the bucket, since
 * nothing else means anything without it.
 */
export function readConfig(env: Env, args: DeployArgs, cwd: string): DeployConfig {
	const bucket = readBucket(env);
	const region = value(env, 'AWS_REGION') ?? value(env, 'AWS_DEFAULT_REGION');
	if (!region) {
		throw new DeployConfigError(
			"AWS_REGION is not set (the bucket's region, e.g. us-east-1, oss-cn-hangzhou, ap-guangzhou, auto for R2)"
		);
	}
	if (!/^[A-Za-z0-9-]+$/.test(region)) {
		throw new DeployConfigError(`AWS_REGION is not a region name: ${JSON.stringify(region)}`);
	}
	const credentials = readCredentials(env);
	const endpoint = readEndpoint(env);
	const prefix = readPrefix(env);
	const forcePathStyle = flag(env, 'S3_FORCE_PATH_STYLE', needsPathStyle(endpoint));
	const dist = args.dist ?? value(env, 'DEPLOY_DIST') ?? 'dist';
	return {
		bucket,
		region,
		endpoint,
		prefix,
		forcePathStyle,
		credentials,
		distDir: isAbsolute(dist) ? dist : resolve(cwd, dist),
		dryRun: args.dryRun,
		verify: args.verify,
		verbose: args.verbose,
		concurrency: integer(env, 'DEPLOY_CONCURRENCY', 12, 1, 64),
		attempts: integer(env, 'DEPLOY_RETRIES', 3, 0, 10) + 1,
		allowMassDelete: flag(env, 'DEPLOY_ALLOW_MASS_DELETE', false),
		purgeCommand: value(env, 'CDN_PURGE_COMMAND'),
		purgeMaxPaths: integer(env, 'CDN_PURGE_MAX_PATHS', 500, 1, 100_000),
		commit: readCommit(env),
		builtFor: readBuiltFor(env),
	};
}

/** Where the deploy writes to, for messages: `s3://bucket/prefix at endpoint`. */
export function describeTarget(config: DeployConfig): string {
	const where = `s3://${config.bucket}/${config.prefix}`;
	return config.endpoint ? `${where} at ${config.endpoint}` : `${where} (AWS ${config.region})`;
}
