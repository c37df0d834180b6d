/**
 * Interface strings, one dictionary per language. The Chinese dictionary is the source of the
 * keys; the English one must have every key (the type says so, and a test checks it).
 * Keys are flat and dotted, grouped by where they appear.
 */
import { defaultLocale, type Locale } from './locales.ts';

const zh = {
	// header and navigation
	'site.skipToContent': '跳到正文',
	'nav.home': '首页',
	'nav.archive': '归档',
	'nav.search': '搜索',
	'nav.menu': '栏目',
	'nav.breadcrumb': '当前位置',
	// the languages' names in this language (one per language of locales.ts), for the switch's title
	'lang.zh': '中文',
	'lang.en': '英文',
	'lang.switchLabel': '切换到{language}',
	// search box in the header
	'search.placeholder': '搜索通知、报告…',
	'search.submit': '搜索',
	// home
	'home.latest': '最新发布',
	'home.more': '更多',
	'home.archives': '按年份浏览',
	'home.allTags': '全部标签',
	// report page
	'report.published': '发布时间',
	'report.source': '来源',
	'report.docNumber': '文号',
	'report.writtenDate': '成文日期',
	'list.pinned': '置顶',
	'rss.docNumber': '文号：{number}',
	'report.tags': '标签',
	'report.attachments': '附件',
	'report.prev': '上一篇',
	'report.next': '下一篇',
	'report.none': '没有了',
	// the invitation to read a report in this language, shown on its other versions
	'report.translation': '阅读中文版',
	'report.print': '打印本页',
	'report.share': '分享本页',
	'report.shareHint': '微信扫一扫或长按识别二维码，打开本页',
	'report.download': '下载',
	// reading aids (字号, 关怀模式)
	'reading.label': '阅读设置',
	'reading.size': '字号',
	'reading.large': '大',
	'reading.medium': '中',
	'reading.small': '小',
	'reading.care': '关怀模式',
	'print.address': '本页地址',
	'report.draft': '草稿（不会发布）',
	'report.related': '相关文章',
	'page.translation': 'Read in English',
	'footer.pages': '关于协会',
	// lists and pagination
	'list.empty': '暂无内容。',
	'list.external': '（外部链接）',
	'report.external': '本文发布在其他网站，正在跳转：',
	'list.count': '共 {count} 篇',
	'list.separator': '、',
	'page.prev': '上一页',
	'page.next': '下一页',
	'page.nav': '分页',
	'page.current': '第 {page} 页，共 {pages} 页',
	// archives
	'archive.title': '文章归档',
	'archive.year': '{year}年',
	'archive.byMonth': '按月份',
	// tags
	'tags.title': '标签',
	'tags.tag': '标签：{tag}',
	// footer
	'footer.address': '地址',
	'footer.phone': '电话',
	'footer.email': '邮箱',
	'footer.follow': '关注我们',
	'footer.rss': 'RSS 订阅',
	// 网站地图: every section of the site on one page, for people (the XML sitemap is for crawlers)
	'siteMap.title': '网站地图',
	'siteMap.sections': '栏目',
	'siteMap.browse': '浏览与检索',
	'siteMap.years': '按年份',
	'siteMap.rss': 'RSS 订阅',
	'siteMap.rssWhat':
		'RSS 是一种订阅方式：把下面的地址添加到 RSS 阅读器（如 Inoreader、Feedly 或浏览器的订阅插件），协会发布新的通知、报告时，阅读器会自动收到，无需反复打开本站。',
	'siteMap.rssFeed': '本站最新发布的 RSS 地址',
	'siteMap.machine': '供搜索引擎使用的 XML 网站地图',
	// punctuation between a label and its value: full-width in Chinese, half-width in English
	'punct.colon': '：',
	'footer.copyright': '版权所有 © {year} {name}',
	// 404
	'notFound.title': '页面不存在',
	'notFound.body': '您访问的页面不存在或已被移除。',
	'notFound.home': '返回首页',
	// feeds
	'rss.title': '{name} · 最新发布',
	// search page
	'searchPage.title': '站内搜索',
	'searchPage.noScript': '搜索需要启用 JavaScript。您也可以按栏目、年份或标签浏览全部文章：',
	'searchPage.loading': '正在加载搜索…',
	'searchPage.noResults': '没有找到与“{query}”相关的内容。',
	'searchPage.results': '找到 {count} 条结果',
	'searchPage.more': '加载更多',
	'searchPage.sortRelevance': '按相关度',
	'searchPage.sortNewest': '按时间',
	'searchPage.category': '栏目',
	'searchPage.year': '年份',
	'searchPage.all': '全部',
	'searchPage.hint': '输入两个或更多汉字，如“桥梁检测”。',
	'searchPage.failed': '搜索暂时不可用，请稍后再试或按栏目浏览。',
	'searchPage.label': '搜索关键词',
	'searchPage.sort': '排序',
	'searchPage.partial': '，正在检索更早的年份…',
	'searchPage.inBody': '正文提及：',
	'searchPage.browse': '按栏目、年份或标签浏览',
	'searchPage.noIndex':
		'还没有搜索索引：索引由 npm run build 生成，开发模式（npm run dev）下没有索引。您可以按栏目、年份或标签浏览：',
	'searchPage.shown': '已显示 {shown} 条，共 {count} 条',
} as const satisfies Record<`lang.${Locale}`, string> & Record<string, string>;

export type UiKey = keyof typeof zh;

const en: Record<UiKey, string> = {
	'site.skipToContent': 'Skip to content',
	'nav.home': 'Home',
	'nav.archive': 'Archive',
	'nav.search': 'Search',
	'nav.menu': 'Sections',
	'nav.breadcrumb': 'You are here',
	'lang.zh': 'Chinese',
	'lang.en': 'English',
	'lang.switchLabel': 'Switch to {language}',
	'search.placeholder': 'Notices, reports…',
	'search.submit': 'Search',
	'home.latest': 'Latest',
	'home.more': 'More',
	'home.archives': 'Browse by year',
	'home.allTags': 'All tags',
	'report.published': 'Published',
	'report.source': 'Source',
	'report.docNumber': 'Document No.',
	'report.writtenDate': 'Date written',
	'list.pinned': 'Pinned',
	'rss.docNumber': 'Document No.: {number}',
	'report.tags': 'Tags',
	'report.attachments': 'Attachments',
	'report.prev': 'Previous',
	'report.next': 'Next',
	'report.none': 'None',
	'report.translation': 'Read in English',
	'report.print': 'Print this page',
	'report.share': 'Share this page',
	'report.shareHint': 'Scan the QR code (or long-press it in WeChat) to open this page',
	'report.download': 'Download',
	'reading.label': 'Reading options',
	'reading.size': 'Text size',
	'reading.large': 'Large',
	'reading.medium': 'Medium',
	'reading.small': 'Small',
	'reading.care': 'Easy reading',
	'print.address': 'Page address',
	'report.draft': 'Draft (not published)',
	'report.related': 'Related',
	'page.translation': '阅读中文版',
	'footer.pages': 'About the Association',
	'list.empty': 'Nothing here yet.',
	'list.external': ' (external link)',
	'report.external': 'This article is published on another site; forwarding to:',
	'list.count': '{count} items',
	'list.separator': ', ',
	'page.prev': 'Previous page',
	'page.next': 'Next page',
	'page.nav': 'Pages',
	'page.current': 'Page {page} of {pages}',
	'archive.title': 'Archive',
	'archive.year': '{year}',
	'archive.byMonth': 'By month',
	'tags.title': 'Tags',
	'tags.tag': 'Tag: {tag}',
	'footer.address': 'Address',
	'footer.phone': 'Phone',
	'footer.email': 'Email',
	'footer.follow': 'Follow us',
	'footer.rss': 'RSS feed',
	'siteMap.title': 'Site map',
	'siteMap.sections': 'Sections',
	'siteMap.browse': 'Browse and search',
	'siteMap.years': 'By year',
	'siteMap.rss': 'RSS feed',
	'siteMap.rssWhat':
		'RSS lets you follow the site without visiting it: add the address below to a feed reader (such as Inoreader, Feedly or a browser extension) and new notices and reports arrive there as they are published.',
	'siteMap.rssFeed': 'RSS address of the latest English reports',
	'siteMap.machine': 'XML sitemap for search engines',
	'punct.colon': ': ',
	'footer.copyright': 'Copyright © {year} {name}',
	'notFound.title': 'Page not found',
	'notFound.body': 'The page you asked for does not exist or has been removed.',
	'notFound.home': 'Back to the home page',
	'rss.title': '{name} · Latest',
	'searchPage.title': 'Search',
	'searchPage.noScript':
		'Search needs JavaScript. You can also browse every report by section, year or tag:',
	'searchPage.loading': 'Loading search…',
	'searchPage.noResults': 'Nothing matches “{query}”.',
	'searchPage.results': '{count} results',
	'searchPage.more': 'Show more',
	'searchPage.sortRelevance': 'Best match',
	'searchPage.sortNewest': 'Newest',
	'searchPage.category': 'Section',
	'searchPage.year': 'Year',
	'searchPage.all': 'All',
	'searchPage.hint': 'Type a word, e.g. “bridge”.',
	'searchPage.failed': 'Search is unavailable right now; please browse by section instead.',
	'searchPage.label': 'Search terms',
	'searchPage.sort': 'Order',
	'searchPage.partial': '; searching earlier years…',
	'searchPage.inBody': 'Also in the text: ',
	'searchPage.browse': 'Browse by section, year or tag',
	'searchPage.noIndex':
		'There is no search index yet: it is built by npm run build (the dev server, npm run dev, has none). Browse by section, year or tag instead:',
	'searchPage.shown': 'Showing {shown} of {count}',
};

export const ui: Record<Locale, Record<UiKey, string>> = { zh, en };

/**
 * Returns `t(key, vars)` for one language; `{name}` placeholders are filled from `vars`.
 * @example useTranslations('zh')('list.count', { count: 3 }) // '共 3 篇'
 */
export function useTranslations(lang: Locale) {
	const dict = ui[lang];
	return function t(key: UiKey, vars?: Record<string, string | number>): string {
		const text = dict?.[key] ?? ui[defaultLocale][key];
		if (!vars) return text;
		return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
			name in vars ? String(vars[name]) : whole
		);
	};
}
