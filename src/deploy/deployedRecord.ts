/**
 * The record of what is live: `.huibao-deployed.json` under the prefix, written by `npm run deploy`
 * as its last write when it is told the commit it publishes (DEPLOY_COMMIT). CI reads it back to
 * decide which path the next push takes (ciPath.ts): the diff is taken against what is live, not
 * against the previous push, so a cancelled or failed run never hides a change.
 */

/** Key of the record, beside the deploy manifest; never uploaded from dist/, never deleted. */
export const DEPLOYED_KEY = '.huibao-deployed.json';

export interface DeployedRecord {
	/** The commit whose build is live (full hex object name). */
	commit: string;
	/** When the deploy finished (ISO 8601, UTC). */
	deployedAt: string;
	/**
	 * The instant the deployed build was made for (HUIBAO_NOW, ISO 8601 UTC), when CI set it: a
	 * scheduled run rebuilds only if a publish or take-down time fell after it (scheduleDue.ts).
	 */
	builtFor?: string;
}

/** A full SHA-1 or SHA-256 object name: nothing else from the bucket ever reaches git. */
export const COMMIT_PATTERN = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;

export function encodeDeployedRecord(record: DeployedRecord): Uint8Array {
	return new TextEncoder().encode(`${JSON.stringify(record)}\n`);
}

/** The record, or undefined when the bytes are not one (a damaged record counts as none). */
export function decodeDeployedRecord(bytes: Uint8Array | undefined): DeployedRecord | undefined {
	if (!bytes) return undefined;
	try {
		const value = JSON.parse(new TextDecoder().decode(bytes)) as Partial<DeployedRecord>;
		if (typeof value.commit !== 'string' || !COMMIT_PATTERN.test(value.commit)) return undefined;
		return {
			commit: value.commit,
			deployedAt: typeof value.deployedAt === 'string' ? value.deployedAt : '',
			...(typeof value.builtFor === 'string' && !Number.isNaN(Date.parse(value.builtFor))
				? { builtFor: value.builtFor }
				: {}),
		};
	} catch {
		return undefined;
	}
}
