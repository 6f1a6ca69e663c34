/**
 * The load the faults are added under: bearer authentication (the sample file token and the
 * index tokens the soak creates, on a random or named node), clear-cache requests, and a
 * token lifecycle (create, use, delete). Answers under faults vary (200, 401, 503 ...); what
 * must never happen is a hang or a 5xx Elasticsearch would not give.
 */
import type { Random } from '../../src/sim/random';
import { SAMPLE_TOKEN, SUPERUSER, TOKEN_PATH } from './http-client';
import { pick } from './fuzz-values';
import type { Recorder } from './recorder';
import type { TokenModel } from './tokens';

export interface LoadContext {
  random: Random;
  recorder: Recorder;
  tokens: TokenModel;
  names: readonly string[];
  timeoutMs: number;
  until: () => boolean;
  sleep: (ms: number) => Promise<void>;
}

/** Authentication load: the sample token or a live index token, half the time on a named node. */
export async function authLoad(c: LoadContext): Promise<void> {
  while (!c.until()) {
    const live = c.tokens.live();
    const token = live.length > 0 && c.random.next() < 0.4 ? pick(c.random, live).value : SAMPLE_TOKEN;
    const headers: Record<string, string> = { Authorization: `Bearer ${token}` };
    if (c.random.next() < 0.5) headers['X-Sim-Node'] = pick(c.random, c.names);
    await c.recorder.request({ kind: 'load: authenticate', method: 'GET', path: '/_security/_authenticate', headers, timeoutMs: c.timeoutMs }, (o) => o.status === 200 || o.status === 401);
  }
}

/** Clear-cache load: one token, a list, or every token of the account. */
export async function clearLoad(c: LoadContext): Promise<void> {
  while (!c.until()) {
    const names = pick(c.random, ['*', '_all', 'token1', 'token1,soak-1', `soak-${c.random.int(30)}`]);
    await c.recorder.request({ kind: 'load: clear cache', method: 'POST', path: `${TOKEN_PATH}/${names}/_clear_cache`, headers: { Authorization: SUPERUSER }, timeoutMs: c.timeoutMs }, 200);
    await c.sleep(c.random.int(100));
  }
}

/** Creates index tokens, keeps up to 20, deletes a random one now and then. */
export async function tokenLifecycle(c: LoadContext): Promise<void> {
  let n = 0;
  const headers = { Authorization: SUPERUSER };
  while (!c.until()) {
    const live = c.tokens.live();
    if (live.length > 0 && (live.length >= 20 || c.random.next() < 0.4)) {
      const { name } = pick(c.random, live);
      const o = await c.recorder.request({ kind: 'load: delete token', method: 'DELETE', path: `${TOKEN_PATH}/${name}`, headers, timeoutMs: c.timeoutMs }, (r) => [200, 404, 503].includes(r.status ?? 0));
      c.tokens.deleted(name, o.status === 200 || o.status === 404 ? true : undefined);
    } else {
      const name = `soak-${++n}`;
      const epoch = c.tokens.begin();
      const o = await c.recorder.request({ kind: 'load: create token', method: 'POST', path: `${TOKEN_PATH}/${name}`, headers, timeoutMs: c.timeoutMs }, (r) => r.status === 200 || r.status === 503);
      if (o.status === 200) {
        const value = (JSON.parse(o.body) as { token: { value: string } }).token.value;
        c.tokens.created(name, value, epoch);
      }
    }
    await c.sleep(50 + c.random.int(300));
  }
}
