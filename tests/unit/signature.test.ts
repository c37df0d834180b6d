/**
 * 落款 (the issuer and date closing a notice) and derived summaries, on notices written the way
 * associations write them.
 */
import { describe, expect, test } from 'vitest';
import { renderBody } from '../../src/lib/markdown/renderBody.ts';
import { closingStart, SIGNATURE_MARK, wrapSignature } from '../../src/lib/markdown/signature.ts';
import { withoutSalutation } from '../../src/lib/markdown/deriveSummary.ts';

const NOTICE = `各会员单位：

为贯彻落实《城市桥梁检测和养护维修管理办法》，提升全省城市桥梁安全运行水平，协会决定于2025年4月至9月开展城市桥梁检测专项行动。现将有关事项通知如下。

## 一、工作目标

摸清全省城市桥梁技术状况。

联系人：周晓峰　电话：027-8888 6611

江汉省市政工程协会

2025年4月16日
`;

const signatureOf = (html: string) => /<div class="signature">([\s\S]*?)<\/div>/.exec(html)?.[1];

describe('落款', () => {
	test('an issuer line followed by a date line at the end is set as the closing', async () => {
		const { html } = await renderBody(NOTICE);
		expect(signatureOf(html)).toBe('<p>江汉省市政工程协会</p>\n<p>2025年4月16日</p>');
		// The contact line before it is text, not part of the closing.
		expect(html).toMatch(/<p>联系人：周晓峰　电话：027-8888 6611<\/p>\n<div class="signature">/);
	});

	test('two issuers, Chinese-numeral dates and one paragraph with line breaks are recognised', async () => {
		const two = await renderBody(
			'正文。\n\n江汉省市政工程协会\n\n江汉省建设工程质量安全协会\n\n二〇二五年三月十五日\n'
		);
		expect(signatureOf(two.html)).toBe(
			'<p>江汉省市政工程协会</p>\n<p>江汉省建设工程质量安全协会</p>\n<p>二〇二五年三月十五日</p>'
		);
		const lines = await renderBody('特此通知。\n\n协会秘书处\n2025年3月15日\n');
		expect(lines.html).toContain('<p>特此通知。</p>');
		expect(signatureOf(lines.html)).toBe('<p>协会秘书处<br>\n2025年3月15日</p>');
		const tail = await renderBody('请各单位按时报送。\n协会秘书处\n2025年3月15日\n');
		expect(tail.html).toContain('<p>请各单位按时报送。</p>');
		expect(signatureOf(tail.html)).toBe('<p>协会秘书处<br>\n2025年3月15日</p>');
		const en = await renderBody(
			'Please reply by 30 April.\n\nJianghan Municipal Engineering Association\n\n16 April 2025\n'
		);
		expect(signatureOf(en.html)).toBe(
			'<p>Jianghan Municipal Engineering Association</p>\n<p>16 April 2025</p>'
		);
	});

	test('text that only looks similar is left alone', async () => {
		for (const md of [
			'会议定于2025年4月16日召开。\n',
			'江汉省市政工程协会\n\n2025年4月16日\n\n附件：报名表\n',
			'特此通知。\n',
			'| 日期 |\n| --- |\n| 2025年4月16日 |\n',
		]) {
			expect((await renderBody(md)).html, md).not.toContain('signature');
		}
		expect(closingStart(['特此通知。', '2025年3月15日'])).toBe(1);
		expect(closingStart(['联系人：张三', '2025年3月15日'])).toBe(1);
	});

	test(`an author marks an unusual closing with ${SIGNATURE_MARK}; the mark itself never shows`, async () => {
		const md = `正文。\n\n${SIGNATURE_MARK}\n\n江汉省市政工程协会（盖章）\n\n报送日期：2025年3月15日\n`;
		const { html, rawHtml } = await renderBody(md);
		expect(signatureOf(html)).toBe(
			'<p>江汉省市政工程协会（盖章）</p>\n<p>报送日期：2025年3月15日</p>'
		);
		expect(html).not.toMatch(/落款|HUIBAO|<!--/);
		expect(rawHtml).toBe(false);
		// Inside a code block the mark is just text.
		const code = await renderBody(`\`\`\`\n${SIGNATURE_MARK}\n\`\`\`\n`);
		expect(code.html).toContain('&lt;!-- 落款 --&gt;');
		expect(code.html).not.toContain('signature');
	});
});

describe('derived summaries', () => {
	test('skip the salutation and the closing', async () => {
		const { summary } = await renderBody(NOTICE);
		expect(summary.startsWith('为贯彻落实《城市桥梁检测和养护维修管理办法》')).toBe(true);
		expect(summary).not.toContain('各会员单位');
		const short = await renderBody(
			'各有关单位、各会员单位：\n\n协会第四届会员代表大会定于2026年12月召开，请做好准备。\n\n江汉省市政工程协会\n\n2026年10月15日\n'
		);
		expect(short.summary).toBe('协会第四届会员代表大会定于2026年12月召开，请做好准备。');
	});

	test('a salutation on the first line of the opening paragraph is dropped, text that ends in a colon is kept', () => {
		expect(withoutSalutation('各会员单位：\n为加强行业自律，现通知如下。')).toBe(
			'为加强行业自律，现通知如下。'
		);
		expect(withoutSalutation('各会员单位：为加强行业自律，现通知如下。')).toBe(
			'为加强行业自律，现通知如下。'
		);
		expect(withoutSalutation('尊敬的会员：\n您好！')).toBe('您好！');
		expect(withoutSalutation('为加强行业自律，现将有关事项通知如下：一是…')).toBe(
			'为加强行业自律，现将有关事项通知如下：一是…'
		);
	});
});

test('a long body ending in a list is looked at from its end, not from every paragraph', () => {
	// 20,000 paragraphs then a list: the end-anchored search took ~7 s from every paragraph.
	const paragraphs = '<p>正文一段。</p>\n'.repeat(20000);
	const started = performance.now();
	const html = `${paragraphs}<ul>\n<li>附件</li>\n</ul>\n`;
	expect(wrapSignature(html)).toBe(html);
	const closed = wrapSignature(`${paragraphs}<p>江汉省市政工程协会</p>\n<p>2025年3月15日</p>\n`);
	expect(performance.now() - started).toBeLessThan(1000);
	expect(
		closed.endsWith(
			'<div class="signature"><p>江汉省市政工程协会</p>\n<p>2025年3月15日</p></div>\n'
		)
	).toBe(true);
	expect(closed.split('<p>正文一段。</p>').length).toBe(20001);
});
