/**
 * Downloading a WeChat article's images (mmbiz.qpic.cn), once each, and refusing WeChat's
 * "此图片来自微信公众平台 未经允许不可引用" placeholder.
 *
 * WeChat's image server checks the Referer: a request that does not come from
 * https://mp.weixin.qq.com/ gets, with status 200, a small stock image saying the picture may not
 * be quoted, whatever picture was asked for. Saving that would put the same wrong picture in
 * every imported article, so each download is checked (heuristically, see `placeholderReason`)
 * and a suspect one fails instead of being stored.
 */
import { createHash } from 'node:crypto';

/** What the importer fetches with: `fetch`, or a stand-in the tests route to 127.0.0.1. */
export type FetchLike = (
	url: string,
	init: { headers: Record<string, string>; signal?: AbortSignal }
) => Promise<Response>;

/** A desktop browser's User-Agent: WeChat answers a bare client differently. */
export const USER_AGENT =
	'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36';
export const WECHAT_REFERER = 'https://mp.weixin.qq.com/';

/** An image larger than this is not an article picture; refusing it bounds memory. */
const MAX_IMAGE_BYTES = 20 * 1024 * 1024;
const TIMEOUT_MS = 30_000;

export type ImageResult = { bytes: Buffer; ext: string } | { error: string };

/**
 * WeChat's picture servers (mmbiz.qpic.cn, mmbiz.qlogo.cn…): the only hosts pictures are
 * downloaded from. A saved page is input from outside; an address on any other host (an
 * intranet camera, a cloud metadata address) is never requested, and whatever it answered would
 * otherwise be published.
 */
export function isWechatImageHost(url: string): boolean {
	try {
		const { protocol, hostname } = new URL(url);
		return /^https?:$/.test(protocol) && /(?:^|\.)(?:qpic|qlogo)\.cn$/.test(hostname);
	} catch {
		return false;
	}
}

/** The format of image bytes, by their signature: jpg, png, gif, webp, bmp, svg. */
export function sniffImage(bytes: Buffer): string | undefined {
	if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff)
		return 'jpg';
	if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
		return 'png';
	const head = bytes.subarray(0, 12).toString('latin1');
	if (head.startsWith('GIF87a') || head.startsWith('GIF89a')) return 'gif';
	if (head.startsWith('RIFF') && head.slice(8, 12) === 'WEBP') return 'webp';
	if (head.startsWith('BM')) return 'bmp';
	if (
		/^\s*(?:<\?xml[^>]*>\s*)?(?:<!--[\s\S]*?-->\s*)*(?:<!DOCTYPE[^>]*>\s*)?<svg\b/i.test(
			bytes.subarray(0, 2048).toString('utf8')
		)
	)
		return 'svg';
	return undefined;
}

/** The format an mmbiz address asks for (`wx_fmt=jpeg` → jpg); undefined when it does not say. */
export function requestedFormat(url: string): string | undefined {
	let fmt: string | null;
	try {
		fmt = new URL(url).searchParams.get('wx_fmt');
	} catch {
		return undefined;
	}
	const f = fmt?.toLowerCase();
	if (!f || f === 'other') return undefined;
	return f === 'jpeg' ? 'jpg' : f;
}

/**
 * Downloads images for a run: each address once (a second request returns the first answer),
 * with a browser's User-Agent and WeChat's Referer, checked against the placeholder.
 */
export class ImageDownloader {
	readonly #fetch: FetchLike;
	readonly #results = new Map<string, Promise<ImageResult>>();
	/** Hashes of answers already recognised as the placeholder: the same bytes are refused anywhere. */
	readonly #placeholders = new Set<string>();

	constructor(fetchFn: FetchLike) {
		this.#fetch = fetchFn;
	}

	get(url: string): Promise<ImageResult> {
		let result = this.#results.get(url);
		if (!result) {
			result = this.#download(url);
			this.#results.set(url, result);
		}
		return result;
	}

	async #download(url: string): Promise<ImageResult> {
		if (!isWechatImageHost(url)) {
			return { error: 'not on a WeChat picture server (*.qpic.cn, *.qlogo.cn); not downloaded' };
		}
		let response: Response;
		try {
			response = await this.#fetch(url, {
				headers: {
					'User-Agent': USER_AGENT,
					Referer: WECHAT_REFERER,
					Accept: 'image/avif,image/webp,image/apng,image/*,*/*;q=0.8',
				},
				signal: AbortSignal.timeout(TIMEOUT_MS),
			});
		} catch (error) {
			return { error: `download failed (${(error as Error).message})` };
		}
		if (!response.ok) return { error: `the server answered ${response.status}` };
		const length = Number(response.headers.get('content-length') ?? 0);
		if (length > MAX_IMAGE_BYTES)
			return { error: `larger than ${MAX_IMAGE_BYTES / 1024 / 1024} MB` };
		const bytes = Buffer.from(await response.arrayBuffer());
		if (bytes.length === 0) return { error: 'the server sent an empty answer' };
		if (bytes.length > MAX_IMAGE_BYTES)
			return { error: `larger than ${MAX_IMAGE_BYTES / 1024 / 1024} MB` };
		const ext = sniffImage(bytes);
		if (!ext) {
			const type = response.headers.get('content-type') ?? 'no content type';
			return { error: `the answer is not an image (${type})` };
		}
		const hash = createHash('sha256').update(bytes).digest('hex');
		const placeholder = this.#placeholders.has(hash)
			? 'the same bytes WeChat sent as its placeholder for another image'
			: placeholderReason(url, ext, response.headers.get('content-type'));
		if (placeholder) {
			this.#placeholders.add(hash);
			return {
				error: `WeChat sent its "未经允许不可引用" placeholder instead of the picture (${placeholder}); not saved`,
			};
		}
		return { bytes, ext };
	}
}

/**
 * Why an answer looks like WeChat's placeholder, or undefined. The placeholder is one stock
 * image whatever was asked for, so its format differs from what the address (`wx_fmt`) and, for
 * the real server, what the picture's own content type says. Heuristic: a picture WeChat
 * converted to another format on purpose (`tp=webp`) is allowed.
 */
export function placeholderReason(
	url: string,
	ext: string,
	contentType: string | null
): string | undefined {
	const asked = requestedFormat(url);
	const webpAllowed = ext === 'webp' && /[?&]tp=webp\b/.test(url);
	if (asked && asked !== ext && !webpAllowed)
		return `the address asks for ${asked}, the bytes are ${ext}`;
	const declared = /^image\/([\w.+-]+)/i.exec(contentType ?? '')?.[1]?.toLowerCase();
	const declaredExt = declared === 'jpeg' ? 'jpg' : declared === 'svg+xml' ? 'svg' : declared;
	if (declaredExt && declaredExt !== ext && !(declaredExt === 'webp' && webpAllowed))
		return `the server says ${declared}, the bytes are ${ext}`;
	return undefined;
}
