// s3rver ships no types; this covers the part the deploy tests use.
declare module 's3rver' {
	import type { EventEmitter } from 'node:events';

	interface S3rverOptions {
		address?: string;
		port?: number;
		directory?: string;
		silent?: boolean;
		resetOnClose?: boolean;
		allowMismatchedSignatures?: boolean;
		configureBuckets?: { name: string; configs?: (string | Buffer)[] }[];
	}

	class S3rver extends EventEmitter {
		constructor(options?: S3rverOptions);
		run(): Promise<{ address: string; family: string; port: number }>;
		close(): Promise<void>;
		reset(): void;
	}

	export default S3rver;
}
