/**
 * The plain Chinese laid over Decap's zh_Hans phrases (admin/phrases.js): every string an editor
 * meets in a normal session is overridden, each key is one Decap really has, and the machine
 * translations are gone. English is not touched.
 */
import { describe, expect, test } from 'vitest';
// @ts-ignore -- plain JS shared with the browser
import { mergePhrases, registerPhrases, ZH_PHRASES } from '../../admin/phrases.js';
// Decap's own phrases, as the bundle registers them.
// @ts-ignore -- plain JS without types
import en from '../../node_modules/decap-cms-locales/src/en/index.js';
// @ts-ignore -- plain JS without types
import zhHans from '../../node_modules/decap-cms-locales/src/zh_Hans/index.js';

type Tree = { [key: string]: string | Tree };
const keys = (tree: Tree, prefix = ''): string[] =>
	Object.entries(tree).flatMap(([k, v]) =>
		typeof v === 'string' ? [`${prefix}${k}`] : keys(v, `${prefix}${k}.`)
	);
const get = (tree: Tree, path: string) =>
	path.split('.').reduce<string | Tree | undefined>((t, k) => (t as Tree | undefined)?.[k], tree);

/** What an editor sees in a normal session: login, list, editor, two languages, media, workflow, errors. */
const SESSION = [
	'auth.login',
	'auth.loggingIn',
	'app.header.content',
	'app.header.workflow',
	'app.header.media',
	'app.header.quickAdd',
	'collection.sidebar.collections',
	'collection.sidebar.searchAll',
	'collection.collectionTop.newButton',
	'collection.collectionTop.newButtonAriaLabel',
	'collection.collectionTop.viewAs',
	'collection.collectionTop.viewAsList',
	'collection.collectionTop.viewAsGrid',
	'collection.collectionTop.searchResultsInCollection',
	'collection.entries.loadingEntries',
	'collection.entries.cachingEntries',
	'collection.entries.noEntries',
	'collection.groups.negateLabel',
	'editor.editorControlPane.widget.required',
	'editor.editorControlPane.widget.regexPattern',
	'editor.editorControlPane.widget.maxCount',
	'editor.editorControlPane.widget.pathExists',
	'editor.editorControlPane.i18n.writingInLocale',
	'editor.editorControlPane.i18n.copyFromLocale',
	'editor.editorControlPane.i18n.copyFromLocaleConfirm',
	'editor.editor.onLeavePage',
	'editor.editor.onPublishing',
	'editor.editor.onDeletePublishedEntry',
	'editor.editor.loadingEntry',
	'editor.editor.confirmLoadBackup',
	'editor.editorInterface.toggleI18n',
	'editor.editorInterface.togglePreview',
	'editor.editorInterface.toggleScrollSync',
	'editor.editorToolbar.publish',
	'editor.editorToolbar.publishNow',
	'editor.editorToolbar.published',
	'editor.editorToolbar.unpublish',
	'editor.editorToolbar.publishAndCreateNew',
	'editor.editorToolbar.publishAndDuplicate',
	'editor.editorToolbar.deleteEntry',
	'editor.editorToolbar.deletePublishedEntry',
	'editor.editorToolbar.status',
	'editor.editorToolbar.backCollection',
	'editor.editorToolbar.unsavedChanges',
	'editor.editorToolbar.changesSaved',
	'editor.editorToolbar.inReview',
	'editor.editorToolbar.ready',
	'editor.editorToolbar.deployButtonLabel',
	'editor.editorWidgets.markdown.linkPrompt',
	'editor.editorWidgets.markdown.toggleMode.rich',
	'editor.editorWidgets.image.choose',
	'editor.editorWidgets.image.chooseDifferent',
	'editor.editorWidgets.file.choose',
	'editor.editorWidgets.datetime.now',
	'editor.editorWidgets.datetime.clear',
	'editor.editorWidgets.list.add',
	'mediaLibrary.mediaLibraryCard.draft',
	'mediaLibrary.mediaLibraryCard.copyUrl',
	'mediaLibrary.mediaLibrary.onDelete',
	'mediaLibrary.mediaLibrary.fileTooLarge',
	'mediaLibrary.mediaLibraryModal.mediaAssets',
	'mediaLibrary.mediaLibraryModal.search',
	'mediaLibrary.mediaLibraryModal.upload',
	'mediaLibrary.mediaLibraryModal.deleting',
	'mediaLibrary.mediaLibraryModal.deleteSelected',
	'mediaLibrary.mediaLibraryModal.chooseSelected',
	'mediaLibrary.mediaLibraryModal.close',
	'ui.settingsDropdown.logOut',
	'ui.toast.entrySaved',
	'ui.toast.entryPublished',
	'ui.toast.onFailToPersist',
	'ui.toast.missingRequiredField',
	'ui.toast.onLoggedOut',
	'ui.toast.onBackendDown',
	'workflow.workflow.workflowHeading',
	'workflow.workflow.description',
	'workflow.workflowList.inReviewHeader',
	'workflow.workflowList.readyHeader',
	'workflow.workflowList.onPublishingNotReadyEntry',
];

describe('plain Chinese for the CMS interface', () => {
	test('overrides every string of a normal session', () => {
		const ours = new Set(keys(ZH_PHRASES as Tree));
		expect(SESSION.filter((k) => !ours.has(k))).toEqual([]);
	});

	test('uses only keys Decap has, with the same placeholders', () => {
		for (const key of keys(ZH_PHRASES as Tree)) {
			// Keys of the installed locales (the bundle's may be a release apart: either will do).
			const theirs = get(en as Tree, key) ?? get(zhHans as Tree, key);
			expect(typeof theirs, key).toBe('string');
			// Every placeholder we use is one Decap fills in for this key.
			const holes = (text: string) => [...text.matchAll(/%\{(\w+)\}/g)].map((m) => m[1]);
			const ours = get(ZH_PHRASES as Tree, key) as string;
			expect(
				holes(ours).filter((h) => !holes(theirs as string).includes(h)),
				key
			).toEqual([]);
		}
	});

	test('leaves none of the machine-translated phrases', () => {
		const merged = mergePhrases(zhHans, ZH_PHRASES) as Tree;
		const text = keys(merged)
			.map((k) => get(merged, k))
			.join('\n');
		for (const bad of [
			'正在集合',
			'正在使用%{locale}撰写',
			'用其他语言进行填充',
			'选用已选中项目',
			'所有集合',
		])
			expect(text, bad).not.toContain(bad);
		// Decap's Chinese said 正在下载 (downloading) while deleting.
		expect(get(merged, 'mediaLibrary.mediaLibraryModal.deleting')).toBe('正在删除…');
	});

	test("registers Chinese only, over Decap's own phrases; English stays Decap's", () => {
		const registered: Record<string, Tree> = { zh_Hans: zhHans as Tree, en: en as Tree };
		registerPhrases({
			getLocale: (name: string) => registered[name],
			registerLocale: (name: string, phrases: Tree) => (registered[name] = phrases),
		});
		expect(get(registered.zh_Hans!, 'editor.editorToolbar.backCollection')).toBe(
			'返回“%{collectionLabel}”'
		);
		// A phrase we do not override keeps Decap's wording.
		expect(get(registered.zh_Hans!, 'collection.defaultFields.author.label')).toBe('作者');
		expect(registered.en).toBe(en);
	});
});
