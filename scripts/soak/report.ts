/** The soak's printed report: figures, every check with PASS/FAIL, failure samples, and the closing count. */
import type { ChaosFigures } from './chaos';
import type { Check } from './check';
import { mb, type MemorySampler } from './memory';
import type { Recorder } from './recorder';
import type { TokenModel } from './tokens';

export interface Figures {
  seconds: number;
  recorder: Recorder;
  memory: MemorySampler;
  chaos: ChaosFigures | undefined;
  tokens: TokenModel;
  stalledDisconnected: boolean;
}

export function report(f: Figures, checks: Check[], replay: string): { text: string; failed: number } {
  const r = f.recorder;
  const lines: string[] = [];
  lines.push('', '== figures');
  lines.push(`requests: ${r.sent} in ${f.seconds.toFixed(0)} s; hung past timeout: ${r.hung}; 5xx allowed (transport failures): ${r.allowed5xx}; 5xx not allowed: ${r.bad5xx}; unexpected answers: ${r.unexpected}; resets: ${r.resets}; slowest answer: ${Math.round(r.maxMs)} ms`);
  const kinds = [...r.byKind].sort((a, b) => b[1].sent - a[1].sent);
  for (const [kind, k] of kinds.slice(0, 40)) {
    const statuses = [...k.statuses].sort((a, b) => b[1] - a[1]).map(([s, n]) => `${s}×${n}`).join(' ');
    lines.push(`  ${kind.padEnd(36)} ${String(k.sent).padStart(6)}  ${statuses}`);
  }
  if (f.chaos !== undefined) {
    const types = [...f.chaos.byType].sort().map(([t, n]) => `${t}×${n}`).join(' ');
    lines.push(`faults: ${f.chaos.added} added (${types}), ${f.chaos.healed} healed one by one, ${f.chaos.healAll} heal-alls, at most ${f.chaos.maxActive} active at once`);
  }
  lines.push(`index tokens: ${f.tokens.count('live')} live, ${f.tokens.count('deleted')} deleted, ${f.tokens.count('unknown')} unknown (not judged)`);
  const m = f.memory;
  lines.push(`coordinator RSS: first ${mb(m.first)}, max ${mb(m.max)}, last ${mb(m.last)}, growth ${mb(m.max - m.first)} (${m.samples.length} samples)`);
  lines.push(`stalled event-stream reader: ${f.stalledDisconnected ? 'disconnected by the coordinator' : 'still connected at the end'}`);
  lines.push('', '== checks');
  for (const c of checks) lines.push(`${c.ok ? 'PASS' : 'FAIL'}  ${c.name}${c.detail === '' ? '' : `  — ${c.detail}`}`);
  if (r.failures.size > 0) {
    lines.push('', '== failed requests (up to 3 samples each)');
    for (const [what, e] of r.failures) {
      lines.push(`${e.count} × ${what}`);
      for (const s of e.samples) lines.push(`    ${s.request}\n      → ${s.answer}`);
    }
  }
  const failed = checks.filter((c) => !c.ok).length;
  if (failed > 0) lines.push('', `replay the same random choices: ${replay}`);
  lines.push('', `${checks.length - failed} passed, ${failed} failed`);
  return { text: lines.join('\n'), failed };
}
