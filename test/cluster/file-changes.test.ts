import { readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startCoordinator, SAMPLE_SERVICE_TOKENS } from '../../src/coordinator/start-coordinator';
import type { SimEvent } from '../../src/observe/events';
import { InProcessNodeChannel } from '../../src/transport/in-process-node';
import { startDiskCluster, type DiskCluster } from '../support/disk-cluster';
import { bearer, FILE_TOKEN, startTestCluster, type TestCluster } from '../support/in-process';

const SAMPLE = readFileSync(SAMPLE_SERVICE_TOKENS, 'utf8');
const OTHER_LINE = 'elastic/kibana/kb1:{PBKDF2_STRETCH}10000$8QN+eThJEaCd18sCP0nfzxJq2D9yhmSZgI20TDooYcE=$+0ELfqW4D2+/SlHvm/885dzv67qO2SMJg32Mv/9epXk=\n';

describe('service_tokens changes (in-memory files, manual clock)', () => {
  let t: TestCluster;
  beforeEach(async () => {
    t = await startTestCluster();
  });
  afterEach(() => t.stop());

  const authOn = (node: string) => t.http.get('/_security/_authenticate').set('Authorization', bearer(FILE_TOKEN)).set('X-Sim-Node', node);
  const fillAll = async () => {
    for (const n of ['node-1', 'node-2', 'node-3']) expect((await authOn(n)).status).toBe(200);
  };

  it('a change on one node clears only that node\'s file cache, and only that node rejects the token', async () => {
    await fillAll();
    t.channel('node-2').writeServiceTokens(OTHER_LINE);
    expect(t.core('node-2').fileCache.size).toBe(0);
    expect(t.core('node-2').fileCache.stats().removed['file-changed']).toBe(1);
    expect(t.core('node-1').fileCache.size).toBe(1);
    expect(t.core('node-3').fileCache.size).toBe(1);
    expect((await authOn('node-2')).status).toBe(401);
    expect((await authOn('node-1')).status).toBe(200);
  });

  it('an identical rewrite (a touch) clears nothing', async () => {
    await fillAll();
    t.channel('node-1').writeServiceTokens(SAMPLE);
    expect(t.core('node-1').fileCache.size).toBe(1);
  });

  it('a comment-only or reordered rewrite with the same tokens clears nothing', async () => {
    await fillAll();
    t.channel('node-1').writeServiceTokens(`# a comment\n\n${SAMPLE}`);
    expect(t.core('node-1').fileCache.size).toBe(1);
  });

  it('any change clears the whole file cache, not just the changed key', async () => {
    await fillAll();
    t.channel('node-3').writeServiceTokens(SAMPLE + OTHER_LINE);
    expect(t.core('node-3').fileCache.size).toBe(0);
    expect((await authOn('node-3')).status).toBe(200);
  });

  it('an unparseable rewrite drops every file token of that node; fixing it restores them', async () => {
    await fillAll();
    const events: SimEvent[] = [];
    t.cluster.events.on('event', (e) => events.push(e));
    t.channel('node-1').writeServiceTokens(`${SAMPLE}this line has no colon\n`);
    expect(events).toContainEqual(expect.objectContaining({ type: 'file.reloaded', node: 'node-1', changed: true, tokens: 0, parseError: "Missing ':' character at line #2" }));
    expect((await authOn('node-1')).status).toBe(401);
    t.channel('node-1').writeServiceTokens(SAMPLE);
    expect((await authOn('node-1')).status).toBe(200);
  });

  it('a deleted file means no tokens', async () => {
    await fillAll();
    t.channel('node-1').writeServiceTokens(null);
    expect((await authOn('node-1')).status).toBe(401);
  });

  it('security index state changes never clear the file cache', async () => {
    await fillAll();
    t.cluster.securityIndex.createToken('elastic/fleet-server/x', {
      username: 'elastic/fleet-server', name: 'x', password: '{PBKDF2_STRETCH}1000$AAAAAAAAAAAAAAAAAAAAAA==$AAAA',
      creator: { principal: 'elastic', full_name: null, email: null, metadata: {}, realm: 'reserved', realm_type: 'reserved' },
    });
    await t.cluster.broadcastIndexState();
    t.cluster.securityIndex.deleteIndex();
    await t.cluster.broadcastIndexState();
    expect(t.core('node-1').fileCache.size).toBe(1);
  });
});

describe('service_tokens changes on real files, watched by chokidar', () => {
  let d: DiskCluster;
  beforeEach(async () => {
    d = await startDiskCluster();
  });
  afterEach(() => d.stop());

  const file = (node: string) => d.serviceTokensFile(node);
  const core = (node: string) => (d.cluster.requireNode(node) as InProcessNodeChannel).core!;
  const auth = (node: string) => d.authenticate(node, FILE_TOKEN);

  it('a fresh data dir gives every node the sample token, readable only by its owner', async () => {
    expect(readFileSync(file('node-1'), 'utf8')).toBe(SAMPLE);
    expect((await auth('node-2')).status).toBe(200);
  });

  it('an in-place write is seen and clears that node\'s file cache only', async () => {
    await auth('node-1');
    await auth('node-2');
    writeFileSync(file('node-1'), OTHER_LINE);
    await d.reloaded('node-1', 1);
    expect(core('node-1').fileCache.size).toBe(0);
    expect(core('node-2').fileCache.size).toBe(1);
    expect((await auth('node-1')).status).toBe(401);
  });

  it('an editor\'s write-to-temp-then-rename save is seen', async () => {
    const temp = path.join(path.dirname(file('node-2')), '.service_tokens.swp');
    writeFileSync(temp, OTHER_LINE);
    renameSync(temp, file('node-2'));
    await d.reloaded('node-2', 1);
    expect((await auth('node-2')).status).toBe(401);
  });

  it('a delete and a re-create are both seen', async () => {
    unlinkSync(file('node-1'));
    await d.reloaded('node-1', 1);
    expect((await auth('node-1')).status).toBe(401);
    writeFileSync(file('node-1'), SAMPLE);
    await d.reloaded('node-1', 2);
    expect((await auth('node-1')).status).toBe(200);
  });

  it('a node that starts without a file has no tokens, and sees the file when it is created', async () => {
    unlinkSync(file('node-1'));
    await d.restart();
    expect((await auth('node-1')).status).toBe(401);
    writeFileSync(file('node-1'), SAMPLE);
    await d.reloaded('node-1', 1);
    expect((await auth('node-1')).status).toBe(200);
  });

  it('a file that cannot be parsed stops that node at start, with a message naming the file', async () => {
    await d.cluster.stop();
    writeFileSync(file('node-2'), 'no colon here\n');
    await expect(startCoordinator({ host: 'in-process', clock: 'system', nodes: 2, dataDir: d.dataDir })).rejects.toThrow(
      `failed to parse service tokens file [${file('node-2')}]: Missing ':' character at line #1`,
    );
  });
});
