/**
 * One seeded run of an experiment, on an in-process cluster with a manual clock, so that
 * nothing waits in real time: create the token, authenticate with it on every node (every
 * cache holds it), add the faults, start the revocation without waiting for it, then move
 * the clock to each probe time — counted from the revocation's commit — and ask every node
 * to authenticate the token (the request `X-Sim-Node` sends to that node). The run's journal
 * goes through the checker's reducer, which measures each node's windows.
 */
import { readFileSync } from 'node:fs';
import { hashSecret, rememberVerifications, verifySecret } from '../accounts';
import { deleteIndexToken } from '../coordinator/index-tokens';
import type { Cluster } from '../coordinator/cluster';
import type { PresentedToken } from '../protocol';
import { SAMPLE_SERVICE_TOKENS, startCoordinator } from '../coordinator/start-coordinator';
import { parseFaultSpec } from '../faults';
import type { Experiment } from './experiment-file';
import { emptyView, reduce, summarize } from './journal-view';

/** What one run measured. */
export interface RunResult {
  seed: number;
  /** Per probe time, per node: did the node refuse the token then? */
  rejected: boolean[][];
  /** Last acceptance after the commit on any node (ms; 0: none). */
  exposureMs: number;
  /** When the last node stopped accepting (ms after the commit); null: not by the last probe. */
  convergenceMs: number | null;
  violations: number;
}

const INDEX_TOKEN = { namespace: 'elastic', service: 'fleet-server', tokenName: 'experiment' };
/** Experiments need a secret, not a secure one: secrets never reach the journal or the results. */
const INDEX_SECRET = 'experiment-secret-0123456789';
const FILE_TOKEN = { namespace: 'elastic', service: 'fleet-server', tokenName: 'token1', secret: 'r5wdbdboQSe9vGOKwaJGAw' };
const SAMPLE = readFileSync(SAMPLE_SERVICE_TOKENS, 'utf8');

let indexHash: Promise<string> | undefined;

/**
 * Hashes the experiment's index token once per process and remembers verifications: a
 * verification is a pure function of (hash, secret), and PBKDF2's ~6 ms each would otherwise
 * be most of a run. Once warm, a whole run is microtasks on one thread.
 */
export function prepareExperimentProcess(): Promise<string> {
  rememberVerifications(true);
  indexHash ??= hashSecret(INDEX_SECRET).then(async (hash) => {
    await verifySecret(INDEX_SECRET, hash);
    const fileHash = /:(\S+)/.exec(SAMPLE)?.[1];
    if (fileHash !== undefined) await verifySecret(FILE_TOKEN.secret, fileHash);
    return hash;
  });
  return indexHash;
}

/** Lets every message that needs no clock movement arrive (in-process nodes answer in microtasks). */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function runOnce(exp: Experiment, seed: number, options: { journal?: string } = {}): Promise<RunResult> {
  const hash = await prepareExperimentProcess();
  // The coordinator's cluster, not the library's wrapper: building the wrapper's express app
  // (3.4 ms, measured) would cost more than the whole run; nothing here goes through HTTP.
  const cluster = await startCoordinator({ nodes: exp.nodes, seed, serviceTokens: SAMPLE, ...exp.settings, ...(options.journal === undefined ? {} : { journal: options.journal }) });
  try {
    return await drive(cluster, exp, seed, hash);
  } finally {
    await cluster.stop();
  }
}

async function drive(cluster: Cluster, exp: Experiment, seed: number, hash: string): Promise<RunResult> {
  const view = emptyView();
  for (const entry of cluster.journal.since(0)) reduce(view, entry);
  const unsubscribe = cluster.journal.subscribe((entry) => reduce(view, entry));
  const names = cluster.nodes().map((n) => n.info.name);
  const token = exp.revoke.action === 'remove-file-token' ? FILE_TOKEN : { ...INDEX_TOKEN, secret: INDEX_SECRET };
  if (exp.revoke.action !== 'remove-file-token') createIndexToken(cluster, hash);
  await settle();
  await authenticateEverywhere(cluster, names, token);
  for (const [i, fault] of exp.faults.entries()) await cluster.faults.add(`fault-${i + 1}`, parseFaultSpec(fault, names));
  await settle();

  const commitMs = cluster.clock.now();
  const revocation = revoke(cluster, exp, token.tokenName);
  const rejected: boolean[][] = [];
  for (const step of schedule(exp)) {
    cluster.advance(commitMs + step.t - cluster.clock.now());
    const answers = authenticateEverywhere(cluster, names, token);
    if (step.probe) rejected.push(await answers);
    else await answers;
  }
  const endMs = cluster.clock.now();
  await finish(cluster, revocation, cluster.config.fanOutTimeoutMs);
  unsubscribe();

  const windows = summarize(view, endMs).filter((w) => w.token === `elastic/fleet-server/${token.tokenName}`);
  const convergence = windows.map((w) => w.convergenceMs);
  return {
    seed,
    rejected,
    exposureMs: Math.max(0, ...windows.map((w) => w.exposureMs ?? 0)),
    convergenceMs: convergence.some((c) => c === null) ? null : Math.max(0, ...(convergence as number[])),
    violations: view.violations.length,
  };
}

function createIndexToken(cluster: Cluster, hash: string): void {
  const key = `${INDEX_TOKEN.namespace}/${INDEX_TOKEN.service}/${INDEX_TOKEN.tokenName}`;
  const creator = { principal: 'elastic', full_name: null, email: null, metadata: {}, realm: 'reserved', realm_type: 'reserved' };
  cluster.securityIndex.createToken(key, { username: 'elastic/fleet-server', name: INDEX_TOKEN.tokenName, creator, password: hash });
  cluster.emit({ type: 'token.created', token: key });
}

/**
 * Asks every node at once and waits one turn: an answer that needs the clock to move (a
 * delayed or lost message) is not there yet, and counts as "not rejected" at this time.
 */
async function authenticateEverywhere(cluster: Cluster, names: string[], token: PresentedToken): Promise<boolean[]> {
  const rejected = names.map(() => false);
  const settledAt = names.map(() => false);
  names.forEach((name, i) => {
    void cluster.requireNode(name).request({ type: 'authenticate', token }, cluster.config.fanOutTimeoutMs).then((r) => {
      settledAt[i] = true;
      rejected[i] = !(r.ok && r.value.result === 'success');
    });
  });
  await settle();
  return rejected.map((r, i) => settledAt[i] === true && r);
}

/** Starts the revocation; its commit (the document deleted, the file written) happens before this returns. */
function revoke(cluster: Cluster, exp: Experiment, tokenName: string): Promise<unknown> {
  switch (exp.revoke.action) {
    case 'delete-index-token':
      return deleteIndexToken(cluster, INDEX_TOKEN.namespace, INDEX_TOKEN.service, tokenName);
    case 'delete-security-index':
      cluster.securityIndex.deleteIndex();
      return Promise.resolve();
    case 'remove-file-token':
      return Promise.all(exp.revoke.nodes.map((node) => cluster.writeServiceTokens(node, '')));
  }
}

/** Probe times and workload times after the commit, in order (a probe wins a tie). */
function schedule(exp: Experiment): { t: number; probe: boolean }[] {
  const steps = exp.probesMs.map((t) => ({ t, probe: true }));
  if (exp.workload !== null) {
    const period = 1000 / exp.workload.authPerNodePerS;
    const last = exp.probesMs[exp.probesMs.length - 1]!;
    for (let t = period; t < last; t += period) if (!exp.probesMs.includes(t)) steps.push({ t, probe: false });
  }
  return steps.sort((a, b) => a.t - b.t || Number(b.probe) - Number(a.probe));
}

/** Moves the clock until the revocation answered (fan-out timeouts bound it). */
async function finish(cluster: Cluster, revocation: Promise<unknown>, timeoutMs: number): Promise<void> {
  let done = false;
  void revocation.then(
    () => (done = true),
    () => (done = true),
  );
  await settle();
  for (let i = 0; i < 100 && !done; i++) {
    cluster.advance(timeoutMs);
    await settle();
  }
}
