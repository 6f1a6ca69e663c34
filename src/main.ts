/**
 * `npm start`: parse flags, start a cluster of real node processes, serve the REST API,
 * print where it is and how to use it, and stop every node on SIGINT/SIGTERM. The only
 * file that reads process.argv and process.env.
 */
import type { AddressInfo } from 'node:net';
import { parseFlags, resolveConfig, type ClusterConfig } from './config';
import { createCluster } from './coordinator/create-cluster';
import type { Cluster } from './coordinator/cluster';
import { buildApp } from './http/app';
import { onParentGone } from './parent-watch';
import { randomSeed } from './sim/random';

function summary(cluster: Cluster, url: string): string {
  const c = cluster.config;
  const nodes = cluster.nodes().map((n) => `  ${n.info.name}  id ${n.info.id}  pid ${n.pid}`);
  return [
    `es-token-cache-sim: cluster [${c.clusterName}] with ${cluster.nodes().length} nodes is ready at ${url}`,
    ...nodes,
    `superuser: elastic / ${c.elasticPassword === 'changeme' ? 'changeme (set ELASTIC_PASSWORD to change it)' : '(from ELASTIC_PASSWORD)'}`,
    `data dir: ${c.dataDir}`,
    `seed: ${c.seed} (replay with --seed ${c.seed})${c.journal === undefined ? '' : `; journal: ${c.journal}`}`,
    'clear every cached token of elastic/fleet-server on every node:',
    `  curl -s -u elastic:${c.elasticPassword === 'changeme' ? 'changeme' : '$ELASTIC_PASSWORD'} -X POST '${url}/_security/service/elastic/fleet-server/credential/token/*/_clear_cache?pretty'`,
    'Ctrl-C stops the cluster.',
  ].join('\n');
}

async function main(): Promise<void> {
  let config: ClusterConfig;
  try {
    const flags = parseFlags(process.argv.slice(2));
    config = resolveConfig({ ...flags, seed: flags.seed ?? randomSeed(), elasticPassword: process.env.ELASTIC_PASSWORD });
  } catch (err) {
    process.stderr.write(`es-token-cache-sim: ${(err as Error).message}\n`);
    process.exit(2);
  }
  const cluster = await createCluster({ ...config, host: 'process' });
  const server = buildApp({ cluster }).listen(config.port, config.host);
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
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
    process.stdout.write(`${summary(cluster, `http://${config.host}:${port}`)}\n`);
  });
}

main().catch((err: unknown) => {
  process.stderr.write(`es-token-cache-sim: ${(err as Error).message ?? String(err)}\n`);
  process.exit(1);
});
