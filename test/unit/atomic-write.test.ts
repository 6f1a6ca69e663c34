import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writeFileAtomic, writeFileAtomicSync } from '../../src/atomic-write';

describe('write-to-temp-then-rename', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'sim-atomic-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('a save that fails leaves no temp file behind (sync and async)', async () => {
    const target = path.join(dir, 'target');
    mkdirSync(target);
    writeFileSync(path.join(target, 'inside'), 'x'); // rename() over a non-empty folder fails
    expect(() => writeFileAtomicSync(target, 'new')).toThrow();
    await expect(writeFileAtomic(target, 'new')).rejects.toThrow();
    expect(readdirSync(dir)).toEqual(['target']);
  });
});
