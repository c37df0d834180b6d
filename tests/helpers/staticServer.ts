/**
 * dist/ served as a static host serves it, on 127.0.0.1 and a free port: `/a/` → a/index.html,
 * 404 otherwise, no compression. Used by the browser tests and the measurement scripts.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { lookup } from 'mrmime';

export interface StaticServer {
	origin: string;
	close(): Promise<void>;
}

/** `headers` are sent with every file (e.g. the site's Content-Security-Policy). */
export async function serveStatic(
	dir: string,
	headers: Record<string, string> = {}
): Promise<StaticServer> {
	const server = createServer((req, res) => {
		let file = normalize(
			join(dir, decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname))
		);
		if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
		if (!file.startsWith(dir) || !existsSync(file)) return void res.writeHead(404).end('not found');
		// Images (the footer's SVG QR code) need their own type, or the browser shows them broken.
		const type = lookup(file) ?? (extname(file) ? 'application/octet-stream' : 'text/html');
		res.writeHead(200, {
			...headers,
			'content-type': type.startsWith('text/') ? `${type}; charset=utf-8` : type,
		});
		createReadStream(file).pipe(res);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
		close: () => new Promise((resolve) => server.close(() => resolve())),
	};
}
