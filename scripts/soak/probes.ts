/**
 * Targeted probes, each a check with a known right answer: wrong types and too-deep bodies
 * get Elasticsearch's 400 (and the index still saves afterwards), hostile filter_path values
 * are answered in time, a second cluster on the same data dir refuses to start, and a
 * coordinator killed with SIGKILL leaves no node behind, paused or not.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { check, type Check } from './check';
import { CoordinatorProcess, sleep, type StartOptions } from './coordinator-process';
import { nested } from './fuzz-values';
import { send, SUPERUSER, type Outcome } from './http-client';
import { describeOutcome, type Recorder } from './recorder';

const JSON_HEADERS = { Authorization: SUPERUSER, 'Content-Type': 'application/json' };

/** Bodies Elasticsearch rejects with 400 (wrong JSON types; a field of another delay distribution). */
const WRONG_TYPES: Array<{ name: string; path: string; body: string }> = [
  { name: 'a user with "enabled":"no"', path: '/_security/user/soak-typed', body: '{"password":"soak-secret","roles":[],"enabled":"no"}' },
  { name: 'a user with a number as email', path: '/_security/user/soak-typed', body: '{"password":"soak-secret","roles":[],"email":5}' },
  { name: 'a user with an array as full_name', path: '/_security/user/soak-typed', body: '{"password":"soak-secret","roles":[],"full_name":["x"]}' },
  { name: 'a user with a string as metadata', path: '/_security/user/soak-typed', body: '{"password":"soak-secret","roles":[],"metadata":"x"}' },
  { name: 'a role with a string as cluster', path: '/_security/role/soak-typed', body: '{"cluster":"all"}' },
  { name: 'a role with an array as metadata', path: '/_security/role/soak-typed', body: '{"cluster":[],"metadata":[1]}' },
  { name: 'a fixed delay fault with an invalid min_ms', path: '/_sim/faults/soak-typed', body: '{"type":"delay","ms":10,"min_ms":"x"}' },
];

export async function typeProbes(recorder: Recorder, timeoutMs: number): Promise<Check[]> {
  const out: Check[] = [];
  for (const c of WRONG_TYPES) {
    const o = await recorder.request({ kind: 'probe: wrong type', method: 'PUT', path: c.path, headers: JSON_HEADERS, body: c.body, timeoutMs });
    out.push(check(`wrong type rejected with 400: ${c.name}`, o.status === 400, describeOutcome(o)));
    if (o.status === 200) await recorder.request({ kind: 'probe: clean up', method: 'DELETE', path: c.path, headers: JSON_HEADERS, timeoutMs });
  }
  return out;
}

export async function deepNestingProbe(recorder: Recorder, timeoutMs: number): Promise<Check[]> {
  const body = `{"password":"soak-secret","roles":[],"metadata":{"deep":${nested(5000, 'object')}}}`;
  const deep = await recorder.request({ kind: 'probe: deep nesting', method: 'PUT', path: '/_security/user/soak-deep', headers: JSON_HEADERS, body, timeoutMs });
  const after = await recorder.request({ kind: 'probe: write after deep nesting', method: 'PUT', path: '/_security/role/soak-after-deep', headers: JSON_HEADERS, body: '{"cluster":[]}', timeoutMs });
  return [
    check('a body nested 5,000 levels deep is rejected with 400', deep.status === 400, describeOutcome(deep)),
    check('the security index still saves after a too-deep body (next write 200)', after.status === 200, describeOutcome(after)),
  ];
}

const HOSTILE_FILTER_PATHS = [
  { name: '200 × "**." then "**"', value: `${'**.'.repeat(200)}**` },
  { name: '100 × "*" then "q"', value: `${'*'.repeat(100)}q` },
];

/** Hostile filter_path values, with and without credentials; then the coordinator must still answer. */
export async function filterPathProbes(recorder: Recorder, timeoutMs: number): Promise<Check[]> {
  const out: Check[] = [];
  for (const f of HOSTILE_FILTER_PATHS) {
    for (const auth of [{ Authorization: SUPERUSER }, {}] as Array<Record<string, string>>) {
      const who = 'Authorization' in auth ? 'as superuser' : 'unauthenticated';
      const o = await recorder.request({ kind: 'probe: hostile filter_path', method: 'GET', path: `/?filter_path=${encodeURIComponent(f.value)}`, headers: auth, timeoutMs });
      out.push(check(`filter_path ${f.name} (${who}) answered within ${timeoutMs} ms, no 5xx`, o.status !== null && o.status < 500, describeOutcome(o)));
      if (o.status === null) break; // the coordinator is stuck or gone: asking again proves nothing more
    }
  }
  const live = await recorder.request({ kind: 'probe: liveness', method: 'GET', path: '/', headers: { Authorization: SUPERUSER }, timeoutMs });
  out.push(check('the coordinator still answers after hostile filter_path values', live.status === 200, describeOutcome(live)));
  return out;
}

/** A second cluster on the same data dir must exit non-zero, naming the dir and the holder's pid. */
export async function dataDirLockProbe(base: StartOptions, holderPid: number): Promise<Check> {
  const name = 'a second cluster on the same data dir refuses to start, naming the dir and the holder pid';
  let second: CoordinatorProcess;
  try {
    second = await CoordinatorProcess.start({ ...base, nodes: 1 }, 30_000);
  } catch (err) {
    const text = (err as Error).message;
    const exitedNonZero = /exited \(code [1-9]/.test(text);
    const named = text.includes(base.dataDir) && text.includes(String(holderPid));
    return check(name, exitedNonZero && named, text.split('\n').slice(0, 3).join(' | '));
  }
  const port = second.port;
  await second.stop(10_000);
  const left = await CoordinatorProcess.waitGone(() => second.leftovers(), 5_000);
  second.killEverything();
  return check(name, false, `it started on port ${port} with the same data dir${left.length > 0 ? `; left pids ${left.join(', ')}` : ''}`);
}

/**
 * A cluster in its own session (as a process manager starts one), one node paused, its
 * coordinator killed with SIGKILL: within 5 s no node process may be left.
 */
export async function killedCoordinatorProbe(base: StartOptions, timeoutMs: number): Promise<Check> {
  const name = 'a coordinator killed with SIGKILL (one node paused) leaves no node process';
  const dataDir = mkdtempSync(path.join(tmpdir(), 'soak-crash-'));
  try {
    const c = await CoordinatorProcess.start({ ...base, dataDir, nodes: 2, detached: true });
    const o: Outcome = await send(c.port, { kind: 'probe', method: 'PUT', path: '/_sim/faults/soak-pause', headers: JSON_HEADERS, body: '{"type":"pause","nodes":["node-2"]}', timeoutMs });
    c.scanChildren();
    await c.kill();
    const left = await CoordinatorProcess.waitGone(() => c.leftovers(), 5_000);
    c.killEverything();
    await sleep(100);
    return check(name, o.status === 200 && left.length === 0, o.status !== 200 ? `pause fault: ${describeOutcome(o)}` : left.length === 0 ? `nodes ${[...c.nodePids].join(', ')} gone` : `left: pids ${left.join(', ')} (killed by the soak now)`);
  } catch (err) {
    return check(name, false, (err as Error).message);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
