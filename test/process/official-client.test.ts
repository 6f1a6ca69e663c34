/**
 * The official client, unmodified (no custom Connection), against real node processes
 * behind a real HTTP listener: what a user of @elastic/elasticsearch does.
 */
import { Client, errors } from '@elastic/elasticsearch';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Cluster } from '../../src/coordinator/cluster';
import { startCoordinator } from '../../src/coordinator/start-coordinator';
import { buildApp } from '../../src/http/app';
import { FILE_TOKEN } from '../support/in-process';

describe('the official @elastic/elasticsearch client', () => {
  let cluster: Cluster;
  let server: Server;
  let dataDir: string;
  let url: string;
  let admin: Client;
  const clients: Client[] = [];
  const clientFor = (auth: ConstructorParameters<typeof Client>[0]['auth']) => {
    const c = new Client({ node: url, auth });
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'sim-client-'));
    cluster = await startCoordinator({ host: 'process', nodes: 3, dataDir });
    server = buildApp({ cluster }).listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    admin = clientFor({ username: 'elastic', password: 'changeme' });
  }, 30_000);

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await new Promise((r) => server.close(r));
    await cluster.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('info() passes the client\'s product check', async () => {
    const info = await admin.info();
    expect(info.cluster_name).toBe('elasticsearch');
    expect(info.version.number).toBe('9.4.4');
  });

  it('createServiceToken, then authenticate with the bearer token', async () => {
    const created = await admin.security.createServiceToken({ namespace: 'elastic', service: 'fleet-server', name: 'client-token' });
    expect(created.created).toBe(true);
    expect(created.token.name).toBe('client-token');
    const me = await clientFor({ bearer: created.token.value }).security.authenticate();
    expect(me.username).toBe('elastic/fleet-server');
    expect(me.token).toEqual({ name: 'client-token', type: '_service_account_index', managed_by: 'elasticsearch' });
  });

  it('authenticate with the sample file token', async () => {
    const me = await clientFor({ bearer: FILE_TOKEN }).security.authenticate();
    expect(me.token).toEqual({ name: 'token1', type: '_service_account_file', managed_by: 'elasticsearch' });
  });

  it('getServiceAccounts and getServiceCredentials', async () => {
    const accounts = await admin.security.getServiceAccounts({ namespace: 'elastic', service: 'fleet-server' });
    expect(Object.keys(accounts)).toEqual(['elastic/fleet-server']);
    const credentials = await admin.security.getServiceCredentials({ namespace: 'elastic', service: 'fleet-server' });
    expect(credentials.count).toBe(2);
    expect(credentials.tokens).toEqual({ 'client-token': {} });
    expect(credentials.nodes_credentials.file_tokens.token1?.nodes).toEqual(['node-1', 'node-2', 'node-3']);
  });

  it.each<[string, string | string[]]>([
    ['one name', 'client-token'],
    ['a list', ['client-token', 'token1']],
    ['every token', '*'],
  ])('clearCachedServiceTokens with %s', async (_what, name) => {
    const res = await admin.security.clearCachedServiceTokens({ namespace: 'elastic', service: 'fleet-server', name });
    expect(res._nodes).toEqual({ total: 3, successful: 3, failed: 0 });
    expect(Object.values(res.nodes).map((n) => n.name).sort()).toEqual(['node-1', 'node-2', 'node-3']);
  });

  it('a partial failure reaches the client as a 200 with _nodes.failures', async () => {
    await cluster.requireNode('node-3').kill();
    try {
      const res = await admin.security.clearCachedServiceTokens({ namespace: 'elastic', service: 'fleet-server', name: '*' });
      expect(res._nodes.failed).toBe(1);
      expect(res._nodes.failures?.[0]?.caused_by?.type).toBe('node_not_connected_exception');
    } finally {
      await cluster.startNode(cluster.requireNode('node-3'));
    }
  });

  it('deleteServiceToken: the token stops working; deleting again is a 404 with found false', async () => {
    const tokenClient = clientFor({ bearer: (await admin.security.createServiceToken({ namespace: 'elastic', service: 'fleet-server', name: 'doomed' })).token.value });
    await tokenClient.security.authenticate();
    expect((await admin.security.deleteServiceToken({ namespace: 'elastic', service: 'fleet-server', name: 'doomed' })).found).toBe(true);
    await expect(tokenClient.security.authenticate()).rejects.toMatchObject({ meta: { statusCode: 401 } });
    const again = await admin.security.deleteServiceToken({ namespace: 'elastic', service: 'fleet-server', name: 'doomed' }, { ignore: [404] });
    expect(again.found).toBe(false);
  });

  it('putRole and putUser; that user gets the exact 403 on clear-cache', async () => {
    expect((await admin.security.putRole({ name: 'watcher', cluster: ['monitor'] })).role.created).toBe(true);
    expect((await admin.security.putUser({ username: 'bob', password: 'bob-secret', roles: ['watcher'] })).created).toBe(true);
    const bob = clientFor({ username: 'bob', password: 'bob-secret' });
    const err = await bob.security.clearCachedServiceTokens({ namespace: 'elastic', service: 'fleet-server', name: '*' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(errors.ResponseError);
    expect((err as errors.ResponseError).meta.statusCode).toBe(403);
    expect((err as errors.ResponseError).body).toMatchObject({
      error: {
        type: 'security_exception',
        reason:
          'action [cluster:admin/xpack/security/cache/clear] is unauthorized for user [bob] with effective roles [watcher], this action is granted by the cluster privileges [manage_security,all]',
      },
    });
  });

  it('an invalid token name comes back as the client\'s ResponseError with the ES reason', async () => {
    const err = (await admin.security.clearCachedServiceTokens({ namespace: 'elastic', service: 'fleet-server', name: '_bad' }).catch((e: unknown) => e)) as errors.ResponseError;
    expect(err.meta.statusCode).toBe(400);
    expect(err.message).toContain('illegal_argument_exception');
  });
});
