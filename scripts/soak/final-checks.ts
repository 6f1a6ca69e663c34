/**
 * After the chaos: heal everything, then check the cluster is as it was — every node up,
 * every service_tokens file byte-identical, the index still saves, every token
 * authenticating as it should on every node.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { check, type Check } from './check';
import { sleep } from './coordinator-process';
import { SAMPLE_TOKEN, SUPERUSER, TOKEN_PATH } from './http-client';
import { clip, describeOutcome, type Recorder } from './recorder';
import type { TokenModel } from './tokens';

export function serviceTokensFile(dataDir: string, node: string): string {
  return path.join(dataDir, 'nodes', node, 'config', 'service_tokens');
}

export function snapshotFiles(dataDir: string, names: readonly string[]): Map<string, Buffer | null> {
  const out = new Map<string, Buffer | null>();
  for (const n of names) {
    try {
      out.set(n, readFileSync(serviceTokensFile(dataDir, n)));
    } catch {
      out.set(n, null);
    }
  }
  return out;
}

interface Ctx {
  recorder: Recorder;
  names: readonly string[];
  dataDir: string;
  before: Map<string, Buffer | null>;
  tokens: TokenModel;
  timeoutMs: number;
  simTimeoutMs: number;
}

const su = { Authorization: SUPERUSER };

async function allUp(c: Ctx): Promise<Check> {
  let last = '';
  for (let i = 0; i < 30; i++) {
    const o = await c.recorder.request({ kind: 'check: nodes', method: 'GET', path: '/_sim/nodes', headers: su, timeoutMs: c.timeoutMs });
    if (o.status === 200) {
      const nodes = (JSON.parse(o.body) as { nodes: Array<{ name: string; status: string }> }).nodes;
      last = nodes.map((n) => `${n.name} ${n.status}`).join(', ');
      if (nodes.length === c.names.length && nodes.every((n) => n.status === 'up')) return check('every node is up after heal-all', true, last);
    } else last = describeOutcome(o);
    await sleep(500);
  }
  return check('every node is up after heal-all', false, `after 15 s: ${last}`);
}

function filesIdentical(c: Ctx): Check {
  const after = snapshotFiles(c.dataDir, c.names);
  const differ = c.names.filter((n) => {
    const a = c.before.get(n) ?? null;
    const b = after.get(n) ?? null;
    return a === null || b === null ? a !== b : !a.equals(b);
  });
  const show = (b: Buffer | null | undefined) => (b === null || b === undefined ? 'missing' : `${b.length} bytes "${clip(b.toString('utf8'), 60)}"`);
  return check("every node's service_tokens is byte-identical to before", differ.length === 0,
    differ.length === 0 ? `${c.names.length} files` : differ.map((n) => `${n}: was ${show(c.before.get(n))}, now ${show(after.get(n))}`).join('; '));
}

/** `value` on every node: the statuses seen, and whether all were `want`. */
async function authEverywhere(c: Ctx, value: string, want: number): Promise<{ ok: boolean; seen: string }> {
  const seen: string[] = [];
  for (const node of c.names) {
    const o = await c.recorder.request({ kind: 'check: authenticate', method: 'GET', path: '/_security/_authenticate', headers: { Authorization: `Bearer ${value}`, 'X-Sim-Node': node }, timeoutMs: c.timeoutMs });
    seen.push(`${node} ${o.status ?? 'none'}`);
  }
  return { ok: seen.every((s) => s.endsWith(` ${want}`)), seen: seen.join(', ') };
}

async function tokensAsExpected(c: Ctx): Promise<Check[]> {
  const sample = await authEverywhere(c, SAMPLE_TOKEN, 200);
  const out = [check('the sample file token authenticates (200) on every node', sample.ok, sample.seen)];
  const wrong: string[] = [];
  for (const t of c.tokens.live()) {
    const r = await authEverywhere(c, t.value, 200);
    if (!r.ok) wrong.push(`${t.name}: ${r.seen}`);
  }
  out.push(check(`every live index token (${c.tokens.count('live')}) authenticates (200) on every node`, wrong.length === 0, wrong.slice(0, 3).join('; ')));
  const stale: string[] = [];
  for (const t of c.tokens.deletedOnes()) {
    const r = await authEverywhere(c, t.value, 401);
    if (!r.ok) stale.push(`${t.name}: ${r.seen}`);
  }
  out.push(check(`every deleted index token (${c.tokens.count('deleted')}) is rejected (401) on every node once caches are cleared`, stale.length === 0, stale.slice(0, 3).join('; ')));
  return out;
}

export async function finalChecks(c: Ctx): Promise<Check[]> {
  const live = await c.recorder.request({ kind: 'check: liveness', method: 'GET', path: '/', headers: su, timeoutMs: c.timeoutMs });
  if (live.status !== 200) return [check('the coordinator answers after the chaos', false, `${describeOutcome(live)}: the cluster checks were not run`)];
  const out: Check[] = [];
  const heal = await c.recorder.request({ kind: 'check: heal all', method: 'DELETE', path: '/_sim/faults', headers: su, timeoutMs: c.simTimeoutMs });
  out.push(check('heal-all answers 200', heal.status === 200, describeOutcome(heal)));
  const list = await c.recorder.request({ kind: 'check: faults', method: 'GET', path: '/_sim/faults', headers: su, timeoutMs: c.timeoutMs });
  out.push(check('no fault is left active after heal-all', list.status === 200 && list.body.startsWith('{"faults":[]'), describeOutcome(list)));
  out.push(await allUp(c));
  await sleep(300); // the watchers' reload of a healed file (milliseconds, README)
  out.push(filesIdentical(c));
  const write = await c.recorder.request({ kind: 'check: index write', method: 'PUT', path: '/_security/role/soak-final', headers: { ...su, 'Content-Type': 'application/json' }, body: '{"cluster":["monitor"]}', timeoutMs: c.timeoutMs });
  out.push(check('the security index still takes a write (PUT role 200)', write.status === 200, describeOutcome(write)));
  const clear = await c.recorder.request({ kind: 'check: clear cache', method: 'POST', path: `${TOKEN_PATH}/*/_clear_cache?filter_path=_nodes`, headers: su, timeoutMs: c.timeoutMs });
  out.push(check('clearing every cached token succeeds on every node', clear.status === 200 && clear.body.includes(`"successful":${c.names.length},"failed":0`), describeOutcome(clear)));
  out.push(...(await tokensAsExpected(c)));
  return out;
}
