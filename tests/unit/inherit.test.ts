/**
 * A translation without a cover or attachments shows the original's on its page (issue 17):
 * the English side of the CMS starts without attachments, and the English page must still
 * offer the files.
 */
import { describe, expect, test } from 'vitest';
import type { ReportRecord } from '../../src/lib/content/loadContent.ts';
import { INHERITED_FIELDS, withInherited } from '../../src/lib/site/inherit.ts';

const record = (lang: 'zh' | 'en', data: Record<string, unknown>) =>
	({
		id: `${lang}/x`,
		lang,
		slug: 'x',
		data: { title: 't', date: '2025-04-16', category: 'notices', summary: '', ...data },
	}) as unknown as ReportRecord;

describe('a translation inherits the shared files', () => {
	const zh = record('zh', {
		cover: '/uploads/cover.png',
		attachments: [{ title: '方案', file: '/uploads/方案.pdf' }],
		tags: ['桥梁'],
		source: '秘书处',
	});

	test('the fields marked inherit in the schema: shared files, 置顶, 文号, 成文日期', () => {
		expect([...INHERITED_FIELDS].sort()).toEqual([
			'attachments',
			'cover',
			'doc_number',
			'pinned',
			'pinned_until',
			'written_date',
		]);
	});

	test('takes the cover and attachments the translation lacks, nothing else', () => {
		const en = withInherited(record('en', { attachments: [] }), zh);
		expect(en.data.cover).toBe('/uploads/cover.png');
		expect(en.data.attachments).toEqual([{ title: '方案', file: '/uploads/方案.pdf' }]);
		expect(en.data.tags).toBeUndefined();
		expect(en.data.source).toBeUndefined();
	});

	test('keeps what the translation lists itself', () => {
		const own = [{ title: 'Plan', file: '/uploads/plan-en.pdf' }];
		const en = withInherited(record('en', { attachments: own, cover: '/uploads/en.png' }), zh);
		expect(en.data.attachments).toBe(own);
		expect(en.data.cover).toBe('/uploads/en.png');
	});
});
