/**
 * Recognising the parts of an old page that are not the article: breadcrumb, page tools,
 * footer. Every pattern here can also match a line of a real article, so each is shaped to
 * what chrome looks like (short, no sentence ending, at a known position) rather than to a word.
 * Losing a line of a report is worse than keeping a line of chrome.
 */
import { squash } from './blocks.ts';

const HOME = new Set(['首页', '网站首页', '主页', '返回首页', 'home', '首頁']);
/** Last crumbs that name the page type, not a section. */
const PAGE_WORDS = new Set(
	(
		'正文 内容 详情 详细内容 正文内容 文章内容 浏览文章 ' +
		'查看文章 阅读文章 新闻详情 文章详情 信息详情'
	).split(' ')
);

/** The label may follow the section's name in the same bar (`协会动态 您现在的位置：…`). */
const CRUMB_LABEL =
	/^(?:.{0,20}?[^\p{L}\p{N}])?(?:您现在的位置|你现在的位置|您当前的位置|你当前的位置|您当前位置|您所在的位置|您的位置|你的位置|当前位置|所在位置|现在位置|当前页面|位置)\s*[:：]\s*/u;
/** `-`, `>`, `>>`, `»`, `›`, `→`, `/`, `|` and their full-width forms. */
const CRUMB_SEP = /\s*(?:>>|＞＞|->|=>|[-－—–>＞»›→/／|｜\\])\s*/;
const SEP_AT_START = new RegExp(`^(?:${CRUMB_SEP.source})`);
const SEP_AT_END = new RegExp(`(?:${CRUMB_SEP.source})$`);
/** Without a label, a trail must start at 首页 and use a breadcrumb separator (a nav bar uses |). */
const STARTS_AT_HOME = /^(?:首页|网站首页|主页|首 页|Home)\s*(?:>>|＞＞|->|[-－>＞»›→])/i;

export interface Breadcrumb {
	/** Crumbs after 首页, outermost first, e.g. `['通知公告', '协会动态']`. */
	segments: string[];
	/** How many blocks it took (a breadcrumb laid out as a list spans several). */
	span: number;
}

/**
 * Reads a breadcrumb starting at `lines[0]`; undefined when that line does not start one.
 * `labelled`: only trails introduced by 您现在的位置/当前位置…; otherwise also bare `首页 > …`.
 */
export function parseBreadcrumb(
	lines: readonly string[],
	labelled: boolean
): Breadcrumb | undefined {
	const first = lines[0];
	if (first === undefined || first.length > 150) return undefined;
	let text: string;
	const label = CRUMB_LABEL.exec(first);
	if (label) text = first.slice(label[0].length);
	else if (!labelled && STARTS_AT_HOME.test(first)) text = first;
	else return undefined;

	let span = 1;
	// A trail laid out as <li>s arrives one crumb per block: join while a separator says it goes
	// on. A trailing separator on the breadcrumb's own line (`位置：首页 > 协会动态 >`) is
	// decoration: the line after it is the title.
	let afterSeparator = false;
	while (span < lines.length && span < 12) {
		const next = lines[span]!;
		if (next.length > 30) break;
		if (!(text.trim() === '' || afterSeparator || SEP_AT_START.test(next))) break;
		text = `${text} ${next}`;
		afterSeparator = SEP_AT_END.test(next);
		span++;
	}
	const segments = text
		.split(CRUMB_SEP)
		.map((s) => s.trim())
		.filter((s) => s !== '' && !HOME.has(s.toLowerCase()) && !HOME.has(squash(s)));
	if (segments.length > 8) return undefined;
	return { segments, span };
}

/** Crumbs that can name a section: not the page type (正文), most specific last. */
export function sectionCrumbs(segments: readonly string[], title: string): string[] {
	const t = squash(title);
	return segments.filter((s) => !PAGE_WORDS.has(squash(s)) && squash(s) !== t);
}

const TOOL_TOKEN =
	/[【[［(（]?\s*(?:(?:字体|字号)\s*[:：]?\s*(?:[大中小]\s*)*|打印本页|打印此页|打印文章|打印本文|打印|关闭窗口|关闭本页|关闭|收藏本页|加入收藏|收藏|返回顶部|返回列表|返回|顶部|推荐给朋友|我要评论|复制链接|分享到\s*[:：]?.*)\s*[】\]］)）]?/g;

/** Page tools such as `【字体：大 中 小】【打印】【关闭】` or `分享到：`. */
export function isToolLine(line: string): boolean {
	if (line.length > 80) return false;
	const rest = line.replace(TOOL_TOKEN, '').replace(/[\s|｜·•:：,，、]+/g, '');
	return rest === '' && /[\p{L}]/u.test(line);
}

const PREV_NEXT =
	/^[【[]?(?:上一篇|下一篇|上一条|下一条|上一页|下一页|上一则|下一则|前一篇|后一篇)\s*[】\]]?\s*(?:[:：]|\s|$)/;
const RELATED =
	/^[【[]?(?:相关文章|相关新闻|相关阅读|相关链接|相关信息|相关资讯|推荐阅读|热点文章|热门文章|最新文章|最新动态|猜你喜欢|延伸阅读)[】\]]?\s*[:：]?$/;

/** DedeCMS prints `------分隔线------` between an article and its page tools. */
const DIVIDER = /^[-=—_*]{3,}\s*分隔线\s*[-=—_*]{3,}$/;

/** Lines that end an article on the page: page tools, previous/next links, related lists. */
export function isArticleEnd(line: string): boolean {
	return isToolLine(line) || PREV_NEXT.test(line) || RELATED.test(line) || DIVIDER.test(line);
}

const FOOTER_WORDS =
	/版权所有|版权归|Copyright|©|\(c\)\s*\d{4}|ICP\s*[备证]|公网安备|网站标识码|技术支持\s*[:：]?\s*\S|建议使用.{0,20}浏览器|最佳浏览|分辨率|Powered\s+by|All\s+rights\s+reserved/i;
const FOOTER_NAV =
	/^(?:首页|网站首页|关于我们|联系我们|网站地图|设为首页|加入收藏|友情链接|法律声明|隐私政策|网站声明|免责声明)(?:\s*[|｜·•/]\s*|\s+|[:：]|$)/;
const WECHAT = /(?:微信公众号|官方微信|官方微博|微信二维码)$/;
const SCAN = /^(?:扫一扫|扫码|扫描二维码|微信扫一扫|微信扫描)[，,\s]*关注|^关注我们$/;

/** A line of the site footer: copyright, 备案 number, footer links, the WeChat account line. */
export function isSiteFooter(line: string): boolean {
	if (line.length > 160 || /[。！？!?]$/.test(line)) return false;
	if (FOOTER_WORDS.test(line) || FOOTER_NAV.test(line)) return true;
	return line.length <= 30 && !/[:：]/.test(line) && (WECHAT.test(line) || SCAN.test(line));
}

const CONTACT_LABEL =
	/(?:^|\s|[|｜])(主办单位|承办单位|协办单位|主办|通讯地址|联系地址|办公地址|协会地址|单位地址|地址|邮政编码|邮编|联系电话|办公电话|电话|传真|电子邮箱|邮箱|E-?mail|网址)\s*[:：]/gi;
const ADDRESS_FIRST =
	/^(?:主办单位|承办单位|协办单位|主办|通讯地址|联系地址|办公地址|协会地址|单位地址|地址|邮政编码|邮编|网址)$/;

/**
 * The association's address block just above the copyright line. A notice can end with its own
 * contact lines (联系人、电话), so only address-like lines, or lines with several contact fields and
 * nothing else, count; and only when they sit right above the site footer.
 */
export function isContactFooter(line: string): boolean {
	if (line.length > 160 || /[。！？]$/.test(line) || /联系人/.test(line)) return false;
	const labels = [...line.matchAll(CONTACT_LABEL)];
	if (labels.length === 0 || labels[0]!.index !== 0) return false;
	return ADDRESS_FIRST.test(labels[0]![1]!) || labels.length >= 2;
}

/** Leading lines of a body that only repeat the title (whole, or split over several lines). */
export function countTitleRepeats(lines: readonly string[], title: string): number {
	const t = squash(title);
	if (!t) return 0;
	let dropped = 0;
	let acc = '';
	for (let i = 0; i < lines.length && i < dropped + 4; i++) {
		acc += squash(lines[i]!);
		if (acc === t) {
			dropped = i + 1;
			acc = '';
		} else if (!t.startsWith(acc)) break;
	}
	return dropped;
}
