/**
 * A WeChat 公众号 article page (mp.weixin.qq.com), saved by a browser or fetched → the article.
 *
 * The page is read as data only: its scripts are never run. What the page's script would compute
 * is read from the script's text (`var ct = "…"`, `var msg_title = '…'`) with fixed patterns, and
 * the body is `#js_content`, which the page hides (`visibility: hidden`) until its script runs.
 * WeChat's own furniture around the article (reward, comments, 阅读原文 button, account card)
 * lies outside `#js_content` and is never read; the follow prompts editors put inside it are
 * dropped by `dropWechatChrome`.
 */
import type { Element, Root } from 'hast';
import { unified } from 'unified';
import rehypeParse from 'rehype-parse';
import { select, selectAll } from 'hast-util-select';
import { toText } from 'hast-util-to-text';
import type { PlainDate } from '../lib/dates/plainDate.ts';
import { collapseSpace, type Block } from './blocks.ts';
import { elementToBlocks, stringProp } from './htmlToBlocks.ts';
import { parseDate } from './metaLine.ts';

export interface WechatArticle {
	title: string;
	date: PlainDate;
	/** The account (公众号) name. */
	source?: string;
	/** The article's address, normalised (see `normaliseWechatUrl`). */
	url?: string;
	/** The share image's address (`og:image`, `msg_cdn_url`). */
	cover?: string;
	body: Block[];
	/** Things in the body that are not imported (voice, video, mini-program cards). */
	warnings: string[];
}

export interface WechatError {
	field: 'title' | 'date' | 'body';
	reason: string;
}

/** A saved or fetched mp.weixin.qq.com article: its body box plus one of WeChat's own marks. */
export function isWechatPage(html: string): boolean {
	return (
		/\bid=["']?js_content\b/.test(html) &&
		/mp\.weixin\.qq\.com|\bvar\s+(?:ct|msg_title|msg_link)\s*=|rich_media_content/.test(html)
	);
}

/** Reads a WeChat article page; an error names the field that has no value. */
export function extractWechat(html: string): WechatArticle | WechatError {
	const tree = unified().use(rehypeParse).parse(html) as Root;
	const scripts = selectAll('script', tree)
		.map((s) => toText(s, { whitespace: 'pre' }))
		.join('\n');

	const title =
		text(select('#activity-name', tree)) ||
		text(select('.rich_media_title', tree)) ||
		scriptString(scripts, 'msg_title');
	if (!title)
		return { field: 'title', reason: 'no #activity-name heading and no msg_title in the page' };

	const date = publishDate(scripts) ?? parseDate(text(select('#publish_time', tree)));
	if (!date) {
		return {
			field: 'date',
			reason:
				'no publish time in the page (var ct = "<unix seconds>" in its script, or #publish_time)',
		};
	}

	const content = select('#js_content', tree);
	if (!content) return { field: 'body', reason: 'no #js_content (the article body) in the page' };
	const warnings = unsupported(content);
	const body = dropWechatChrome(elementToBlocks(content, { bullets: true }));
	if (body.length === 0) return { field: 'body', reason: '#js_content holds no text or images' };

	const article: WechatArticle = { title, date, body, warnings };
	const source = text(select('#js_name', tree)) || scriptString(scripts, 'nickname');
	if (source) article.source = source;
	const url = [
		scriptString(scripts, 'msg_link'),
		stringProp(select('meta[property="og:url"]', tree), 'content'),
		stringProp(select('link[rel~=canonical]', tree), 'href'),
	]
		.map((u) => (u ? normaliseWechatUrl(u) : undefined))
		.find(Boolean);
	if (url) article.url = url;
	const cover = [
		stringProp(select('meta[property="og:image"]', tree), 'content'),
		scriptString(scripts, 'msg_cdn_url'),
	]
		.map((u) => u?.trim())
		.find((u) => u && /^https?:\/\//i.test(u));
	if (cover) article.cover = cover;
	return article;
}

function text(element: Element | undefined): string {
	return element ? collapseSpace(toText(element)) : '';
}

/**
 * `var ct = "1670385600"`: the publish time in Unix seconds, as the calendar day in China
 * (Asia/Shanghai), which is the day the account's readers saw.
 */
export function publishDate(scripts: string): PlainDate | undefined {
	const m =
		/\bvar\s+ct\s*=\s*["']?(\d{9,11})["']?/.exec(scripts) ??
		/\bvar\s+oriCreateTime\s*=\s*["']?(\d{9,11})["']?/.exec(scripts);
	if (!m) return undefined;
	const instant = new Date(Number(m[1]) * 1000);
	const day = new Intl.DateTimeFormat('en-CA', {
		timeZone: 'Asia/Shanghai',
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
	}).format(instant);
	return parseDate(day);
}

/**
 * The value of `var <name> = '…'` (or "…") in the page's script, JavaScript escapes and HTML
 * entities decoded (WeChat writes `'…'.html(false)` values entity-encoded). Read, never run.
 */
export function scriptString(scripts: string, name: string): string {
	const m = new RegExp(`\\bvar\\s+${name}\\s*=\\s*(["'])((?:\\\\.|(?!\\1)[^\\\\\\n])*)\\1`).exec(
		scripts
	);
	if (!m) return '';
	const unescaped = m[2]!.replace(
		/\\(?:x([0-9a-f]{2})|u([0-9a-f]{4})|([^xu]))/gi,
		(_, hex, uni, ch) =>
			hex || uni ? String.fromCharCode(Number.parseInt(hex ?? uni, 16)) : ch === 'n' ? '\n' : ch
	);
	const fragment = unified().use(rehypeParse, { fragment: true }).parse(unescaped) as Root;
	return collapseSpace(toText(fragment));
}

/**
 * One address per article, whichever way it was written: https, host mp.weixin.qq.com, the
 * short form `/s/<code>` without query, or the long form `/s?__biz&mid&idx&sn` without the
 * tracking parameters (chksm, scene, #rd…) that differ between copies of the same link.
 */
export function normaliseWechatUrl(raw: string): string | undefined {
	let url: URL;
	try {
		url = new URL(raw.trim().replace(/&amp;/g, '&'));
	} catch {
		return undefined;
	}
	if (!/^https?:$/.test(url.protocol) || url.hostname !== 'mp.weixin.qq.com') return undefined;
	if (url.pathname === '/s' || url.pathname === '/mp/appmsg/show') {
		// The raw values: `__biz` is base64 (`…==`), which URLSearchParams would re-encode.
		const raw = new Map(
			url.search
				.slice(1)
				.split('&')
				.map((pair) => [pair.split('=', 1)[0]!, pair.slice(pair.indexOf('=') + 1)] as const)
		);
		const parts: string[] = [];
		for (const key of ['__biz', 'mid', 'idx', 'sn']) {
			const value = raw.get(key);
			if (!value || !/^[\w%=+/.-]+$/.test(value)) return undefined;
			parts.push(`${key}=${value}`);
		}
		return `https://mp.weixin.qq.com/s?${parts.join('&')}`;
	}
	return /^\/s\/[\w-]+$/.test(url.pathname) ? `https://mp.weixin.qq.com${url.pathname}` : undefined;
}

/** Voice, music, video and mini-program cards: shown by WeChat's app, nothing to import. */
function unsupported(content: Element): string[] {
	const kinds: [string, string][] = [
		['mpvoice, mp-common-mpaudio', 'voice message'],
		['qqmusic', 'music card'],
		['iframe, mpvideosnap, mp-common-videosnap, .video_iframe', 'video'],
		['mp-miniprogram, mp-weapp, .weapp_text_link, .weapp_image_link', 'mini-program card'],
		['mp-common-profile', 'account card'],
	];
	const warnings: string[] = [];
	for (const [selector, what] of kinds) {
		const n = selectAll(selector, content).length;
		if (n) warnings.push(`${n} ${what}${n === 1 ? '' : 's'} not imported (WeChat-only content)`);
	}
	return warnings;
}

/*
 * Chrome editors put inside #js_content. Each pattern only applies to a short line (a prompt,
 * not a sentence of the article), so an article that talks about 二维码 keeps its text.
 */
const SHORT = 40;
/** 点击蓝字关注我们, 点击上方"蓝字"关注… : the banner at the top of many accounts' articles. */
const FOLLOW =
	/蓝字.{0,8}关注|关注.{0,8}蓝字|^(?:点击|点)(?:上方|下方|顶部|标题下)?.{0,12}关注(?:我们|公众号)?[!！~～。.]*$/;
/**
 * 长按识别二维码关注我们, 扫码关注, 扫一扫关注…: the account's QR code block at the end. Only
 * prompts to follow, or a bare 长按识别二维码: a QR code to register for an event (扫描二维码报名)
 * is part of the notice and stays.
 */
const QR =
	/(?:长按|扫描|扫一扫|扫码|识别).{0,10}关注|^(?:长按|扫描|扫码)(?:识别|扫描|扫码)?(?:图中|下方|上方)?二维码(?:识别)?[!！。.~～]*$/;
/** 点击阅读原文, 点击左下角"阅读原文"查看…: the button the page has below the article (not imported). */
const READ_MORE =
	/^(?:点击|戳)?(?:左下角|下方|文末)?\s*["“「『]?阅读原文(?:["”」』]|$|[，,。:：!！]|查看|了解|报名|获取|下载|进入|即可|参与|填写|访问)/;
/** 点个在看, 点赞+在看, 分享、点赞、在看: reader prompts (words joined only by separators). */
const LIKE =
	/点个?\s*["“「]?在看|(?:点赞|分享|转发)[、，,+＋和与\s]*["“「]?在看|在看[」”"]?[、，,+＋和与\s]*(?:点赞|分享|转发)|一键三连/;
/** END, — END —, -END-: a decoration closing the article. */
const END = /^[-—–_=·•\s]*(?:END|THE END|完)[-—–_=·•\s]*$/i;
/** 往期推荐, 往期回顾, 精彩回顾, 推荐阅读…: a list of links to other articles follows. */
const MORE_ARTICLES =
	/^[【[]?(?:往期推荐|往期回顾|往期精彩|往期精选|精彩回顾|精彩推荐|推荐阅读|相关阅读|延伸阅读)[】\]]?[:：]?$/;

function chromeKind(block: Block): 'qr' | 'follow' | 'line' | 'more' | undefined {
	const t = block.text;
	if (!t || t.length > SHORT || block.kind === 'table') return undefined;
	if (QR.test(t)) return 'qr';
	if (FOLLOW.test(t)) return 'follow';
	if (MORE_ARTICLES.test(t)) return 'more';
	if (READ_MORE.test(t) || LIKE.test(t) || END.test(t)) return 'line';
	return undefined;
}

/** A line that is only one or more images (a QR code, a banner GIF). */
function imageOnly(block: Block | undefined): boolean {
	return (
		block !== undefined && block.kind === 'line' && block.hasImage === true && block.text === ''
	);
}

/** A line whose every character sits in a link: an entry of a 往期推荐 list. */
function linkOnly(block: Block): boolean {
	if (!block.nodes || !block.text) return false;
	const linked = block.nodes
		.flatMap((n) => (n.type === 'element' ? (n.tagName === 'a' ? [n] : selectAll('a', n)) : []))
		.map((a) => collapseSpace(toText(a)))
		.join('');
	return linked.replace(/\s/g, '') === block.text.replace(/\s/g, '');
}

/**
 * Drops WeChat prompts from the body: follow banners (with the image right above or below
 * them), QR-code lines (with the QR image next to them), 阅读原文 and 在看 prompts, END marks,
 * and a 往期推荐 heading with the link lines and images under it.
 */
export function dropWechatChrome(blocks: readonly Block[]): Block[] {
	const drop = new Set<number>();
	for (let i = 0; i < blocks.length; i++) {
		const kind = chromeKind(blocks[i]!);
		if (!kind) continue;
		drop.add(i);
		if (kind === 'qr' || kind === 'follow') {
			// The QR code or the animated "follow" banner is an image on its own line next to it.
			if (imageOnly(blocks[i - 1])) drop.add(i - 1);
			if (imageOnly(blocks[i + 1])) drop.add(i + 1);
		}
		if (kind === 'more') {
			let j = i + 1;
			while (j < blocks.length && (linkOnly(blocks[j]!) || imageOnly(blocks[j]))) drop.add(j++);
		}
	}
	return blocks.filter((_, i) => !drop.has(i));
}

/** Texts WeChat serves instead of an article. `stop`: it wants a human; fetching more is futile. */
const NOT_AN_ARTICLE: [RegExp, string, boolean][] = [
	[
		/环境异常|完成验证后即可继续访问|请在微信客户端打开|wappoc_appmsgcaptcha|secitptpage\/verify/,
		'WeChat asks for a verification (环境异常); stopped fetching',
		true,
	],
	[
		/访问过于频繁|操作频繁|请稍后再试/,
		'WeChat says the requests are too frequent (访问过于频繁); stopped fetching',
		true,
	],
	[
		/该内容已被发布者删除/,
		'the article was deleted by its publisher (该内容已被发布者删除)',
		false,
	],
	[
		/此内容因违规无法查看|涉嫌违反相关法律法规和政策/,
		'WeChat blocked the article (此内容因违规无法查看)',
		false,
	],
	[/链接已过期/, 'the link has expired (链接已过期)', false],
	[
		/该公众号已迁移|transfer_target_link/,
		'the account has moved (该公众号已迁移); fetch the article from its new address',
		false,
	],
	[/此帐号已自主注销|此帐号已被屏蔽|该帐号已注销/, 'the account no longer exists', false],
];

/** What a fetched page is when it is not an article; undefined for an article. */
export function notAnArticle(html: string): { reason: string; stop: boolean } | undefined {
	if (isWechatPage(html)) return undefined;
	for (const [pattern, reason, stop] of NOT_AN_ARTICLE)
		if (pattern.test(html)) return { reason, stop };
	return {
		reason: 'the address did not answer with a WeChat article page (no #js_content)',
		stop: false,
	};
}
