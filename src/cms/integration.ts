/**
 * Serves /admin/ under `astro dev` from a Vite middleware: the shell page, a config generated on
 * every request (so a new category shows up at once), the preview styles, the glue scripts and
 * the Decap bundle straight from node_modules. Nothing is written into public/ (re-creating
 * files there while the dev server runs makes Astro answer 404 until it restarts), and the page
 * gets no Vite client, so saving a report does not reload the editor.
 */
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AstroIntegration } from 'astro';
import {
	ADMIN_STATIC,
	configJson,
	contentType,
	previewCss,
	shellPage,
	vendorFiles,
} from './adminFiles.ts';

/** The Astro integration registered in astro.config.mjs. */
export function cmsAdmin(): AstroIntegration {
	return {
		name: 'huibao-cms-admin',
		hooks: {
			'astro:server:setup': ({ server }) => {
				const root = server.config.root;
				server.middlewares.use((req, res, next) => {
					const path = decodeURIComponent((req.url ?? '').split('?')[0]!);
					if (path !== '/admin' && !path.startsWith('/admin/')) return next();
					// A site without admin/ (a throw-away test copy) has no CMS.
					if (!existsSync(join(root, 'admin/index.html'))) return next();
					if (path === '/admin') {
						res.writeHead(301, { Location: '/admin/' }).end();
						return;
					}
					const name = path.slice('/admin/'.length) || 'index.html';
					try {
						const send = (body: string | Buffer) => {
							res
								.writeHead(200, { 'Content-Type': contentType(name), 'Cache-Control': 'no-cache' })
								.end(body);
						};
						if (name === 'index.html') return send(shellPage(root, vendorFiles(root).decapVersion));
						if (name === 'config.json') return send(configJson(root));
						if (name === 'preview.css') return send(previewCss(root));
						if ((ADMIN_STATIC as readonly string[]).includes(name))
							return send(readFileSync(join(root, 'admin', name)));
						const vendor = vendorFiles(root).files.get(name);
						if (vendor && existsSync(vendor)) {
							res.writeHead(200, {
								'Content-Type': contentType(name),
								'Cache-Control': 'max-age=3600',
							});
							createReadStream(vendor).pipe(res);
							return;
						}
						res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not found');
					} catch (error) {
						res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' }).end(String(error));
					}
				});
			},
		},
	};
}
