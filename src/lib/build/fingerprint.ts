import { hash } from 'node:crypto';
import type { Page } from '../site/siteModel.ts';

/**
 * What a page's bytes depend on besides the site-wide inputs: kind, language, URL, language
 * alternates and props. Equal fingerprints (with equal site-wide inputs) mean equal output.
 */
export function pageFingerprint(page: Page): string {
	return hash(
		'sha1',
		JSON.stringify([page.kind, page.lang, page.url, page.alternates, page.props]),
		'base64url'
	);
}
