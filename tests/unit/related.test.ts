/**
 * 相关文章: which reports a report page lists, and how far an edit reaches.
 */
import { describe, expect, test } from 'vitest';
import matter from 'gray-matter';
import { generateReport } from '../../src/bench/generateReports.ts';
import type { ReportRecord } from '../../src/lib/content/loadContent.ts';
import { RELATED_SIZE, RELATED_WINDOW } from '../../src/lib/site/related.ts';
import { compareReports, relatedFor } from '../../src/lib/site/siteModel.ts';

function report(slug: string, date: string, category: string, tags: string[] = []): ReportRecord {
	return {
		id: `zh/${slug}`,
		lang: 'zh',
		slug,
		year: date.slice(0, 4),
		file: `content/reports/${date.slice(0, 4)}/zh/${slug}.md`,
		kind: 'md',
		digest: slug,
		data: { title: slug, date, category, tags, summary: '' },
		links: [],
		images: [],
	} as ReportRecord;
}

const slugs = (list: ReportRecord[] | undefined) => (list ?? []).map((r) => r.slug);

describe('related reports', () => {
	const list = [
		report('bridge-2025', '2025-04-16', 'notices', ['桥梁检测', '安全生产']),
		report('safety-2026', '2026-03-20', 'training', ['安全生产', '继续教育']),
		report('bridge-2024', '2024-05-01', 'news', ['桥梁检测', '安全生产']),
		report('bim-2022', '2022-11-15', 'training', ['BIM', '继续教育']),
		report('notice-2023', '2023-02-20', 'notices', ['会员服务']),
		report('notice-2021', '2021-01-10', 'notices'),
		report('pipes-2024', '2024-07-05', 'industry', ['地下管网']),
	].sort(compareReports);
	const related = relatedFor(list);
	const of = (slug: string) => slugs(related.get(list.find((r) => r.slug === slug)!));

	test('same tags first (the most shared), then the same category, shown newest first', () => {
		// Shares both tags with bridge-2024, one with safety-2026; then its category's notices.
		expect(of('bridge-2025')).toEqual(['safety-2026', 'bridge-2024', 'notice-2023', 'notice-2021']);
		expect(of('bim-2022')).toEqual(['safety-2026']);
		// No tag and nothing else in its category: an empty list (the page shows no section).
		expect(of('pipes-2024')).toEqual([]);
	});

	test('never the report itself, never more than five', () => {
		const many = Array.from({ length: 40 }, (_, i) =>
			report(
				`r-${String(i).padStart(2, '0')}`,
				`2024-01-${String((i % 28) + 1).padStart(2, '0')}`,
				'news',
				['标准化']
			)
		).sort(compareReports);
		for (const [r, list] of relatedFor(many)) {
			expect(list).not.toContain(r);
			expect(list.length).toBe(RELATED_SIZE);
		}
	});

	test('an edit reaches a bounded number of other reports’ lists, whatever the archive’s size', () => {
		const corpus = Array.from({ length: 1000 }, (_, i) => {
			const g = generateReport(i);
			const data = matter(g.text).data as { category: string; tags?: string[] };
			return report(g.name.replace(/\.md$/, ''), g.date, data.category, data.tags ?? []);
		}).sort(compareReports);
		const appearances = new Map<ReportRecord, number>();
		for (const list of relatedFor(corpus).values())
			for (const r of list) appearances.set(r, (appearances.get(r) ?? 0) + 1);
		// A report is listed only by reports near it in one of its tags or its category (a window
		// on each side, 3·window for one at either end): its title edit re-renders at most that
		// many report pages, however many reports share its tags.
		for (const [r, count] of appearances)
			expect(count).toBeLessThanOrEqual(3 * RELATED_WINDOW * ((r.data.tags?.length ?? 0) + 1));
	});
});
