// @ts-check
/**
 * The admin page (/admin/): picks the interface language, checks the local backend, registers
 * the preview, the file-name rule and the save guards, then starts Decap with the config that
 * src/cms/config.ts generated from the content schema (/admin/config.json).
 */
import { guardBackends } from './backends.js';
import { registerPagePreview, registerReportPreview } from './preview.js';
import { addCurrentYear, goToEntryAfterMove, guardRoutes } from './years.js';
import { pageSlug, reportSlug } from './slug.js';
import { registerPhrases } from './phrases.js';
// Served beside this file from node_modules/yaml/browser/dist (src/cms/adminFiles.ts).
// @ts-ignore -- not in admin/ itself
import { parse as parseYaml } from './yaml/index.js';

const MESSAGES = {
	zh: {
		localDown: '本地编辑服务没有运行',
		localHelp:
			'请在网站目录中运行 npm run cms（或 npm start），看到“本地编辑服务已启动”后刷新本页。',
		localTried: '尝试连接：',
		useRemote: '改用线上仓库登录',
		retry: '重新检测',
		loadFailed: '无法读取 CMS 配置（/admin/config.json）',
		badPath: '文件位置不正确',
		emptyBody: '正文是空的：请填写正文；如果这是一条跳转到其他网站的链接，请填写“外部链接”。',
		badSlug: '文件名不符合网站规则（只能用小写字母、数字和汉字，用“-”连接，最长 180 字节）',
		badUpload: '上传位置不正确',
		badType: '不支持的文件类型',
		tooLarge: '文件太大',
		badSvg: 'SVG 文件含有脚本或外部内容，已拒绝；请另存为普通 SVG 或 PNG 再上传',
		localMode: '本地模式',
		fsMode: '保存即写入文件',
		gitMode: '每次发布都会提交到 git',
		switchLang: 'English',
		moveInWorkflow: (/** @type {string} */ from, /** @type {string} */ to) =>
			`这篇报告在“${from}年报告”中，日期却是${to}年。审核流程中报告不能换到另一年：请把日期改回${from}年；新报告请在“${to}年报告”中新建。确需改年份的已发布报告，请网站管理员用 npm run migrate-layout 移动。`,
		searchOneYear: (/** @type {string} */ year) =>
			`查找只在${year}年的报告中进行。要找其他年份，请先在左侧打开那一年；或把报告的网址粘贴到查找框，直接打开它。`,
		notFound: (/** @type {string} */ address) =>
			`找不到这篇报告：${address}。请确认网址来自本网站且报告已经发布。`,
	},
	en: {
		localDown: 'The local editing service is not running',
		localHelp:
			'Run npm run cms (or npm start) in the site folder, wait for "local editing service started", then reload this page.',
		localTried: 'Tried: ',
		useRemote: 'Log in with the online repository instead',
		retry: 'Check again',
		loadFailed: 'Cannot read the CMS configuration (/admin/config.json)',
		badPath: 'Wrong file location',
		emptyBody:
			'The text is empty: write the text, or, if this item links to another site, fill in the link out.',
		badSlug:
			'File name breaks the site rule (lower-case letters, digits and Chinese characters joined by "-", at most 180 bytes)',
		badUpload: 'Wrong upload location',
		badType: 'File type not accepted',
		tooLarge: 'File too large',
		badSvg: 'SVG refused: it contains script or external content; export it as plain SVG or PNG',
		localMode: 'Local mode',
		fsMode: 'saving writes the files',
		gitMode: 'each publish is a git commit',
		switchLang: '中文',
		moveInWorkflow: (/** @type {string} */ from, /** @type {string} */ to) =>
			`This report is in the ${from} list but dated ${to}. Under the review workflow a report cannot change year: set the date back to ${from}; create a new report in the ${to} list. For a published report that must change year, ask the site's maintainer (npm run migrate-layout moves it).`,
		searchOneYear: (/** @type {string} */ year) =>
			`Search looks through the reports of ${year} only. To search another year, open that year on the left first, or paste a report's address into the search box to open it.`,
		notFound: (/** @type {string} */ address) =>
			`No such report: ${address}. Check that the address is on this site and the report is published.`,
	},
};

/**
 * `?lang=en` or `?lang=zh` (a language this page has messages in) chooses the interface language
 * and is remembered; Chinese by default.
 * @returns {keyof typeof MESSAGES}
 */
function pickLang() {
	const known = (/** @type {string | null} */ value) =>
		value !== null && Object.hasOwn(MESSAGES, value)
			? /** @type {keyof typeof MESSAGES} */ (value)
			: undefined;
	const asked = known(new URLSearchParams(location.search).get('lang'));
	if (asked) {
		try {
			localStorage.setItem('huibao-cms-lang', asked);
		} catch {}
		return asked;
	}
	try {
		return known(localStorage.getItem('huibao-cms-lang')) ?? 'zh';
	} catch {
		return 'zh';
	}
}

/**
 * Asks the local backend what it is (`info`), within two seconds.
 * @param {string} url
 * @returns {Promise<{ type?: string, publish_modes?: string[] } | undefined>}
 */
async function probe(url) {
	try {
		const response = await fetch(url, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({ action: 'info' }),
			signal: AbortSignal.timeout(2000),
		});
		return response.ok ? await response.json() : undefined;
	} catch {
		return undefined;
	}
}

/**
 * A message in place of the CMS, with optional buttons.
 * @param {string} title
 * @param {string[]} lines
 * @param {{ label: string, onClick: () => void }[]} [actions]
 */
function notice(title, lines, actions = []) {
	const box = document.createElement('div');
	box.id = 'huibao-notice';
	box.setAttribute('role', 'alert');
	const h1 = document.createElement('h1');
	h1.textContent = title;
	box.append(h1);
	for (const line of lines) {
		const p = document.createElement('p');
		p.textContent = line;
		box.append(p);
	}
	for (const action of actions) {
		const button = document.createElement('button');
		button.type = 'button';
		button.textContent = action.label;
		button.addEventListener('click', () => {
			box.remove();
			action.onClick();
		});
		box.append(button);
	}
	document.body.append(box);
}

/**
 * What an editor sees first: the association's name on the login page (admin.css shows it above
 * the logo); the preview beside the form rather than the English form (Decap remembers the
 * editor's own choice afterwards); and a mark on the page while a new, unsaved report is open,
 * so that Decap's green 修改已保存 (changes saved) is not shown on an empty form.
 * @param {string} name
 */
function firstImpressions(name) {
	document.documentElement.style.setProperty('--huibao-site-name', JSON.stringify(name));
	try {
		if (localStorage.getItem('cms.right-pane') === null)
			localStorage.setItem('cms.right-pane', 'preview');
	} catch {}
	const mark = () => {
		document.documentElement.toggleAttribute('data-new-entry', /\/new(?:\?|$)/.test(location.hash));
	};
	window.addEventListener('hashchange', mark);
	mark();
}

/** A small badge saying that edits go to the local files (and how). */
function localBadge(/** @type {string} */ text) {
	const badge = document.createElement('div');
	badge.id = 'huibao-local-badge';
	badge.textContent = text;
	document.body.append(badge);
}

async function main() {
	const lang = pickLang();
	const m = MESSAGES[lang];
	/** @type {any} */
	let file;
	try {
		const response = await fetch('/admin/config.json', { cache: 'no-cache' });
		if (!response.ok) throw new Error(String(response.status));
		file = await response.json();
	} catch (error) {
		notice(m.loadFailed, [String(error)]);
		return;
	}
	document.documentElement.lang = file.site.locales[lang]?.lang ?? lang;
	const config = structuredClone(file.decap[lang]);
	const CMS = /** @type {any} */ (window).CMS;
	registerPhrases(CMS);
	firstImpressions(file.site.name?.[lang] ?? '');
	const years = addCurrentYear(config.collections, file.reports.collectionPrefix);
	const collectionOf = (/** @type {string} */ year) => `${file.reports.collectionPrefix}${year}`;
	/** The Decap config CMS.init was given (the local backend's or the git host's). */
	/** @type {any} */
	let activeConfig;

	guardBackends(CMS, {
		folder: file.reports.dir,
		pagesFolder: file.pages.dir,
		// With direct publishing the report is in its new year's folder at once: follow it there.
		onMoved: ({ slug, year }) =>
			goToEntryAfterMove(collectionOf(year), slug, file.reports.collectionPrefix),
		workflow: () => Boolean(activeConfig?.publish_mode),
		locales: config.i18n.locales,
		defaultLocale: config.i18n.default_locale,
		limits: file.limits,
		messages: m,
		// The same YAML core schema as the site's own reader (src/lib/content/parseReport.ts).
		parseYaml: (/** @type {string} */ text) => parseYaml(text, { schema: 'core' }),
	});
	registerReportPreview(CMS, file.site, years.map(collectionOf));
	registerPagePreview(CMS, file.site, file.pages.collection);
	// Names a new report just before Decap computes its file name (slug: '{{fields._slug}}');
	// the guard removes the key again before the file is written.
	CMS.registerEventListener({
		name: 'preSave',
		handler: (/** @type {any} */ { entry }) => {
			const data = entry.get('data');
			// A page's address name: what the editor typed, or its title reduced to the slug rule.
			if (entry.get('collection') === file.pages.collection)
				return data.set('_slug', pageSlug(data.get('_slug'), data.get('title'), file.slug));
			if (!String(entry.get('collection')).startsWith(file.reports.collectionPrefix))
				return undefined;
			return data.set('_slug', reportSlug(data.get('date'), data.get('title')));
		},
	});

	const start = (/** @type {any} */ decapConfig) => {
		activeConfig = decapConfig;
		CMS.init({ config: { ...decapConfig, load_config_file: false } });
		guardRoutes({ prefix: file.reports.collectionPrefix, years, messages: m });
	};
	const onLocalHost = ['127.0.0.1', 'localhost', '[::1]', '::1'].includes(location.hostname);
	const local = file.local;
	if (local && (config.backend.name === 'proxy' || onLocalHost)) {
		const check = async () => {
			const info = await probe(local.url);
			if (info) {
				localBadge(`${m.localMode}：${info.type === 'local_git' ? m.gitMode : m.fsMode}`);
				const { publish_mode: _workflow, ...rest } = config;
				const backend = {
					name: 'proxy',
					proxy_url: local.url,
					branch: config.backend.branch ?? 'main',
					commit_messages: config.backend.commit_messages,
				};
				// 在网站上查看 (view live) opens the local site this page is served by, not production.
				start({ ...rest, backend, site_url: location.origin, display_url: location.origin });
				return;
			}
			/** @type {{ label: string, onClick: () => void }[]} */
			const actions = [{ label: m.retry, onClick: () => void check() }];
			if (config.backend.name !== 'proxy')
				actions.push({ label: m.useRemote, onClick: () => start(config) });
			notice(m.localDown, [m.localHelp, `${m.localTried}${local.url}`], actions);
		};
		await check();
		return;
	}
	start(config);
}

void main();
