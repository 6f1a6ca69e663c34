/**
 * The sim CLI's everyday commands: reset, journal filters (live and from a --journal file),
 * start of a node that is up, and where it finds the cluster (ES_URL, host:port).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runSimCli } from '../../scripts/sim/cli';
import type { Cluster } from '../../src/coordinator/cluster';
import { startCoordinator } from '../../src/coordinator/start-coordinator';
import { buildApp } from '../../src/http/app';

const FILE_TOKEN = 'AAEAAWVsYXN0aWMvZmxlZXQtc2VydmVyL3Rva2VuMTpyNXdkYmRib1FTZTl2R09Ld2FKR0F3';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function run(argv: string[], env: Record<string, string | undefined>): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runSimCli(argv, { stdout: (s) => out.push(s), stderr: (s) => err.push(s), env });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

describe('sim CLI, everyday commands', () => {
  let cluster: Cluster;
  let server: Server;
  let url: string;
  let dir: string;
  const sim = (...argv: string[]) => run(argv, { ES_URL: url });
  const authOn = (node: string) => fetch(`${url}/_security/_authenticate`, { headers: { Authorization: `Bearer ${FILE_TOKEN}`, 'X-Sim-Node': node } });

  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'sim-cli-'));
    cluster = await startCoordinator({ nodes: 3, seed: 42, host: 'in-process', clock: 'manual', journal: path.join(dir, 'journal.jsonl') });
    server = buildApp({ cluster }).listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterEach(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    await cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('where the cluster is', () => {
    it('reads ES_URL when there is no --url', async () => {
      expect((await sim('nodes')).code).toBe(0);
    });

    it('takes host:port without a scheme as http://host:port', async () => {
      const hostPort = url.replace('http://', '');
      expect((await run(['nodes', '--url', hostPort], {})).code).toBe(0);
    });

    it('a cluster it cannot reach: the error says how to point the CLI elsewhere', async () => {
      const r = await run(['nodes'], { ES_URL: 'http://127.0.0.1:1' });
      expect(r).toEqual({ code: 1, stdout: '', stderr: 'ERROR: cannot reach http://127.0.0.1:1 — is the cluster running? (npm start; for a cluster elsewhere: --url <url> or export ES_URL=<url>)\n' });
    });
  });

  describe('reset', () => {
    it('heals every fault, restores files, starts stopped nodes, empties caches, and says what it did', async () => {
      await sim('fault', 'add', 'partition', '--node', 'node-2');
      await sim('fault', 'add', 'file', '--node', 'node-3', '--action', 'delete');
      await sim('kill', 'node-1');
      await authOn('node-3');
      const r = await sim('reset');
      expect(r).toEqual({
        code: 0,
        stdout:
          'healed faults: partition-1, file-1\n' +
          'restored service_tokens: none\n' +
          'started nodes: node-1\n' +
          'emptied caches and zeroed their statistics: node-1, node-2, node-3\n',
        stderr: '',
      });
      expect((await sim('fault', 'list')).stdout).toBe('no active faults\n');
      expect((await sim('caches', 'node-3')).stdout).toMatch(/^file +size 0  hits 0  misses 0$/m);
    });
  });

  describe('start of a node that is up', () => {
    it('says it was already up', async () => {
      expect((await sim('start', 'node-2')).stdout).toMatch(/^node-2 was already up: id \S+  pid \S+  up\n$/);
    });
  });

  describe('events with filters', () => {
    it('--type, --node and --token pick events, live from the cluster', async () => {
      await authOn('node-1');
      await authOn('node-2');
      const r = await sim('events', '--type', 'token.*', '--node', 'node-2', '--token', 'token1');
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^#\d+ 0ms token\.authenticated node=node-2 token=elastic\/fleet-server\/token1 result=success file=miss\n$/);
    });

    it('--file reads a --journal file with the same filters and output, with no cluster running', async () => {
      await authOn('node-1');
      await authOn('node-2');
      const live = await sim('events', '--type', 'cache.*', '--node', 'node-1');
      const fromFile = await run(['events', '--file', path.join(dir, 'journal.jsonl'), '--type', 'cache.*', '--node', 'node-1'], { ES_URL: 'http://127.0.0.1:1' });
      expect(fromFile).toEqual({ code: 0, stdout: live.stdout, stderr: '' });
      expect(fromFile.stdout.split('\n').filter(Boolean)).toHaveLength(2);
    });

    it('--file: a type that matches nothing is a usage error; a missing file says so', async () => {
      const bad = await run(['events', '--file', path.join(dir, 'journal.jsonl'), '--type', 'nope'], {});
      expect(bad.code).toBe(64);
      expect(bad.stderr).toMatch(/ERROR: \[type\] pattern \[nope\] matches no event type; types: /);
      const missing = await run(['events', '--file', path.join(dir, 'none.jsonl')], {});
      expect(missing.code).toBe(1);
      expect(missing.stderr).toMatch(/^ERROR: cannot read the journal file \[.*none\.jsonl\]: ENOENT/);
    });

    it('--file: a line that is not JSON names its line number', async () => {
      writeFileSync(path.join(dir, 'bad.jsonl'), '{"seq":1,"time_ms":0,"event":{"type":"node.up","node":"node-1","pid":null}}\nnot json\n');
      const r = await run(['events', '--file', path.join(dir, 'bad.jsonl')], {});
      expect(r.stdout).toBe('#1 0ms node.up node=node-1 pid=null\n');
      expect(r.stderr).toBe(`ERROR: line 2 of [${path.join(dir, 'bad.jsonl')}] is not a journal entry (JSON): not json\n`);
    });
  });
});
