/**
 * A service-token rotation with the official client, to copy into your own tooling.
 * Start a cluster first (`npm start`), then: `npm run example:rotation`.
 *
 *   1. create a new index token for elastic/fleet-server;
 *   2. check that it authenticates on every node (X-Sim-Node picks the node);
 *   3. switch over, then delete the old token — the delete clears its key from every
 *      node's index cache before it answers;
 *   4. check that the old token is rejected on every node.
 *
 * Env: ES_URL (default http://127.0.0.1:9200), ELASTIC_PASSWORD (default changeme).
 */
import { Client } from '@elastic/elasticsearch';

const url = process.env.ES_URL ?? 'http://127.0.0.1:9200';
const admin = new Client({ node: url, auth: { username: 'elastic', password: process.env.ELASTIC_PASSWORD ?? 'changeme' } });
const account = { namespace: 'elastic', service: 'fleet-server' };

/** Authenticates `token` on one named node; the status code (200 or 401). */
async function statusOn(token: string, node: string): Promise<number> {
  const client = new Client({ node: url, auth: { bearer: token }, headers: { 'X-Sim-Node': node } });
  try {
    await client.security.authenticate();
    return 200;
  } catch (err) {
    return (err as { meta?: { statusCode?: number } }).meta?.statusCode ?? 0;
  } finally {
    await client.close();
  }
}

async function main(): Promise<void> {
  const nodes = ((await admin.transport.request({ method: 'GET', path: '/_sim/nodes' })) as { nodes: { name: string; status: string }[] }).nodes
    .filter((n) => n.status === 'up')
    .map((n) => n.name);
  const old = await admin.security.createServiceToken({ ...account, name: `rotation-old-${Date.now()}` });
  console.log(`old token ${old.token.name} in use on ${nodes.join(', ')}:`, await Promise.all(nodes.map((n) => statusOn(old.token.value, n))));

  const fresh = await admin.security.createServiceToken({ ...account, name: `rotation-new-${Date.now()}` });
  const ok = await Promise.all(nodes.map((n) => statusOn(fresh.token.value, n)));
  console.log(`new token ${fresh.token.name} on every node:`, ok);
  if (ok.some((s) => s !== 200)) throw new Error('the new token does not work everywhere: keep the old one');

  const deleted = await admin.security.deleteServiceToken({ ...account, name: old.token.name });
  console.log(`deleted ${old.token.name}: found=${deleted.found}`);
  console.log(`old token now, per node:`, await Promise.all(nodes.map((n) => statusOn(old.token.value, n))));
  const credentials = await admin.security.getServiceCredentials(account);
  console.log('index tokens left:', Object.keys(credentials.tokens));
  await admin.close();
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
