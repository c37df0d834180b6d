/**
 * Fetching one WeChat article page by its address, politely: a browser's headers, a time limit,
 * and a clear answer when WeChat sends something other than the article (a verification page,
 * a deleted article). The caller fetches one address at a time with a pause in between and stops
 * at the first verification page. The page is only ever read as text, never run.
 */
import { notAnArticle } from './wechat.ts';
import { USER_AGENT, type FetchLike } from './wechatImages.ts';

const TIMEOUT_MS = 30_000;
/** A WeChat article page is a few hundred KB; anything far larger is not one. */
const MAX_PAGE_BYTES = 10 * 1024 * 1024;

export async function fetchArticle(
	url: string,
	fetchFn: FetchLike
): Promise<{ bytes: Buffer } | { error: string; stop: boolean }> {
	let response: Response;
	try {
		response = await fetchFn(url, {
			headers: {
				'User-Agent': USER_AGENT,
				Accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.8',
				'Accept-Language': 'zh-CN,zh;q=0.9',
			},
			signal: AbortSignal.timeout(TIMEOUT_MS),
		});
	} catch (error) {
		return { error: `no answer (${(error as Error).message})`, stop: false };
	}
	// Redirects are followed; one that ends on the verification page is caught below by its text.
	if (response.status === 429 || response.status === 403) {
		return { error: `WeChat answered ${response.status}; stopped fetching`, stop: true };
	}
	if (!response.ok) return { error: `the server answered ${response.status}`, stop: false };
	const bytes = Buffer.from(await response.arrayBuffer());
	if (bytes.length > MAX_PAGE_BYTES)
		return { error: 'the answer is too large to be an article page', stop: false };
	const problem = notAnArticle(`${response.url ?? ''}\n${bytes.toString('utf8')}`);
	if (problem) return { error: problem.reason, stop: problem.stop };
	return { bytes };
}
