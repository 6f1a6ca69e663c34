/**
 * `npm start`: parse flags, start a cluster of real node processes, serve the REST API,
 * print where it is and how to use it (and, with --ready-file, tell a machine the same as
 * JSON), and stop every node on SIGINT/SIGTERM. The only file that reads process.argv and
 * process.env.
 */
import { rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { writeFileAtomicSync } from './atomic-write';
import { helpText, parseFlags, resolveConfig, type ClusterConfig } from './config';
import { startCoordinator } from './coordinator/start-coordinator';
import type { Cluster } from './coordinator/cluster';
import { buildApp } from './http/app';
import { createEsServer } from './http/es-server';
import { onParentGone } from './parent-watch';
import { randomSeed } from './sim/random';

/** Nodes listed in the start summary; a larger cluster's others are counted. */
const LISTED_NODES = 3;

function summary(cluster: Cluster, url: string): string {
  const c = cluster.config;
  const all = cluster.nodes();
  const nodes = all.slice(0, all.length > LISTED_NODES + 1 ? LISTED_NODES : all.length).map((n) => `  ${n.info.name}  id ${n.info.id}  pid ${n.pid}`);
  if (nodes.length < all.length) nodes.push(`  … ${all.length - nodes.length} more: npm run sim -- nodes`);
  return [
    `es-token-cache-sim: cluster [${c.clusterName}] with ${all.length} nodes is ready at ${url}`,
    ...nodes,
    `superuser: elastic / ${c.elasticPassword === 'changeme' ? 'changeme (set ELASTIC_PASSWORD to change it)' : '(from ELASTIC_PASSWORD)'}`,
    `data dir: ${c.dataDir}`,
    `seed: ${c.seed} (replay with --seed ${c.seed})${c.journal === undefined ? '' : `; journal: ${c.journal}`}`,
    'in another terminal, point the examples and CLIs at this cluster:',
    `  export ES_URL=${url}`,
    'then clear every cached token of elastic/fleet-server on every node:',
    `  curl -s -u elastic:${c.elasticPassword === 'changeme' ? 'changeme' : '$ELASTIC_PASSWORD'} -X POST "$ES_URL/_security/service/elastic/fleet-server/credential/token/*/_clear_cache?pretty"`,
    'Ctrl-C stops the cluster.',
  ].join('\n');
}

/** What --ready-file holds: enough for a test harness to use the cluster without parsing text. */
function readyJson(cluster: Cluster, url: string, port: number): string {
  const nodes = cluster.nodes().map((n) => ({ name: n.info.name, id: n.info.id, pid: n.pid }));
  const ready = { url, port, pid: process.pid, seed: cluster.config.seed, nodes, data_dir: path.resolve(cluster.config.dataDir) };
  return `${JSON.stringify(ready, null, 2)}\n`;
}

/** `starting nodes 37/100`: one line rewritten in place on a terminal, a line per tenth otherwise. */
function progress(total: number): ((started: number) => void) | undefined {
  if (total < 10) return undefined;
  const tty = process.stderr.isTTY === true;
  return (started) => {
    if (tty) process.stderr.write(`\rstarting nodes ${started}/${total}${started === total ? '\n' : ''}`);
    else if (started % Math.ceil(total / 10) === 0 || started === total) process.stderr.write(`starting nodes ${started}/${total}\n`);
  };
}

function parse(argv: string[]): ClusterConfig {
  try {
    const flags = parseFlags(argv);
    return resolveConfig({ ...flags, seed: flags.seed ?? randomSeed(), elasticPassword: process.env.ELASTIC_PASSWORD });
  } catch (err) {
    process.stderr.write(`es-token-cache-sim: ${(err as Error).message}\n(npm start -- --help lists every flag)\n`);
    process.exit(2);
  }
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${helpText()}\n`);
    process.exit(0);
  }
  const config = parse(argv);
  const show = progress(config.nodes);
  const cluster = await startCoordinator({ ...config, host: 'process', onNodeStarted: show && ((n) => show(n)) });
  const server = createEsServer(buildApp({ cluster }));
  server.listen(config.port, config.host);
  const readyFile = config.readyFile === undefined ? undefined : path.resolve(config.readyFile);
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    if (readyFile !== undefined) rmSync(readyFile, { force: true });
    server.close();
    await cluster.stop();
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  onParentGone(() => void stop(0));
  server.on('error', (err: NodeJS.ErrnoException) => {
    const hint = err.code === 'EADDRINUSE' ? ` (port ${config.port} is in use: pass --port 0 for any free port)` : '';
    process.stderr.write(`es-token-cache-sim: cannot listen on ${config.host}:${config.port}: ${err.message}${hint}\n`);
    void stop(1);
  });
  server.on('listening', () => {
    const { port } = server.address() as AddressInfo;
    const url = `http://${config.host}:${port}`;
    // Written whole under a temporary name and renamed: a reader never sees half of it.
    if (readyFile !== undefined) writeFileAtomicSync(readyFile, readyJson(cluster, url, port), 0o644);
    process.stdout.write(`${summary(cluster, url)}\n`);
  });
}

main().catch((err: unknown) => {
  process.stderr.write(`es-token-cache-sim: ${(err as Error).message ?? String(err)}\n`);
  process.exit(1);
});
