/**
 * Fault chaos: adds random faults (several at once, often on the same node), heals them one
 * by one in random order, now and then heals everything at once. Every add and heal is a
 * request like any other: it must answer in time and never with a 5xx. It tells the token
 * model when the security index was deleted, since that deletes every index token.
 */
import type { Random } from '../../src/sim/random';
import { nodeCannotStart } from './allowed-5xx';
import { SUPERUSER } from './http-client';
import { randomFault } from './fault-gen';
import { pick } from './fuzz-values';
import type { Recorder } from './recorder';
import type { TokenModel } from './tokens';

/** Process faults start node processes: they get more time than a fan-out. */
export const SIM_TIMEOUT_MS = 30_000;
const MAX_ACTIVE = 5;

export interface ChaosFigures {
  added: number;
  healed: number;
  healAll: number;
  byType: Map<string, number>;
  maxActive: number;
}

export async function runChaos(o: {
  random: Random;
  recorder: Recorder;
  tokens: TokenModel;
  names: readonly string[];
  fanOutTimeoutMs: number;
  until: () => boolean;
  sleep: (ms: number) => Promise<void>;
}): Promise<ChaosFigures> {
  const figures: ChaosFigures = { added: 0, healed: 0, healAll: 0, byType: new Map(), maxActive: 0 };
  const active: string[] = [];
  let n = 0;
  const hot = pick(o.random, o.names);
  const headers = { Authorization: SUPERUSER, 'Content-Type': 'application/json' };
  while (!o.until()) {
    const roll = o.random.next();
    if (roll < 0.08 && active.length > 0) {
      await o.recorder.request({ kind: 'chaos: heal all', method: 'DELETE', path: '/_sim/faults', headers, timeoutMs: SIM_TIMEOUT_MS }, 200);
      active.length = 0;
      figures.healAll++;
    } else if (roll < 0.55 || active.length >= MAX_ACTIVE) {
      if (active.length === 0) continue;
      const id = active.splice(o.random.int(active.length), 1)[0] as string;
      await o.recorder.request({ kind: 'chaos: heal', method: 'DELETE', path: `/_sim/faults/${id}`, headers, timeoutMs: SIM_TIMEOUT_MS }, (r) => r.status === 200 || nodeCannotStart(r));
      figures.healed++;
    } else {
      const id = `soak-${++n}`;
      const spec = randomFault(o.random, o.names, hot, o.fanOutTimeoutMs);
      const deletesIndex = spec.type === 'security-index' && spec.action === 'delete';
      if (deletesIndex) o.tokens.indexDeleteStarted();
      // 404 index_not_found_exception: a security-index fault while the index does not exist (README).
      const res = await o.recorder.request({ kind: `chaos: add ${String(spec.type)}`, method: 'PUT', path: `/_sim/faults/${id}`, headers, body: JSON.stringify(spec), timeoutMs: SIM_TIMEOUT_MS }, (r) => r.status === 200 || (spec.type === 'security-index' && r.status === 404) || (spec.type === 'restart' && nodeCannotStart(r)));
      if (deletesIndex) o.tokens.indexDeleteEnded(res.status === 200 ? 'applied' : res.status === null ? 'unknown' : 'refused');
      if (res.status === 200 || (spec.type === 'restart' && nodeCannotStart(res))) {
        // A restart is over once it answered: journaled as added and healed, never listed.
        if (spec.type !== 'restart') active.push(id);
        figures.added++;
        figures.byType.set(String(spec.type), (figures.byType.get(String(spec.type)) ?? 0) + 1);
        figures.maxActive = Math.max(figures.maxActive, active.length);
      }
    }
    await o.sleep(50 + o.random.int(700));
  }
  return figures;
}
