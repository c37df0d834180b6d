/**
 * A stand-in for WeChat in the importer tests: a server on 127.0.0.1 with article pages and
 * pictures the tests write themselves, and a fetch that sends the importer's requests for
 * mp.weixin.qq.com and mmbiz.qpic.cn there. Any other host throws: tests never reach the
 * internet.
 *
 * Like WeChat's image server, it answers a picture request without WeChat's Referer with a
 * placeholder, here a GIF generated below (not a copy of WeChat's).
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { crc32, deflateSync } from 'node:zlib';
import type { FetchLike } from '../../src/importer/wechatImages.ts';

/** A real PNG of one colour (w×h, RGB), written from scratch. */
export function png(width: number, height: number, rgb: [number, number, number]): Buffer {
	const chunk = (type: string, data: Buffer) => {
		const len = Buffer.alloc(4);
		len.writeUInt32BE(data.length);
		const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
		const crc = Buffer.alloc(4);
		crc.writeUInt32BE(crc32(body));
		return Buffer.concat([len, body, crc]);
	};
	const ihdr = Buffer.alloc(13);
	ihdr.writeUInt32BE(width, 0);
	ihdr.writeUInt32BE(height, 4);
	ihdr.set([8, 2, 0, 0, 0], 8);
	const row = Buffer.concat([
		Buffer.from([0]),
		Buffer.from(Array.from({ length: width }, () => rgb).flat()),
	]);
	const raw = Buffer.concat(Array.from({ length: height }, () => row));
	return Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		chunk('IHDR', ihdr),
		chunk('IDAT', deflateSync(raw)),
		chunk('IEND', Buffer.alloc(0)),
	]);
}

/** A real 1×1 GIF of one colour. */
export function gif(rgb: [number, number, number]): Buffer {
	return Buffer.from([
		...Buffer.from('GIF89a', 'latin1'),
		1,
		0,
		1,
		0,
		0x80,
		0,
		0, // 1×1, global colour table of 2
		...rgb,
		0,
		0,
		0,
		0x2c,
		0,
		0,
		0,
		0,
		1,
		0,
		1,
		0,
		0, // image descriptor
		2,
		2,
		0x44,
		0x01,
		0, // LZW min code size 2, one sub-block, terminator
		0x3b,
	]);
}

/** The fixture's placeholder: what the server sends for a picture asked for without WeChat's Referer. */
export const PLACEHOLDER = gif([0xee, 0xee, 0xee]);

export interface Recorded {
	path: string;
	headers: IncomingHttpHeaders;
	at: number;
}

export interface WechatServer {
	port: number;
	requests: Recorded[];
	/** Article pages by path (`/s/abc`) and pictures by path without query (`/mmbiz_png/x/640`). */
	pages: Map<string, string>;
	images: Map<string, { bytes: Buffer; type: string }>;
	/** Picture paths always answered with the placeholder, whatever the Referer. */
	refused: Set<string>;
	fetch: FetchLike;
	close: () => Promise<void>;
}

export async function startWechatServer(): Promise<WechatServer> {
	const requests: Recorded[] = [];
	const pages = new Map<string, string>();
	const images = new Map<string, { bytes: Buffer; type: string }>();
	const refused = new Set<string>();
	const server: Server = createServer((req, res) => {
		const url = new URL(req.url ?? '/', 'http://127.0.0.1');
		requests.push({ path: `${url.pathname}${url.search}`, headers: req.headers, at: Date.now() });
		const page = pages.get(url.pathname);
		if (page !== undefined) {
			res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
			res.end(page);
			return;
		}
		const image = images.get(url.pathname);
		if (image) {
			const fromWechat =
				req.headers.referer === 'https://mp.weixin.qq.com/' &&
				/Mozilla/.test(req.headers['user-agent'] ?? '');
			if (!fromWechat || refused.has(url.pathname)) {
				// Like WeChat: status 200, the placeholder, labelled as what was asked for.
				res.writeHead(200, { 'content-type': image.type });
				res.end(PLACEHOLDER);
				return;
			}
			res.writeHead(200, { 'content-type': image.type, 'content-length': image.bytes.length });
			res.end(image.bytes);
			return;
		}
		res.writeHead(404, { 'content-type': 'text/plain' });
		res.end('not found');
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const port = (server.address() as AddressInfo).port;
	const routed: FetchLike = (target, init) => {
		const url = new URL(target);
		if (url.hostname !== 'mp.weixin.qq.com' && url.hostname !== 'mmbiz.qpic.cn')
			throw new Error(`test fetch: ${url.hostname} is not a fixture host`);
		return fetch(`http://127.0.0.1:${port}${url.pathname}${url.search}`, init);
	};
	return {
		port,
		requests,
		pages,
		images,
		refused,
		fetch: routed,
		close: () => new Promise<void>((resolve) => server.close(() => resolve())),
	};
}

/** The pictures article.html shows, as the server serves them. */
export function articleImages(): Map<string, { bytes: Buffer; type: string }> {
	return new Map([
		['/mmbiz_gif/banner01/640', { bytes: gif([0x00, 0x70, 0xc0]), type: 'image/gif' }],
		['/mmbiz_png/chart01/640', { bytes: png(40, 30, [0x2e, 0x7d, 0x32]), type: 'image/png' }],
		['/mmbiz_gif/divider01/640', { bytes: gif([0xc6, 0x28, 0x28]), type: 'image/gif' }],
		['/mmbiz_png/qrcode01/640', { bytes: png(20, 20, [0, 0, 0]), type: 'image/png' }],
		['/mmbiz_jpg/cover01/0', { bytes: png(90, 50, [0x1d, 0x4e, 0x89]), type: 'image/png' }],
	]);
}
