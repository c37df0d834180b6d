// @ts-check
/**
 * Plain Chinese for Decap's interface, laid over its own zh_Hans phrases (which read like a
 * machine translation: 正在集合“报告”中编写, 正在使用ZH撰写, 用其他语言进行填充, 正在下载... while
 * deleting). Every string an editor meets in a normal session — login, lists, the editor, the
 * two languages, the media library, the review workflow, messages — is listed here; Decap's
 * phrases stay for what is not. English is Decap's own and is not touched.
 *
 * The words follow docs/cms.md: 报告, 发布, 撤下, 草稿 → 待审核 → 待发布, 文件库.
 */

/** Overrides, in the shape of Decap's locale objects (decap-cms-locales/src/zh_Hans). */
export const ZH_PHRASES = {
	auth: {
		login: '登录',
		loggingIn: '正在登录…',
	},
	app: {
		header: {
			content: '内容',
			workflow: '审核',
			media: '文件库',
			quickAdd: '新建',
		},
		app: {
			errorHeader: '读取 CMS 配置时出错',
			configErrors: '配置有误',
			checkConfigYml: '请网站管理员检查 CMS 配置',
			loadingConfig: '正在加载…',
			waitingBackend: '正在连接存储服务…',
		},
		notFoundPage: { header: '找不到这个页面' },
	},
	collection: {
		sidebar: {
			collections: '内容',
			allCollections: '全部内容',
			searchAll: '查找报告…',
			searchIn: '查找范围',
		},
		collectionTop: {
			sortBy: '排序',
			viewAs: '显示方式',
			newButton: '＋ 新建%{collectionLabel}',
			newButtonAriaLabel: '新建%{collectionLabel}',
			ascending: '升序',
			descending: '降序',
			searchResults: '查找“%{searchTerm}”的结果',
			searchResultsInCollection: '在%{collection}中查找“%{searchTerm}”的结果',
			filterBy: '筛选',
			groupBy: '分组',
			viewAsList: '列表显示',
			viewAsGrid: '卡片显示',
		},
		entries: {
			loadingEntries: '正在加载…',
			cachingEntries: '正在准备列表…',
			longerLoading: '内容较多，可能需要几分钟',
			noEntries: '还没有内容',
			unpublishedHeader: '未发布的内容',
		},
		groups: {
			other: '其他',
			negateLabel: '不是%{label}',
		},
		defaultFields: {
			author: { label: '作者' },
			updatedOn: { label: '修改时间' },
		},
	},
	editor: {
		editorControl: {
			field: { optional: '可选', widgetLabel: '%{widgetLabel}' },
		},
		editorControlPane: {
			widget: {
				required: '“%{fieldLabel}”是必填项',
				// Our patterns' messages start with "：" and say what is expected (src/cms/fields.ts).
				regexPattern: '“%{fieldLabel}”%{pattern}',
				processing: '“%{fieldLabel}”正在处理，请稍候',
				range: '“%{fieldLabel}”应在 %{minValue} 到 %{maxValue} 之间',
				min: '“%{fieldLabel}”不能小于 %{minValue}',
				max: '“%{fieldLabel}”不能大于 %{maxValue}',
				rangeCount: '“%{fieldLabel}”应有 %{minCount} 到 %{maxCount} 项',
				rangeCountExact: '“%{fieldLabel}”应正好有 %{count} 项',
				rangeMin: '“%{fieldLabel}”至少要有 %{minCount} 项',
				rangeMax: '“%{fieldLabel}”最多 %{maxCount} 项',
				minCount: '“%{fieldLabel}”至少要有 %{minCount} 项',
				maxCount: '“%{fieldLabel}”最多 %{maxCount} 项',
				invalidPath: '“%{path}”不是有效的路径',
				pathExists: '已有同名文件“%{path}”',
			},
			i18n: {
				writingInLocale: '语言：%{locale}',
				copyFromLocale: '从另一种语言复制',
				copyFromLocaleConfirm: '用 %{locale} 版的内容填入这里吗？\n这里已填写的内容会被替换。',
			},
		},
		editor: {
			onLeavePage: '有未保存的修改，确定离开吗？',
			onUpdatingWithUnsavedChanges: '请先保存修改，再更改状态。',
			onPublishingNotReady: '请先把状态改为“待发布”，再发布。',
			onPublishingWithUnsavedChanges: '请先保存修改，再发布。',
			onPublishing: '确定发布吗？发布后网站上就能看到。',
			onUnpublishing: '确定撤下吗？撤下后网站上不再显示。',
			onDeleteWithUnsavedChanges: '确定删除这篇已发布的内容吗？未保存的修改也会一并丢弃。',
			onDeletePublishedEntry: '确定删除这篇已发布的内容吗？',
			onDeleteUnpublishedChangesWithUnsavedChanges:
				'未发布的修改和未保存的修改都会被删除，确定吗？',
			onDeleteUnpublishedChanges: '未发布的修改会被删除，确定吗？',
			loadingEntry: '正在打开…',
			confirmLoadBackup: '这篇内容有一份未保存的本地备份，要恢复它吗？',
		},
		editorInterface: {
			toggleI18n: '中英对照',
			togglePreview: '预览',
			toggleScrollSync: '同步滚动',
			toggleNotes: '备注',
		},
		editorToolbar: {
			publishing: '正在发布…',
			publish: '发布',
			published: '已发布',
			unpublish: '撤下',
			duplicate: '复制一份',
			unpublishing: '正在撤下…',
			publishAndCreateNew: '发布并新建',
			publishAndDuplicate: '发布并复制一份',
			deleteUnpublishedChanges: '删除未发布的修改',
			deleteUnpublishedEntry: '删除这篇未发布的内容',
			deletePublishedEntry: '删除这篇已发布的内容',
			deleteEntry: '删除',
			saving: '正在保存…',
			save: '保存',
			deleting: '正在删除…',
			updating: '正在更新…',
			status: '状态：%{status}',
			backCollection: '返回“%{collectionLabel}”',
			unsavedChanges: '有未保存的修改',
			changesSaved: '修改已保存',
			draft: '草稿',
			inReview: '待审核',
			ready: '待发布',
			publishNow: '立即发布',
			deployPreviewPendingButtonLabel: '检查预览',
			deployPreviewButtonLabel: '查看预览',
			deployButtonLabel: '在网站上查看',
			statusInfoTooltipDraft: '这是草稿。写好后把状态改为“待审核”，交给审核人。',
			statusInfoTooltipInReview: '正在审核，无需其他操作；审核期间仍可继续修改。',
		},
		editorWidgets: {
			markdown: {
				bold: '加粗',
				italic: '斜体',
				code: '代码',
				link: '链接',
				linkPrompt: '请输入链接网址',
				headings: '标题',
				quote: '引用',
				bulletedList: '项目符号列表',
				numberedList: '编号列表',
				addComponent: '插入',
				richText: '富文本',
				markdown: 'Markdown',
				strikethrough: '删除线',
				toggleMode: { rich: '切换到富文本', markdown: '切换到 Markdown' },
			},
			image: {
				choose: '选择图片',
				chooseUrl: '填写图片网址',
				replaceUrl: '改用图片网址',
				promptUrl: '请输入图片网址',
				chooseDifferent: '换一张图片',
				remove: '删除图片',
				chooseMultiple: '选择图片',
				addMore: '再添加图片',
				removeAll: '全部删除',
			},
			file: {
				choose: '选择文件',
				chooseUrl: '填写文件网址',
				replaceUrl: '改用文件网址',
				promptUrl: '请输入文件网址',
				chooseDifferent: '换一个文件',
				remove: '删除文件',
				chooseMultiple: '选择文件',
				addMore: '再添加文件',
				removeAll: '全部删除',
			},
			datetime: {
				// Our date fields hold a day, not a moment: "now" sets today.
				now: '今天',
				clear: '清空',
				setToNow: '把“%{fieldLabel}”设为今天',
			},
			list: { add: '新增%{item}', addType: '新增%{item}' },
			object: { expand: '展开', collapse: '收起' },
		},
	},
	mediaLibrary: {
		mediaLibraryCard: {
			draft: '未保存',
			copy: '复制',
			copyUrl: '复制网址',
			copyPath: '复制路径',
			copyName: '复制文件名',
			copied: '已复制',
		},
		mediaLibrary: {
			onDelete: '确定删除这个文件吗？',
			fileTooLarge: '文件太大\n最大只能上传 %{size} KB',
		},
		mediaLibraryModal: {
			loading: '正在加载…',
			noResults: '没有找到',
			noAssetsFound: '还没有文件',
			noImagesFound: '还没有图片',
			private: '私有',
			images: '图片库',
			mediaAssets: '文件库',
			search: '按文件名查找…',
			uploading: '正在上传…',
			upload: '上传',
			download: '下载',
			deleting: '正在删除…',
			deleteSelected: '删除选中的文件',
			chooseSelected: '使用选中的文件',
			close: '关闭',
		},
	},
	ui: {
		default: { goBackToSite: '返回网站' },
		errorBoundary: {
			title: '出错了',
			details: '程序出错了。请把下面的详情发给网站管理员，或',
			reportIt: '在 GitHub 上报告',
			detailsHeading: '详情',
			recoveredEntry: {
				heading: '找回的内容',
				warning: '离开本页之前，请把它复制保存到别处。',
				copyButtonLabel: '复制',
			},
		},
		settingsDropdown: { logOut: '退出登录', account: '账户' },
		toast: {
			onFailToLoadEntries: '无法加载内容：%{details}',
			onFailToLoadDeployPreview: '无法加载预览：%{details}',
			onFailToPersist: '保存失败：%{details}',
			onFailToDelete: '删除失败：%{details}',
			onFailToUpdateStatus: '更改状态失败：%{details}',
			missingRequiredField: '还有必填项没有填写，请填好后再保存',
			entrySaved: '已保存',
			entryPublished: '已发布',
			entryUnpublished: '已撤下',
			onFailToPublishEntry: '发布失败：%{details}',
			onFailToUnpublishEntry: '撤下失败：%{details}',
			entryUpdated: '状态已更改',
			onDeleteUnpublishedChanges: '未发布的修改已删除',
			onLoggedOut: '你已退出登录。请先保存好内容，再重新登录。',
			onBackendDown: '存储服务暂时无法使用：%{details}',
		},
	},
	workflow: {
		workflow: {
			loading: '正在加载…',
			workflowHeading: '审核',
			newPost: '新建',
			description: '%{smart_count} 篇待审核，%{readyCount} 篇待发布',
			dateFormat: 'M月D日',
		},
		workflowCard: {
			lastChange: '%{author} 于 %{date} 修改',
			lastChangeNoAuthor: '%{date} 修改',
			lastChangeNoDate: '%{author} 修改',
			deleteChanges: '删除修改',
			deleteNewEntry: '删除',
			publishChanges: '发布修改',
			publishNewEntry: '发布',
		},
		workflowList: {
			onDeleteEntry: '确定删除这篇内容吗？',
			onPublishingNotReadyEntry: '只有“待发布”的内容才能发布：请先把卡片拖到“待发布”一栏。',
			onPublishEntry: '确定发布吗？',
			draftHeader: '草稿',
			inReviewHeader: '待审核',
			readyHeader: '待发布',
			currentEntries: '%{smart_count} 篇',
		},
	},
};

/**
 * `base` with `over` laid on top, key by key (both plain objects of strings).
 * @param {any} base
 * @param {any} over
 * @returns {any}
 */
export function mergePhrases(base, over) {
	const out = { ...base };
	for (const [key, value] of Object.entries(over)) {
		out[key] = value && typeof value === 'object' ? mergePhrases(base?.[key] ?? {}, value) : value;
	}
	return out;
}

/**
 * Registers the plain Chinese over Decap's own zh_Hans phrases.
 * @param {any} CMS window.CMS
 */
export function registerPhrases(CMS) {
	CMS.registerLocale('zh_Hans', mergePhrases(CMS.getLocale('zh_Hans') ?? {}, ZH_PHRASES));
}
