/**
 * The dashboard's files, built by `npm run build` into dist/ui/ (superuser only, like every
 * /_sim endpoint: an unauthenticated browser gets the 401 and its Basic prompt). Only the
 * files the build wrote are served, by exact name: nothing outside dist/ui/ is reachable.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { EsError } from '../../errors';
import type { Endpoint, Route } from '../endpoint';

const SUPERUSER_ONLY = ['all'];
/** The same folder whether this file runs from src/http/routes (tsx, jest) or dist/http/routes. */
export const UI_DIR = path.resolve(__dirname, '..', '..', '..', 'dist', 'ui');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=UTF-8',
  '.js': 'text/javascript; charset=UTF-8',
  '.css': 'text/css; charset=UTF-8',
  '.map': 'application/json; charset=UTF-8',
  '.png': 'image/png',
};

function uiFile(name: string): { body: Buffer; type: string } {
  const built = existsSync(UI_DIR) ? readdirSync(UI_DIR) : [];
  if (!built.includes(name)) {
    const hint = built.length === 0 ? 'the dashboard is not built: run [npm run build]' : `files: [${built.join(', ')}]`;
    throw new EsError(404, 'resource_not_found_exception', `no dashboard file [${name}]; ${hint}`);
  }
  return { body: readFileSync(path.join(UI_DIR, name)), type: TYPES[path.extname(name)] ?? 'application/octet-stream' };
}

function serveFile(fixed?: string): Endpoint {
  return {
    privileges: { action: 'cluster:monitor/sim/ui/get', grantedBy: SUPERUSER_ONLY },
    prepare: (req) => {
      const file = uiFile(fixed ?? req.params.file ?? '');
      return async () => ({
        status: 200,
        body: null,
        stream: (_q, res) => {
          res.status(200);
          res.setHeader('Content-Type', file.type);
          res.setHeader('Content-Length', file.body.length);
          res.setHeader('Cache-Control', 'no-cache');
          res.end(req.method === 'HEAD' ? undefined : file.body);
        },
      });
    },
  };
}

export function simUiRoutes(): Route[] {
  const index = serveFile('index.html');
  return [
    { path: '/_sim/ui', methods: { GET: index, HEAD: index } },
    { path: '/_sim/ui/', methods: { GET: index, HEAD: index } },
    { path: '/_sim/ui/:file', methods: { GET: serveFile(), HEAD: serveFile() } },
  ];
}
