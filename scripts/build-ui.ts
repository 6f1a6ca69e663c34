/**
 * Builds the dashboard (src/ui/) into dist/ui/: one minified bundle of TSX, Preact and
 * signals by esbuild, its stylesheet and its page. Run by `npm run build` (which prints the
 * bundle's size: the page's budget is 100 KB of gzipped JavaScript); the browser tests call
 * buildUi() so they always test the current source. The bundle also carries the staleness
 * checker's pure reducer and words (src/check/journal-view.ts, stale-sentence.ts): esbuild
 * builds for the browser, so a `node:` import reaching the page fails the build.
 */
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const ROOT = path.resolve(__dirname, '..');
export const UI_OUT = path.join(ROOT, 'dist', 'ui');

/** Builds the page; answers the bundle's size, raw and gzipped. */
export async function buildUi(): Promise<{ bytes: number; gzipBytes: number }> {
  mkdirSync(UI_OUT, { recursive: true });
  await build({
    entryPoints: [path.join(ROOT, 'src', 'ui', 'main.tsx')],
    bundle: true,
    minify: true,
    format: 'iife',
    target: ['chrome110', 'firefox110', 'safari16'],
    jsx: 'automatic',
    jsxImportSource: 'preact',
    platform: 'browser',
    outfile: path.join(UI_OUT, 'app.js'),
    logLevel: 'warning',
  });
  for (const file of ['index.html', 'app.css']) copyFileSync(path.join(ROOT, 'src', 'ui', file), path.join(UI_OUT, file));
  const js = readFileSync(path.join(UI_OUT, 'app.js'));
  return { bytes: js.length, gzipBytes: gzipSync(js).length };
}

if (require.main === module) {
  buildUi().then(({ bytes, gzipBytes }) => {
    console.log(`dist/ui/app.js: ${(bytes / 1024).toFixed(1)} KB, ${(gzipBytes / 1024).toFixed(1)} KB gzipped (budget 100 KB gzipped)`);
  }).catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
