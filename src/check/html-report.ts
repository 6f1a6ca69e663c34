/**
 * The experiment report as one self-contained HTML file (inline SVG and CSS, no script, nothing
 * loaded from any host), to open from disk: the t-visibility curve with the TTL marked, the
 * exposure and convergence ECDFs on a log axis, each node's picture, the "nines" line, the
 * worst runs with their replay command, and the experiment file itself.
 */
import type { Experiment } from './experiment-file';
import type { ExperimentResult } from './experiment';
import { nines } from './nines';
import type { RunResult } from './run-once';

const W = 640;
const H = 260;
const PAD = { left: 56, right: 16, top: 16, bottom: 40 };
const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];

type Point = [number, number];
interface Series {
  name: string;
  points: Point[];
  step?: boolean;
}

export function htmlReport(r: ExperimentResult, exp: Experiment, runs: readonly RunResult[] = []): string {
  const maxT = Math.max(r.ttl_ms, ...r.t_visibility.map((p) => p.t_ms));
  const visibility: Series = { name: 'rejected on every node', points: r.t_visibility.map((p) => [p.t_ms, p.rejected_everywhere]) };
  const exposures = runs.map((x) => x.exposureMs);
  const convergences = runs.map((x) => x.convergenceMs ?? maxT * 10);
  const worst = r.worst_runs
    .map((w) => `<tr><td>${w.seed}</td><td>${w.exposure_ms} ms</td><td>${w.convergence_ms === null ? 'not by the last probe' : `${w.convergence_ms} ms`}</td><td>${w.violations}</td><td><code>${esc(w.replay)}</code></td></tr>`)
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(r.experiment)}: token revocation staleness</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:${W + 40}px;color:#222}
h1{font-size:1.4em}h2{font-size:1.1em;margin-top:2em}
.nines{font-size:1.15em;background:#f3f6fa;border-left:4px solid #1f77b4;padding:.6em .9em}
table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ddd;padding:3px 7px;text-align:right}
pre{background:#f6f6f6;padding:.8em;overflow:auto}svg text{font:11px system-ui,sans-serif;fill:#444}
.bad{color:#b00;font-weight:bold}
</style></head><body>
<h1>${esc(r.experiment)}</h1>
<p>${r.runs} runs, seed ${r.seed}, ${r.nodes} nodes, token cache TTL ${r.ttl_ms} ms.
<span class="${r.violations > 0 ? 'bad' : ''}">${r.violations} violations.</span></p>
<p class="nines">${esc(nines(r))}</p>
<h2>How long after the revocation is the token refused everywhere?</h2>
<p>Fraction of runs in which every node refused the revoked token, t ms after the revocation was committed (log axis; the TTL is marked).</p>
${chart([visibility], { maxX: maxT, yLabel: 'fraction of runs', xLabel: 'ms after the commit', marks: [{ x: r.ttl_ms, label: 'TTL' }] })}
<h2>Exposure and convergence, run by run</h2>
<p>ECDF over runs (log axis): <b>exposure</b> — the last time any node accepted the token; <b>convergence</b> — when the last node stopped accepting it.</p>
${runs.length === 0 ? '<p>(no per-run data)</p>' : chart([ecdf('exposure', exposures), ecdf('convergence', convergences)], { maxX: maxT, yLabel: 'fraction of runs ≤ x', xLabel: 'ms after the commit', marks: [{ x: r.ttl_ms, label: 'TTL' }] })}
<h2>Each node</h2>
<p>Fraction of runs in which that node refused the token at each probe.</p>
${perNode(r)}
<h2>Worst runs</h2>
<table><tr><th>run seed</th><th>exposure</th><th>convergence</th><th>violations</th><th>replay (then <code>npm run check -- run-SEED.jsonl</code>)</th></tr>${worst}</table>
<h2>The experiment</h2>
<pre>${esc(exp.source)}</pre>
<p>Exposure p50 ${r.exposure_ms.p50} ms, p99 ${r.exposure_ms.p99} ms, max ${r.exposure_ms.max} ms; ${r.runs_per_second} runs/s.</p>
</body></html>
`;
}

function ecdf(name: string, values: readonly number[]): Series {
  const sorted = [...values].sort((a, b) => a - b);
  const points: Point[] = [];
  sorted.forEach((v, i) => {
    if (i + 1 < sorted.length && sorted[i + 1] === v) return;
    points.push([v, (i + 1) / sorted.length]);
  });
  return { name, points, step: true };
}

/** x on a log scale that keeps 0: log10(1 + ms). */
function xScale(maxX: number): (x: number) => number {
  const span = Math.log10(1 + maxX);
  return (x) => PAD.left + (Math.log10(1 + Math.max(0, Math.min(x, maxX))) / span) * (W - PAD.left - PAD.right);
}

function chart(series: Series[], o: { maxX: number; xLabel: string; yLabel: string; marks: { x: number; label: string }[] }): string {
  const sx = xScale(o.maxX);
  const sy = (y: number) => H - PAD.bottom - y * (H - PAD.top - PAD.bottom);
  const parts: string[] = [];
  for (let d = 0; 10 ** d <= o.maxX * 1.0001; d++) {
    const x = sx(10 ** d);
    parts.push(`<line x1="${x}" y1="${sy(0)}" x2="${x}" y2="${sy(1)}" stroke="#eee"/><text x="${x}" y="${H - PAD.bottom + 14}" text-anchor="middle">${fmtMs(10 ** d)}</text>`);
  }
  for (const y of [0, 0.25, 0.5, 0.75, 1]) parts.push(`<line x1="${PAD.left}" y1="${sy(y)}" x2="${W - PAD.right}" y2="${sy(y)}" stroke="#eee"/><text x="${PAD.left - 6}" y="${sy(y) + 4}" text-anchor="end">${y}</text>`);
  for (const m of o.marks) {
    const x = sx(m.x);
    parts.push(`<line x1="${x}" y1="${sy(0)}" x2="${x}" y2="${sy(1)}" stroke="#b00" stroke-dasharray="4 3"/><text x="${x - 4}" y="${sy(1) + 12}" text-anchor="end" fill="#b00">${esc(m.label)}</text>`);
  }
  series.forEach((s, i) => {
    const color = COLORS[i % COLORS.length];
    const pts: Point[] = [];
    let prevY = 0;
    for (const [x, y] of s.points) {
      if (s.step) pts.push([x, prevY]);
      pts.push([x, y]);
      prevY = y;
    }
    if (s.step) pts.push([o.maxX, prevY]);
    parts.push(`<polyline fill="none" stroke="${color}" stroke-width="2" points="${pts.map(([x, y]) => `${sx(x).toFixed(1)},${sy(y).toFixed(1)}`).join(' ')}"/>`);
    if (!s.step) for (const [x, y] of s.points) parts.push(`<circle cx="${sx(x).toFixed(1)}" cy="${sy(y).toFixed(1)}" r="3" fill="${color}"/>`);
    parts.push(`<rect x="${PAD.left + 8}" y="${PAD.top + 4 + i * 16}" width="10" height="10" fill="${color}"/><text x="${PAD.left + 22}" y="${PAD.top + 13 + i * 16}">${esc(s.name)}</text>`);
  });
  parts.push(`<text x="${(W + PAD.left) / 2}" y="${H - 6}" text-anchor="middle">${esc(o.xLabel)}</text>`);
  parts.push(`<text transform="translate(14 ${(H - PAD.bottom) / 2 + PAD.top}) rotate(-90)" text-anchor="middle">${esc(o.yLabel)}</text>`);
  parts.push(`<line x1="${PAD.left}" y1="${sy(0)}" x2="${W - PAD.right}" y2="${sy(0)}" stroke="#888"/><line x1="${PAD.left}" y1="${sy(0)}" x2="${PAD.left}" y2="${sy(1)}" stroke="#888"/>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img">${parts.join('')}</svg>`;
}

/** One row per node, one cell per probe, shaded by the fraction of runs in which that node refused. */
function perNode(r: ExperimentResult): string {
  const nodes = Object.keys(r.t_visibility[0]?.rejected_per_node ?? {});
  const shown = nodes.length > 20 ? [...nodes.slice(0, 10), ...nodes.slice(-5)] : nodes;
  const head = r.t_visibility.map((p) => `<th>${fmtMs(p.t_ms)}</th>`).join('');
  const rows = shown
    .map((n) => {
      const cells = r.t_visibility
        .map((p) => {
          const f = p.rejected_per_node[n] ?? 0;
          const shade = Math.round(255 - f * 140);
          return `<td style="background:rgb(${shade},${Math.round(200 + f * 55)},${shade})">${(f * 100).toFixed(1)} %</td>`;
        })
        .join('');
      return `<tr><th>${esc(n)}</th>${cells}</tr>`;
    })
    .join('');
  return `<table><tr><th>node \\ t</th>${head}</tr>${rows}</table>${shown.length < nodes.length ? `<p>(${nodes.length - shown.length} nodes not shown)</p>` : ''}`;
}

function fmtMs(ms: number): string {
  if (ms >= 60_000 && ms % 60_000 === 0) return `${ms / 60_000} min`;
  if (ms >= 1000 && ms % 1000 === 0) return `${ms / 1000} s`;
  return `${ms} ms`;
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
