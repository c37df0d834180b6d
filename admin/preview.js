// @ts-check
/**
 * The editor's preview pane: a report rendered with the site's own stylesheet and the same
 * markup as its page (src/pages/[...lang]/reports/[slug].astro): title, 发布时间, 来源, cover,
 * body, attachments and tags.
 */

/**
 * @typedef {{ slug: string, name: string, name_en: string }} Category
 * @typedef {{ published: string, source: string, tags: string, attachments: string, draft: string }} Strings
 * @typedef {{ categories: Category[], ui: Record<'zh' | 'en', Strings> }} SiteData
 */

/** `2022-03-15` as the site shows it: 2022年3月15日 / 15 March 2022. */
export function formatDate(/** @type {unknown} */ value, /** @type {'zh' | 'en'} */ lang) {
	const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(value ?? ''));
	if (!m) return String(value ?? '');
	const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
	if (lang === 'zh') return `${year}年${month}月${day}日`;
	const months = [
		'January',
		'February',
		'March',
		'April',
		'May',
		'June',
		'July',
		'August',
		'September',
		'October',
		'November',
		'December',
	];
	return `${day} ${months[month - 1]} ${year}`;
}

/** Blob addresses of files uploaded in this session, one per file. */
const blobUrls = new WeakMap();

/**
 * Where the preview finds a media file: the uploaded file itself while it is only in the
 * browser's memory (Decap's AssetProxy keeps it as `fileObj`; its `url` is the future public
 * path, which the site serves only once the file is written and picked up), else Decap's URL.
 * @param {any} asset what Decap's getAsset returned
 * @param {string} path the field's value
 * @param {any} [entry] the entry being edited: its `mediaFiles` hold this session's uploads
 */
export function assetUrl(asset, path, entry) {
	const name = String(path).split('/').pop();
	const upload = entry
		?.get?.('mediaFiles')
		?.find?.(
			(/** @type {any} */ f) => f?.get?.('draft') && String(f.get('path')).split('/').pop() === name
		);
	const file = asset?.fileObj ?? upload?.get('file');
	if (file instanceof Blob) {
		if (!blobUrls.has(file)) blobUrls.set(file, URL.createObjectURL(file));
		return blobUrls.get(file);
	}
	return String(asset?.url || asset || path);
}

/**
 * Registers the report preview with Decap (window.CMS, window.h from the decap-cms bundle).
 * @param {any} CMS
 * @param {SiteData} site
 * @param {string[]} collections the reports collections, one per year
 */
export function registerReportPreview(CMS, site, collections) {
	const h = /** @type {any} */ (window).h;
	CMS.registerPreviewStyle('/admin/preview.css');

	/** @param {any} props */
	function ReportPreview(props) {
		const { entry, widgetFor, getAsset } = props;
		const data = entry.get('data');
		const get = (/** @type {string} */ key) => data?.get(key);
		// The preview shows the language of the left pane: English when its data is the en data.
		// A new report's two sides are the same empty map at first: that is the Chinese one.
		const lang =
			data !== undefined && data.size > 0 && entry.getIn(['i18n', 'en', 'data']) === data
				? 'en'
				: 'zh';
		const t = site.ui[lang];
		const category = site.categories.find((c) => c.slug === get('category'));
		const cover = get('cover');
		const tags = (get('tags')?.toJS?.() ?? []).filter(Boolean);
		const attachments = (get('attachments')?.toJS?.() ?? []).filter(
			(/** @type {any} */ a) => a && a.file
		);
		return h(
			'main',
			{ className: 'wrap', lang: lang === 'zh' ? 'zh-CN' : 'en' },
			category &&
				h(
					'nav',
					{ className: 'breadcrumb' },
					h('ol', null, h('li', null, lang === 'zh' ? category.name : category.name_en))
				),
			h(
				'article',
				{ className: 'report panel' },
				h(
					'header',
					null,
					get('draft')
						? h(
								'p',
								{ style: { textAlign: 'center' } },
								h('span', { className: 'draft-badge' }, t.draft)
							)
						: null,
					h('h1', null, get('title') || '　'),
					h(
						'dl',
						{ className: 'report-meta' },
						h(
							'div',
							null,
							h('dt', null, t.published),
							h('dd', null, h('time', { dateTime: get('date') }, formatDate(get('date'), lang)))
						),
						get('source')
							? h('div', null, h('dt', null, t.source), h('dd', null, get('source')))
							: null
					)
				),
				// getAsset: a cover uploaded but not yet published is still a file in the browser (a
				// blob: address); Decap resolves the path to it, or to the published file.
				cover
					? h(
							'figure',
							{ className: 'cover' },
							h('img', { src: assetUrl(getAsset(cover), cover, entry), alt: '' })
						)
					: null,
				h('div', { className: 'prose' }, widgetFor('body')),
				attachments.length
					? h(
							'section',
							{ className: 'attachments panel', style: { marginTop: '1.5rem' } },
							h('h2', null, t.attachments),
							h(
								'ul',
								null,
								...attachments.map((/** @type {any} */ a) =>
									h('li', { key: a.file }, h('a', { href: a.file }, a.title || a.file))
								)
							)
						)
					: null,
				tags.length
					? h(
							'footer',
							{ className: 'report-footer' },
							h(
								'div',
								{ className: 'tags' },
								h('span', { className: 'muted' }, `${t.tags}：`),
								h(
									'ul',
									{ className: 'chips', style: { display: 'inline-flex' } },
									...tags.map((/** @type {string} */ tag) =>
										h('li', { key: tag }, h('a', null, tag))
									)
								)
							)
						)
					: null
			)
		);
	}
	for (const name of collections) CMS.registerPreviewTemplate(name, ReportPreview);
}

/**
 * Registers the standing page preview: title and text with the site's stylesheet, as
 * src/pages/[...lang]/about/[slug].astro shows them.
 * @param {any} CMS
 * @param {string} collection
 */
export function registerPagePreview(CMS, collection) {
	const h = /** @type {any} */ (window).h;
	/** @param {any} props */
	function PagePreview(props) {
		const { entry, widgetFor } = props;
		const data = entry.get('data');
		const lang = entry.getIn(['i18n', 'en', 'data']) === data && data !== undefined ? 'en' : 'zh';
		return h(
			'main',
			{ className: 'wrap', lang: lang === 'zh' ? 'zh-CN' : 'en' },
			h(
				'article',
				{ className: 'report standing-page panel' },
				h('header', null, h('h1', null, data?.get('title') || '　')),
				h('div', { className: 'prose' }, widgetFor('body'))
			)
		);
	}
	CMS.registerPreviewTemplate(collection, PagePreview);
}
