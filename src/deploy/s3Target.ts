/**
 * The bucket, as the deploy sees it: list, read headers, put, delete, and the manifest. Spoken
 * through the official AWS SDK in plain S3 protocol, which AWS, Aliyun OSS, Tencent COS,
 * Cloudflare R2, Qiniu Kodo and Huawei OBS all accept.
 */

import { readFile } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { createHash } from 'node:crypto';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import {
	DeleteObjectCommand,
	GetObjectCommand,
	HeadObjectCommand,
	ListObjectsV2Command,
	PutObjectCommand,
	S3Client,
} from '@aws-sdk/client-s3';
import type { DeployConfig } from './config.ts';
import { DEPLOYED_KEY } from './deployedRecord.ts';
import { MANIFEST_KEY } from './manifest.ts';
import type { PlannedFile, RemoteHead } from './planDeploy.ts';
import { PermanentError, statusOf, withRetry } from './retry.ts';
import { hashFile } from './scanDist.ts';

/** Files above this size are streamed from disk instead of read whole. */
const STREAM_ABOVE = 16 * 1024 * 1024;

/** The operations a deploy needs; tests and other stores can stand in for S3. */
export interface StorageTarget {
	/** Every key under the prefix with its size, the manifest and folder markers left out. */
	list(): Promise<Map<string, number>>;
	/** Stored hash and headers of a key, or undefined if there is no such object. */
	head(key: string): Promise<RemoteHead | undefined>;
	put(file: PlannedFile): Promise<void>;
	remove(key: string): Promise<void>;
	readManifest(): Promise<Uint8Array | undefined>;
	writeManifest(body: Uint8Array): Promise<void>;
	/** The record of the live commit (deployedRecord.ts); optional for stand-ins in tests. */
	readDeployed?(): Promise<Uint8Array | undefined>;
	writeDeployed?(body: Uint8Array): Promise<void>;
	close(): void;
}

/** Called before each retry, to say in the log what is being retried and why. */
export type RetryListener = (
	what: string,
	error: unknown,
	attempt: number,
	delayMs: number
) => void;

function isNotFound(error: unknown): boolean {
	const name = (error as { name?: string } | undefined)?.name;
	return statusOf(error) === 404 && name !== 'NoSuchBucket';
}

/** Opens the bucket described by `config`. */
export function openS3Target(config: DeployConfig, onRetry?: RetryListener): StorageTarget {
	const sockets = config.concurrency + 2;
	const client = new S3Client({
		region: config.region,
		endpoint: config.endpoint,
		forcePathStyle: config.forcePathStyle,
		credentials: config.credentials,
		// Retries happen in withRetry, where the deploy decides and logs them.
		maxAttempts: 1,
		// Since SDK 3.729 every upload carries a CRC32 checksum header by default; several
		// S3-compatible services reject or mishandle it. SigV4 already signs the body's SHA-256.
		requestChecksumCalculation: 'WHEN_REQUIRED',
		responseChecksumValidation: 'WHEN_REQUIRED',
		requestHandler: {
			connectionTimeout: 10_000,
			requestTimeout: 300_000,
			httpAgent: new HttpAgent({ keepAlive: true, maxSockets: sockets }),
			httpsAgent: new HttpsAgent({ keepAlive: true, maxSockets: sockets }),
		},
	});
	const Bucket = config.bucket;
	const prefix = config.prefix;
	const retry = <T>(what: string, fn: () => Promise<T>) =>
		withRetry(fn, {
			attempts: config.attempts,
			onRetry: (error, attempt, delay) => onRetry?.(what, error, attempt, delay),
		});

	async function readObject(key: string, what: string): Promise<Uint8Array | undefined> {
		try {
			const res = await retry(what, () =>
				client.send(new GetObjectCommand({ Bucket, Key: prefix + key }))
			);
			return res.Body ? await res.Body.transformToByteArray() : undefined;
		} catch (error) {
			if (isNotFound(error)) return undefined;
			throw error;
		}
	}

	return {
		async list() {
			const found = new Map<string, number>();
			let token: string | undefined;
			do {
				const page = await retry('list', () =>
					client.send(
						new ListObjectsV2Command({
							Bucket,
							Prefix: prefix || undefined,
							ContinuationToken: token,
						})
					)
				);
				for (const object of page.Contents ?? []) {
					const key = object.Key?.slice(prefix.length);
					if (!key || key === MANIFEST_KEY || key === DEPLOYED_KEY || key.endsWith('/')) continue;
					found.set(key, object.Size ?? 0);
				}
				token = page.IsTruncated ? page.NextContinuationToken : undefined;
			} while (token);
			return found;
		},

		async head(key) {
			try {
				const res = await retry(`head ${key}`, () =>
					client.send(new HeadObjectCommand({ Bucket, Key: prefix + key }))
				);
				return {
					sha256: res.Metadata?.sha256,
					contentType: res.ContentType,
					cacheControl: res.CacheControl,
				};
			} catch (error) {
				if (isNotFound(error)) return undefined;
				throw error;
			}
		},

		async put(file) {
			await retry(`upload ${file.key}`, async () => {
				// Hash again what is actually sent: a build still writing into dist/ must fail the
				// deploy, not publish bytes the manifest does not describe.
				let body: Buffer | ReturnType<typeof createReadStream>;
				let sha256: string;
				if (file.size > STREAM_ABOVE) {
					sha256 = await hashFile(file.path);
					body = createReadStream(file.path);
				} else {
					body = await readFile(file.path);
					sha256 = createHash('sha256').update(body).digest('hex');
				}
				if (sha256 !== file.sha256 || (Buffer.isBuffer(body) && body.length !== file.size)) {
					if (!Buffer.isBuffer(body)) body.destroy();
					throw new PermanentError(`${file.key} changed on disk during the deploy`);
				}
				return client.send(
					new PutObjectCommand({
						Bucket,
						Key: prefix + file.key,
						Body: body,
						ContentLength: file.size,
						ContentType: file.headers.contentType,
						CacheControl: file.headers.cacheControl,
						Metadata: { sha256 },
					})
				);
			});
		},

		async remove(key) {
			// One DELETE per key rather than DeleteObjects: the batch call needs a Content-MD5 that
			// newer SDKs replace with a CRC32 some providers refuse, and deletions are few.
			await retry(`delete ${key}`, () =>
				client.send(new DeleteObjectCommand({ Bucket, Key: prefix + key }))
			);
		},

		async readManifest() {
			return readObject(MANIFEST_KEY, 'read manifest');
		},

		async readDeployed() {
			return readObject(DEPLOYED_KEY, 'read the deploy record');
		},

		async writeDeployed(body) {
			await retry('write the deploy record', () =>
				client.send(
					new PutObjectCommand({
						Bucket,
						Key: prefix + DEPLOYED_KEY,
						Body: body,
						ContentType: 'application/json; charset=utf-8',
						CacheControl: 'no-store',
					})
				)
			);
		},

		async writeManifest(body) {
			await retry('write manifest', () =>
				client.send(
					new PutObjectCommand({
						Bucket,
						Key: prefix + MANIFEST_KEY,
						Body: body,
						ContentType: 'application/gzip',
						CacheControl: 'no-store',
					})
				)
			);
		},

		close() {
			client.destroy();
		},
	};
}

/**
 * A sentence for the errors that mean a setting is wrong rather than the network unwell, naming
 * the setting to check; undefined for other errors.
 */
export function explainAccessError(error: unknown, config: DeployConfig): string | undefined {
	const name = (error as { name?: string; Code?: string } | undefined)?.name ?? '';
	const status = statusOf(error);
	const where = config.endpoint ?? `AWS region ${config.region}`;
	switch (name) {
		case 'NoSuchBucket':
			return `the bucket ${JSON.stringify(config.bucket)} does not exist at ${where} (check S3_BUCKET, S3_ENDPOINT, AWS_REGION)`;
		case 'InvalidAccessKeyId':
			return `${where} does not know this access key (check AWS_ACCESS_KEY_ID)`;
		case 'SignatureDoesNotMatch':
			return `${where} rejected the request signature (check AWS_SECRET_ACCESS_KEY and AWS_REGION)`;
		case 'AuthorizationHeaderMalformed':
		case 'PermanentRedirect':
		case 'IllegalLocationConstraintException':
			return `the bucket is not in this region or at this endpoint (check AWS_REGION, S3_ENDPOINT): ${name}`;
		case 'AccessDenied':
		case 'Forbidden':
			return `access denied to bucket ${JSON.stringify(config.bucket)}: the key needs permission to list, read, write and delete objects there (check AWS_ACCESS_KEY_ID and the bucket policy)`;
		case 'SecondLevelDomainForbidden':
			return `this provider refuses path-style addressing (set S3_FORCE_PATH_STYLE=false)`;
	}
	if (status === 403) {
		return `access denied to bucket ${JSON.stringify(config.bucket)} (check AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and the bucket policy)`;
	}
	return undefined;
}
