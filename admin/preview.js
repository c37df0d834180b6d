// @ts-check
/**
 * The editor's preview pane: a report rendered with the site's own stylesheet and the same
 * markup as its page (src/pages/[...lang]/reports/[slug].astro): title, 发布时间, 来源, 文号,
 * 成文日期, the external link of a link-out item, cover, body, attachments and tags.
 */

/**
 * @typedef {{ slug: string, name: string, name_en: string }} Category
 * @typedef {{ published: string, source: string, tags: string, attachments: string, draft: string, docNumber: string, writtenDate: string, external: string, pinned: string }} Strings
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
		const { entry, widgetFor } = props;
		const data = entry.get('data');
		const get = (/** @type {string} */ key) => data?.get(key);
		// The preview shows the language of the left pane: English when its data is the en data.
		const lang = entry.getIn(['i18n', 'en', 'data']) === data && data !== undefined ? 'en' : 'zh';
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
					get('pinned')
						? h(
								'p',
								{ style: { textAlign: 'center' }, className: 'report-list' },
								h('span', { className: 'pinned-mark' }, t.pinned)
							)
						: null,
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
							: null,
						get('doc_number')
							? h(
									'div',
									{ className: 'doc-number' },
									h('dt', null, t.docNumber),
									h('dd', { lang: 'zh-CN' }, get('doc_number'))
								)
							: null,
						get('written_date')
							? h(
									'div',
									{ className: 'written-date' },
									h('dt', null, t.writtenDate),
									h(
										'dd',
										null,
										h(
											'time',
											{ dateTime: get('written_date') },
											formatDate(get('written_date'), lang)
										)
									)
								)
							: null
					)
				),
				get('link')
					? h(
							'p',
							{ className: 'external-link' },
							`${t.external} `,
							h('a', { href: get('link'), rel: 'external noopener' }, get('link'))
						)
					: null,
				// Decap's own image preview: a new upload is still a blob in the browser until it is saved.
				cover ? h('figure', { className: 'cover' }, widgetFor('cover')) : null,
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
