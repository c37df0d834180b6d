/**
 * Deterministic generator of realistic Chinese work reports, for the benchmark and the tests.
 *
 * Same shape and size as the reports an association publishes (and as the workplace's shared
 * benchmark corpus): ~3,000–6,500 Chinese characters, `##`/`###` numbered headings, numbered
 * paragraphs, bullet lists, one table, a link, bold text; one of the 8 categories; a date in
 * 2015–2026; 2–4 tags; a source. Report i depends only on (seed, i), so N=1,000 is a prefix of
 * N=10,000 and every run writes the same bytes.
 */
import { defaultLocale } from '../i18n/locales.ts';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { reportFilePath } from '../lib/content/reportPath.ts';

function mulberry32(seed: number): () => number {
	let a = seed;
	return () => {
		a |= 0;
		a = (a + 0x6d2b79f5) | 0;
		let t = Math.imul(a ^ (a >>> 15), 1 | a);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const words = (s: string) => s.trim().split(/\s+/);

const ACTORS =
	words(`协会秘书处 各会员单位 标准化工作委员会 专家委员会 各专业分会 协会党支部 理事会 监事会 市州协会
培训中心 信息中心 检测评价中心 骨干企业 科研单位 高等院校 青年委员会 各工作组 项目办公室 编辑部 法律事务部
对外联络部 财务部 会员服务部 行业研究部 质量安全部 桥梁隧道分会 给排水分会 道路分会`);
const MANNER = words(
	`深入 扎实 持续 稳步 全面 认真 积极 切实 大力 不断 有序 统筹 协同 精准 高效 务实 主动 系统`
);
const ACTIONS = words(
	`推进 落实 完善 加强 优化 开展 组织 推动 健全 提升 深化 强化 规范 拓展 探索 构建 实施 谋划 部署 总结`
);
const TOPICS =
	words(`团体标准体系建设 标准制修订工作 会员服务能力建设 人才培养机制 行业自律管理 信息平台建设
工程质量安全检查 技术交流合作 科技成果转化 行业统计分析 重点课题研究 专业技能培训 基层党组织建设
意识形态工作 廉政风险防控 内部管理制度 财务管理制度 档案管理工作 宣传舆论引导 桥梁安全检测
绿色低碳施工 数字化转型 安全生产责任制 应急管理体系 知识产权保护 诚信体系建设 优质工程评选
产业链协同发展 中小企业服务 政策法规宣贯 行业发展规划编制 职业技能评价 专家库建设 标准实施评估
会员发展工作 分支机构管理 对外合作交流 行业调研活动 年度重点任务 服务质量评价 城市更新改造
地下管网普查 海绵城市建设 道路养护管理 隧道运营维护 智慧工地建设 工程造价咨询`);
const RESULTS =
	words(`取得了明显成效 为行业高质量发展打下了坚实基础 得到了会员单位的普遍认可 形成了一批可复制可推广的经验
工作机制进一步健全 服务水平显著提升 行业影响力持续扩大 各项任务圆满完成 整体工作呈现稳中有进的良好态势
有效提升了工作的规范化水平 进一步增强了凝聚力和向心力 推动相关工作迈上新台阶 实现了预期目标
为下一阶段工作积累了宝贵经验 有力支撑了行业转型升级 切实解决了一批突出问题 营造了良好的发展环境
受到了主管部门的充分肯定 社会效益和经济效益同步提升 基础性工作更加扎实 工作合力进一步增强
制度执行力明显提高 服务会员的针对性和实效性不断增强 标准引领作用日益凸显 风险防控能力有效提升`);
const LINKS = words(
	`同时 此外 与此同时 在此基础上 另一方面 总体来看 具体而言 为此 据统计 截至年底 按照年度计划 围绕中心工作`
);
const FIGURES =
	words(`共召开专题会议十二次 累计培训学员三千余人次 发布团体标准二十三项 新增会员单位八十六家 完成调研报告九篇
组织专家评审四十余场 受理投诉建议一百余件 开展现场检查二十七次 编印工作简报三十六期 举办技术沙龙十五场
走访企业六十余家 征集意见建议二百余条 完成课题验收七项 参与国家标准起草五项 签订合作协议四份`);
const SECTION =
	words(`年度工作回顾 主要工作成效 重点任务完成情况 存在的问题和不足 下一步工作安排 工作思路和目标 主要经验体会
党建工作情况 标准化工作进展 会员服务工作 行业自律与诚信建设 对外交流与合作 内部管理与能力建设 保障措施`);
const SUBSECTION =
	words(`加强党的建设 完善标准体系 提升服务能力 强化行业自律 推进数字化建设 深化交流合作 加强人才队伍建设
规范内部管理 做好宣传引导 强化风险防控 推动科技创新 优化会员结构 落实安全责任 健全工作机制
加强调查研究 推动成果转化 做好统计分析 提升培训质量 加强财务管理 完善考核评价`);
const ITEMS =
	words(`完成年度标准制修订计划 组织召开理事会议两次 开展会员满意度调查 更新行业专家库信息 修订内部管理制度汇编
建设协会门户网站新版 编制行业发展年度报告 组织开展职业技能竞赛 举办行业高峰论坛 开展标准宣贯培训
推进团体标准采信工作 建立重点企业联系制度 开展行业信用评价 组织专家赴企业指导 完善财务内控制度`);
const ORGANISATIONS =
	words(`江汉省市政工程协会 江汉省市政工程协会桥梁分会 江汉省市政工程协会给排水分会 汉江市市政工程协会
江汉省市政工程协会道路分会 江汉省市政工程协会党支部 江汉省市政工程协会标准化工作委员会 江汉省市政工程协会培训中心`);
const SOURCES = words(
	`协会秘书处 标准化工作委员会 办公室 党支部 会员服务部 培训中心 行业研究部 信息中心`
);
const TAGS =
	words(`标准化 团体标准 会员服务 党建 培训 行业自律 年度报告 工作总结 政策解读 质量管理 数字化 交流合作
人才培养 安全生产 绿色发展 统计分析 调研 通知公告 桥梁检测 城市更新`);

/** The category slugs of content/categories.yml. */
export const CATEGORIES = [
	'notices',
	'news',
	'party',
	'standards',
	'training',
	'industry',
	'members',
	'policy',
] as const;

const TITLES: Record<(typeof CATEGORIES)[number], string[]> = {
	notices: [
		'关于印发《{Y}年度工作要点》的通知',
		'关于开展{Y}年度{T}工作的通知',
		'关于做好{T}有关事项的通知',
	],
	news: ['{O}召开{Y}年度工作会议', '{O}举办{T}专题交流会', '{Y}年{O}{T}工作综述'],
	party: ['{O}{Y}年度党建工作总结', '关于{Y}年党建工作情况的报告', '{O}{T}专题报告'],
	standards: ['{Y}年度标准化工作总结报告', '关于{T}情况的报告', '{O}{Y}年标准化工作报告'],
	training: ['{Y}年度培训工作总结', '关于{T}开展情况的报告', '{O}{Y}年教育培训工作报告'],
	industry: ['{Y}年行业运行情况分析报告', '关于{T}的调研报告', '{O}{Y}年行业发展报告'],
	members: ['{Y}年度会员服务工作报告', '关于{T}情况的通报', '{O}{Y}年会员工作总结'],
	policy: ['关于{T}的政策解读', '{Y}年相关政策执行情况报告', '{O}关于{T}的意见建议'],
};
const NUMERALS = '一二三四五六七八九十'.split('');
const SEED = 20261124;

export interface GeneratedReport {
	/** File name: `report-00001.md`. */
	name: string;
	/** Where it goes in a site: `content/reports/<year>/zh/report-00001.md`. */
	file: string;
	date: string;
	text: string;
}

/** The i-th report (0-based). */
export function generateReport(i: number): GeneratedReport {
	const random = mulberry32((SEED ^ Math.imul(i + 1, 2654435761)) >>> 0);
	const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
	const between = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));

	const first = Date.UTC(2015, 0, 1);
	const last = Date.UTC(2026, 11, 31);
	const date = new Date(
		first + Math.floor(random() * ((last - first) / 86_400_000 + 1)) * 86_400_000
	)
		.toISOString()
		.slice(0, 10);
	const year = date.slice(0, 4);
	const category = pick(CATEGORIES);
	const organisation = pick(ORGANISATIONS);
	const title = pick(TITLES[category])
		.replace('{Y}', year)
		.replace('{O}', organisation)
		.replace('{T}', pick(TOPICS))
		.replace('工作工作', '工作');
	const tags = [...new Set(Array.from({ length: between(2, 4) }, () => pick(TAGS)))];

	const sentence = () =>
		`${random() < 0.35 ? `${pick(LINKS)}，` : ''}${pick(ACTORS)}${pick(MANNER)}${pick(ACTIONS)}${pick(TOPICS)}，${random() < 0.3 ? `${pick(FIGURES)}，` : ''}${pick(RESULTS)}。`;
	const paragraph = (n: number) => Array.from({ length: n }, sentence).join('');
	const han = (s: string) => (s.match(/\p{Script=Han}/gu) ?? []).length;

	const target = between(3000, 6000);
	const blocks: string[] = [];
	let length = 0;
	const add = (block: string) => {
		blocks.push(block);
		length += han(block);
	};
	add(`${organisation}${year}年工作报告（${pick(['征求意见稿', '审议稿', '正式稿'])}）`);
	add(
		`${paragraph(between(3, 5))}详细情况请参阅[协会门户网站](https://www.example.org.cn/reports/${i + 1})。`
	);
	let table = false;
	let section = 0;
	while ((length < target || section < 3) && section < NUMERALS.length - 1) {
		add(`## ${NUMERALS[section]}、${pick(SECTION)}`);
		add(paragraph(between(1, 2)));
		const subsections = between(2, 4);
		for (let s = 0; s < subsections && (length < target || s < 2); s++) {
			add(`### （${NUMERALS[s]}）${pick(SUBSECTION)}`);
			for (let k = 1, n = between(2, 4); k <= n; k++) {
				const text = paragraph(between(2, 4));
				const body =
					random() < 0.3
						? `**${text.slice(0, text.indexOf('，'))}**${text.slice(text.indexOf('，'))}`
						: text;
				add(`${k}.${pick(ACTIONS)}${pick(TOPICS)}。${body}`);
			}
			if (random() < 0.35)
				add(Array.from({ length: between(3, 5) }, () => `- ${pick(ITEMS)}`).join('\n'));
			if (!table && section >= 1) {
				table = true;
				const rows = Array.from({ length: between(3, 5) }, () => {
					const goal = between(10, 90);
					const done = between(goal - 5, goal + 20);
					return `| ${pick(ITEMS)} | ${goal} | ${done} | ${((done / goal) * 100).toFixed(1)}% |`;
				});
				add(
					`表1　${year}年主要指标完成情况\n\n| 指标 | 目标值 | 完成值 | 完成率 |\n| --- | ---: | ---: | ---: |\n${rows.join('\n')}`
				);
			}
		}
		section++;
	}
	add(`## ${NUMERALS[section]}、结束语`);
	add(paragraph(between(2, 3)));
	add(`${organisation}\n${year}年${between(1, 12)}月`);

	const frontMatter = [
		'---',
		`title: "${title}"`,
		`date: ${date}`,
		`category: ${category}`,
		`source: "${pick(SOURCES)}"`,
		'tags:',
		...tags.map((t) => `  - ${t}`),
		'lang: zh',
		'---',
		'',
	].join('\n');
	const slug = `report-${String(i + 1).padStart(5, '0')}`;
	return {
		name: `${slug}.md`,
		file: reportFilePath(date, defaultLocale, slug),
		date,
		text: `${frontMatter}${blocks.join('\n\n')}\n`,
	};
}

/** Writes reports [from, to) into `dir`. */
export function writeReports(dir: string, count: number, from = 0): void {
	mkdirSync(dir, { recursive: true });
	for (let i = from; i < from + count; i++) {
		const { name, text } = generateReport(i);
		writeFileSync(join(dir, name), text);
	}
}

/** Writes reports [from, to) into the site at `root`, each in its year folder. */
export function writeSiteReports(root: string, count: number, from = 0): void {
	for (let i = from; i < from + count; i++) {
		const { file, text } = generateReport(i);
		mkdirSync(dirname(join(root, file)), { recursive: true });
		writeFileSync(join(root, file), text);
	}
}
