// @ts-check
/**
 * The editor's preview pane: a report rendered with the site's own stylesheet and the same
 * markup as its page (src/pages/[...lang]/reports/[slug].astro): title, 发布时间, 来源, 文号,
 * 成文日期, the external link of a link-out item, cover, body, attachments and tags.
 */

/**
 * @typedef {{ slug: string, name: Record<string, string> }} Category
 * @typedef {{ published: string, source: string, tags: string, attachments: string, draft: string, docNumber: string, writtenDate: string, external: string, pinned: string }} Strings
 * @typedef {{ lang: string, dates: string }} LocaleInfo
 * @typedef {{ categories: Category[], ui: Record<string, Strings>, locales: Record<string, LocaleInfo>, defaultLocale: string }} SiteData
 * (all from /admin/config.json, written by src/cms/config.ts from src/i18n/locales.ts and ui.ts)
 */

/**
 * `2022-03-15` as the site shows it (src/lib/dates/plainDate.ts formatDate): the language's Intl
 * long date, read in UTC: 2022年3月15日, 15 March 2022.
 * @param {unknown} value
 * @param {LocaleInfo} locale
 */
export function formatDate(value, locale) {
	const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(value ?? ''));
	if (!m) return String(value ?? '');
	const day = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
	return new Intl.DateTimeFormat(locale.dates, { dateStyle: 'long', timeZone: 'UTC' }).format(day);
}

/**
 * The language of the left pane: a translation when the entry's data is that language's data,
 * the default language otherwise. A new entry's sides are all the same empty map at first: that
 * is the default language's.
 * @param {SiteData} site @param {any} entry @param {any} data
 */
function previewLang(site, entry, data) {
	const filled = data !== undefined && data.size > 0;
	return (
		Object.keys(site.locales).find(
			(l) => l !== site.defaultLocale && filled && entry.getIn(['i18n', l, 'data']) === data
		) ?? site.defaultLocale
	);
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
		// The preview shows the language of the left pane: a translation when its data is that
		// language's data, the default language otherwise.
		const lang = previewLang(site, entry, data);
		const t = /** @type {Strings} */ (site.ui[lang]);
		const locale = /** @type {LocaleInfo} */ (site.locales[lang]);
		const category = site.categories.find((c) => c.slug === get('category'));
		const cover = get('cover');
		const tags = (get('tags')?.toJS?.() ?? []).filter(Boolean);
		const attachments = (get('attachments')?.toJS?.() ?? []).filter(
			(/** @type {any} */ a) => a && a.file
		);
		return h(
			'main',
			{ className: 'wrap', lang: locale.lang },
			category &&
				h(
					'nav',
					{ className: 'breadcrumb' },
					h('ol', null, h('li', null, category.name[lang] ?? category.name[site.defaultLocale]))
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
								{ className: 'report-list pinned-note' },
								h('span', { className: 'pinned-mark' }, t.pinned)
							)
						: null,
					get('draft')
						? h('p', { className: 'draft-note' }, h('span', { className: 'draft-badge' }, t.draft))
						: null,
					h('h1', null, get('title') || '　'),
					h(
						'dl',
						{ className: 'report-meta' },
						h(
							'div',
							null,
							h('dt', null, t.published),
							h('dd', null, h('time', { dateTime: get('date') }, formatDate(get('date'), locale)))
						),
						get('source')
							? h('div', null, h('dt', null, t.source), h('dd', null, get('source')))
							: null,
						get('doc_number')
							? h(
									'div',
									{ className: 'doc-number' },
									h('dt', null, t.docNumber),
									// 文号 are written in the default language (〔2024〕3号) on every page.
									h('dd', { lang: site.locales[site.defaultLocale]?.lang }, get('doc_number'))
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
											formatDate(get('written_date'), locale)
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
							{ className: 'attachments panel' },
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
									{ className: 'chips' },
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
 * @param {SiteData} site
 * @param {string} collection
 */
export function registerPagePreview(CMS, site, collection) {
	const h = /** @type {any} */ (window).h;
	/** @param {any} props */
	function PagePreview(props) {
		const { entry, widgetFor } = props;
		const data = entry.get('data');
		const locale = /** @type {LocaleInfo} */ (site.locales[previewLang(site, entry, data)]);
		return h(
			'main',
			{ className: 'wrap', lang: locale.lang },
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
