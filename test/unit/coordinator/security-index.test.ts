/**
 * Every write to the simulated `.security` index is all-or-nothing: a save that fails leaves
 * memory and disk as they were, the next write works, and a restart reads what was saved.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writeFileAtomicSync } from '../../../src/atomic-write';
import { SecurityIndex, type UserDocument } from '../../../src/coordinator/security-index';

const CREATOR = { principal: 'elastic', full_name: null, email: null, metadata: {}, realm: 'reserved', realm_type: 'reserved' };
const user = (username: string, metadata: Record<string, unknown> = {}): UserDocument => ({
  username, password: 'hash', roles: ['viewer'], full_name: null, email: null, metadata, enabled: true,
});

describe('the security index saves all or nothing', () => {
  let dir: string;
  let file: string;
  let failNext: boolean;
  const open = () => {
    let n = 0;
    return new SecurityIndex({
      file,
      newUuid: () => `uuid-${++n}`,
      now: () => 1_700_000_000_000,
      write: (f, text) => {
        if (failNext) {
          failNext = false;
          throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
        }
        writeFileAtomicSync(f, text);
      },
    });
  };
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'sim-index-'));
    file = path.join(dir, 'security-index.json');
    failNext = false;
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('a failed save changes nothing in memory or on disk, and the next write works', () => {
    const index = open();
    index.createToken('elastic/fleet-server/a', { username: 'elastic/fleet-server', name: 'a', creator: CREATOR, password: 'h' });
    const before = readFileSync(file, 'utf8');
    const state = index.state();

    failNext = true;
    expect(() => index.putUser(user('alice'))).toThrow('ENOSPC');
    expect(index.getUser('alice')).toBeUndefined();
    failNext = true;
    expect(() => index.deleteToken('elastic/fleet-server/a')).toThrow('ENOSPC');
    expect(index.tokenNames('elastic/fleet-server')).toEqual(['a']);
    failNext = true;
    expect(() => index.setHealth('red')).toThrow('ENOSPC');
    expect(index.state()).toEqual(state);
    expect(readFileSync(file, 'utf8')).toBe(before);

    expect(index.putUser(user('bob'))).toBe(true);
    expect(index.allUsers().map((u) => u.username)).toEqual(['bob']);
  });

  it('a failed first write does not create the index either', () => {
    const index = open();
    const changes: unknown[] = [];
    index.onStateChange((s) => changes.push(s));
    failNext = true;
    expect(() => index.putRole('r', { cluster: ['monitor'] })).toThrow('ENOSPC');
    expect(index.exists).toBe(false);
    expect(changes).toEqual([]);
  });

  it('a value that cannot be serialized is refused whole, and a token deleted afterwards stays deleted after a restart', () => {
    const index = open();
    index.createToken('elastic/fleet-server/a', { username: 'elastic/fleet-server', name: 'a', creator: CREATOR, password: 'h' });
    expect(() => index.putUser(user('mallory', { n: BigInt(1) }))).toThrow(TypeError);
    expect(index.getUser('mallory')).toBeUndefined();
    expect(index.deleteToken('elastic/fleet-server/a')).toBe(true);

    const restarted = open();
    expect(restarted.getTokenHash('elastic/fleet-server/a')).toBeNull();
    expect(restarted.getUser('mallory')).toBeUndefined();
  });
});
