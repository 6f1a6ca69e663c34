/**
 * Builds the dashboard (src/ui/) into dist/ui/: one minified bundle of TSX, Preact and
 * signals by esbuild, its stylesheet and its page. Run by `npm run build`; the browser tests
 * call buildUi() so they always test the current source.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

const ROOT = path.resolve(__dirname, '..');
export const UI_OUT = path.join(ROOT, 'dist', 'ui');

export async function buildUi(): Promise<void> {
  mkdirSync(UI_OUT, { recursive: true });
  await build({
    entryPoints: [path.join(ROOT, 'src', 'ui', 'main.tsx')],
    bundle: true,
    minify: true,
    format: 'iife',
    target: ['chrome110', 'firefox110', 'safari16'],
    jsx: 'automatic',
    jsxImportSource: 'preact',
    outfile: path.join(UI_OUT, 'app.js'),
    logLevel: 'warning',
  });
  for (const file of ['index.html', 'app.css']) copyFileSync(path.join(ROOT, 'src', 'ui', file), path.join(UI_OUT, file));
}

if (require.main === module) {
  buildUi().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
