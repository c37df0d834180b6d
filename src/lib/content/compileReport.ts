/**
 * Everything done to one report file's bytes: parse and validate the front matter, render the
 * body, derive the summary, collect links. Pure and cacheable by content hash; runs in worker
 * threads during big builds (compilePool.ts).
 */
import { crc32 } from 'node:zlib';
import type { z } from 'astro/zod';
import { reportSchema, type ReportFrontmatter } from '../../content/schema.ts';
import { hiddenText } from '../markdown/hiddenText.ts';
import { renderBody } from '../markdown/renderBody.ts';
import type { CompiledEntry } from './contentCache.ts';
import { decodeText } from './decodeText.ts';
import { parseReport } from './parseReport.ts';
import type { ReportPath } from './reportPath.ts';

export interface CompileJob {
	file: string;
	/** The file's bytes, exactly as read. */
	bytes: Uint8Array;
	where: Pick<ReportPath, 'lang' | 'kind'>;
	timeZone: string;
}

export interface CompileResult {
	entry: CompiledEntry;
	/** UTF-8 bytes of the rendered body and their CRC-32, when the file is valid. */
	html?: Uint8Array;
	htmlCrc?: number;
}

const encoder = new TextEncoder();

/**
 * Never throws: a file that breaks a parser or the renderer (Markdown nested 100,000 levels deep
 * overflows the stack) is a problem of that file, not the end of check or build.
 */
export async function compileReport(
	job: CompileJob,
	/** The front matter's schema: reports' unless a standing page (content/pages/) is compiled. */
	schema: z.ZodType = reportSchema
): Promise<CompileResult> {
	try {
		return await compile(job, schema);
	} catch (error) {
		return { entry: { problems: [{ field: 'file', message: `cannot be read: ${reason(error)}` }] } };
	}
}

async function compile(job: CompileJob, schema: z.ZodType): Promise<CompileResult> {
	const decoded = decodeText(job.bytes);
	if (decoded.problem !== undefined) return { entry: { problems: [{ field: 'encoding', message: decoded.problem }] } };
	const { report, problems } = parseReport(job.file, decoded.text, job.where, job.timeZone, schema);
	const entry: CompiledEntry = { problems: problems.map(({ field, message }) => ({ field, message })) };
	if (!report) return { entry };
	let body;
	try {
		body = await renderBody(report.body);
	} catch (error) {
		entry.problems.push({ field: 'body', message: `cannot be rendered: ${reason(error)}` });
		return { entry };
	}
	// Raw HTML that would hide the rest of the text refuses the report (see hiddenText.ts);
	// .mdx reports are developers' code, compiled by Astro.
	if (body.rawHtml && job.where.kind === 'md') {
		for (const { line, message } of hiddenText(report.body)) entry.problems.push({ field: 'body', message: `line ${report.bodyLine + line - 1}: ${message}` });
		if (entry.problems.length) return { entry };
	}
	entry.data = report.data as ReportFrontmatter;
	entry.summary = body.summary;
	entry.links = body.links;
	entry.images = body.images;
	// A fresh buffer (not Node's shared pool) so the worker can hand it over without a copy.
	const html = encoder.encode(body.html);
	return { entry, html, htmlCrc: crc32(html) };
}

/** The first line of an error's message, with a hint for the one a file can cause. */
function reason(error: unknown): string {
	const message = String((error as Error)?.message ?? error).split('\n')[0]!;
	return error instanceof RangeError && /call stack/i.test(message) ? `${message} (it is nested too deeply)` : message;
}
