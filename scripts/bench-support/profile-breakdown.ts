/**
 * Where the time of a request goes in this process, from a CPU profile taken with the
 * inspector while a loop runs: every sample is charged to the innermost frame of ours on
 * its stack (a file under dist/ or scripts/), named by layer; samples with no frame of ours
 * are Node's or express's own work (HTTP parsing, IPC reads) or idle time. Counts and
 * shares hold up on a busy machine better than latencies do, since a sample lands where the
 * CPU was whatever else runs meanwhile.
 */
import { Session } from 'node:inspector';

interface CallFrame {
  functionName: string;
  url: string;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

/** A layer, and how to recognise a frame of it: a file under dist/ (or scripts/), optionally one function. */
interface Rule {
  layer: string;
  file: RegExp;
  fn?: RegExp;
}

/** In the order of a request's path; the first rule a frame matches names it. */
export const LAYERS: readonly Rule[] = [
  { layer: 'Basic credentials', file: /\/http\/(authentication|bearer)\.js$/ },
  { layer: 'journal events (record + emit)', file: /\/observe\/journal\.js$/ },
  { layer: 'journal events (record + emit)', file: /\/coordinator\/(cluster|start-coordinator)\.js$/, fn: /^emit$/ },
  { layer: 'journal events (record + emit)', file: /\/http\/app\.js$/, fn: /^journalRequest$/ },
  { layer: 'rendering (filter_path, JSON, headers, write)', file: /\/http\/app\.js$/, fn: /^send$/ },
  { layer: 'rendering (filter_path, JSON, headers, write)', file: /\/http\/(json-format|filter-path)\.js$/ },
  { layer: 'routing + validation (route, params, privileges)', file: /\/http\/app\.js$/, fn: /^(serve|withParams)$/ },
  { layer: 'clock (the fan-out timer, event times)', file: /\/sim\/clock\.js$/ },
  { layer: 'fan-out: send (envelope, IPC write)', file: /\/transport\/ipc-node\.js$/, fn: /^(send|sendToChild)$/ },
  { layer: 'fan-out: send (envelope, IPC write)', file: /\/transport\/(node-channel|fault-legs|fault-plan)\.js$/, fn: /^(request|call|verdict)$/ },
  { layer: 'replies: per node (events, match, resolve)', file: /\/transport\/(ipc-node|node-channel|fault-legs|fault-plan)\.js$/ },
  { layer: 'aggregation (nodes response)', file: /\/coordinator\/(aggregate|token-caches|cluster)\.js$/ },
  { layer: 'routing + validation (route, params, privileges)', file: /\/http\/(routes\/|rest-request|endpoint|authorization|unrecognized-params|media-type|read-body)/ },
  { layer: 'request set-up, body, express routing', file: /\/http\/app\.js$/ },
  { layer: 'bench client (sends, times, checks)', file: /\/scripts\/bench-support\// },
];

const IDLE = 'idle (waiting: nodes, other processes)';
const NODE_OWN = 'Node/express without our frames (HTTP parse, IPC read)';
const GC = 'garbage collection';
const OTHER_OURS = 'other code of ours';

export interface Breakdown {
  /** µs per request by layer, in LAYERS order then the rest; sums to wall time per request. */
  readonly rows: readonly { layer: string; usPerRequest: number; share: number }[];
  readonly samplingUs: number;
  readonly requests: number;
}

/** Runs `loop` (which makes `requests` requests) under the CPU profiler and charges its samples to layers. */
export async function profileBreakdown(requests: number, loop: () => Promise<void>, samplingUs = 50): Promise<Breakdown> {
  const session = new Session();
  session.connect();
  const post = <T>(method: string, params?: object) =>
    new Promise<T>((resolve, reject) => session.post(method, params ?? {}, (err, res) => (err ? reject(err) : resolve(res as T))));
  try {
    await post('Profiler.enable');
    await post('Profiler.setSamplingInterval', { interval: samplingUs });
    await post('Profiler.start');
    let stopped: Promise<{ profile: Profile }> | undefined;
    try {
      await loop();
    } finally {
      stopped = post<{ profile: Profile }>('Profiler.stop');
    }
    return charge((await stopped).profile, requests);
  } finally {
    session.disconnect();
  }
}

function charge(profile: Profile, requests: number): Breakdown {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const layerOf = new Map<number, string>();
  const classify = (id: number): string => {
    const known = layerOf.get(id);
    if (known !== undefined) return known;
    const leaf = (byId.get(id) as ProfileNode).callFrame.functionName;
    let layer: string | undefined = leaf === '(idle)' ? IDLE : leaf === '(garbage collector)' ? GC : undefined;
    for (let cur: number | undefined = id; layer === undefined && cur !== undefined; cur = parent.get(cur)) {
      const f = (byId.get(cur) as ProfileNode).callFrame;
      if (!/\/(dist|scripts)\//.test(f.url)) continue;
      layer = LAYERS.find((r) => r.file.test(f.url) && (r.fn === undefined || r.fn.test(f.functionName)))?.layer ?? OTHER_OURS;
    }
    layer ??= NODE_OWN;
    layerOf.set(id, layer);
    return layer;
  };
  // Each sample stands for the time until the next one (timeDeltas[i + 1]).
  const us = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i + 1] ?? 0;
    total += dt;
    const layer = classify(id);
    us.set(layer, (us.get(layer) ?? 0) + dt);
  });
  const order = [...new Set(LAYERS.map((r) => r.layer)), OTHER_OURS, NODE_OWN, GC, IDLE];
  const rows = order.filter((l) => us.has(l)).map((layer) => ({ layer, usPerRequest: (us.get(layer) ?? 0) / requests, share: (us.get(layer) ?? 0) / (total || 1) }));
  return { rows, samplingUs: total / Math.max(1, profile.samples.length), requests };
}
