/**
 * The layering of src/ (README, Architecture), checked on every file's imports so it stays
 * true: from the bottom node/, transport/, coordinator/, http/, each importing only what is
 * below it; the leaves (protocol/, faults/, observe/, sim/, accounts/, errors/, config.ts,
 * atomic-write.ts, process-alive.ts) import none of those four; http/ imports neither transport/ nor node/.
 * What sits on top (scenario/, library.ts, index.ts, main.ts, check/ and ui/)
 * may use everything. Type-only imports count: they are dependencies too.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const SRC = path.resolve(__dirname, '..', '..', 'src');

const LEAVES = ['protocol', 'faults', 'observe', 'sim', 'accounts', 'errors', 'config', 'atomic-write', 'process-alive'];
const LAYERS = ['node', 'transport', 'coordinator', 'http'];

/** A module's place: its top-level folder, or file without extension, under src/. */
function unitOf(module: string): string {
  return (path.relative(SRC, module).split(path.sep)[0] as string).replace(/\.tsx?$/, '');
}

/** 0 for a leaf, 1–4 for the layers from the bottom, 5 for what sits on top. */
function rank(unit: string): number {
  if (LEAVES.includes(unit)) return 0;
  const layer = LAYERS.indexOf(unit);
  return layer >= 0 ? layer + 1 : 5;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(name) ? [full] : [];
  });
}

/** Every relative module a file imports, re-exports, requires or imports dynamically. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm)].map((m) => m[1] as string);
  return specifiers.filter((s) => s.startsWith('.')).map((s) => path.resolve(path.dirname(file), s));
}

function violations(): string[] {
  const found: string[] = [];
  for (const file of sourceFiles(SRC)) {
    const from = unitOf(file);
    for (const target of importsOf(file)) {
      const to = unitOf(target);
      const upward = rank(to) > rank(from);
      const httpSkipsCoordinator = from === 'http' && (to === 'transport' || to === 'node');
      if (upward || httpSkipsCoordinator) found.push(`${path.relative(SRC, file)} imports ${path.relative(SRC, target)}`);
    }
  }
  return found;
}

describe('import rules of src/', () => {
  it('nothing imports upward, and http/ reaches nodes only through coordinator/', () => {
    expect(violations()).toEqual([]);
  });

  it('the check sees imports of every form (it would catch a violation)', () => {
    const file = path.join(SRC, 'http', 'example.ts');
    const text = "import type { A } from '../node/a';\nexport { B } from \"../transport/b\";\nconst c = require('../coordinator/c');\n";
    const specifiers = [...text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm)].map((m) => path.resolve(path.dirname(file), m[1] as string));
    expect(specifiers.map(unitOf)).toEqual(['node', 'transport', 'coordinator']);
  });

  it('every top-level folder of src/ has a place in the map', () => {
    const units = readdirSync(SRC).filter((n) => statSync(path.join(SRC, n)).isDirectory());
    const known = [...LEAVES, ...LAYERS, 'scenario', 'check', 'ui'];
    expect(units.filter((u) => !known.includes(u))).toEqual([]);
  });
});
