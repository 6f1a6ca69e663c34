import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { runSimCli } from '../../scripts/sim/cli';
import { serverSentData } from '../../scripts/sim/event-commands';
import type { Cluster } from '../../src/coordinator/cluster';
import { startCoordinator } from '../../src/coordinator/start-coordinator';
import { buildApp } from '../../src/http/app';

const FILE_TOKEN = 'AAEAAWVsYXN0aWMvZmxlZXQtc2VydmVyL3Rva2VuMTpyNXdkYmRib1FTZTl2R09Ld2FKR0F3';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

describe('sim CLI against a running 3-node cluster', () => {
  let cluster: Cluster;
  let server: Server;
  let url: string;

  const sim = async (...argv: string[]): Promise<Run> => {
    const out: string[] = [];
    const err: string[] = [];
    const env = { ELASTIC_PASSWORD: cluster.config.elasticPassword };
    const code = await runSimCli([...argv, '--url', url], { stdout: (s) => out.push(s), stderr: (s) => err.push(s), env });
    return { code, stdout: out.join(''), stderr: err.join('') };
  };
  const status = (name: string) => cluster.requireNode(name).status;

  beforeEach(async () => {
    cluster = await startCoordinator({ nodes: 3, seed: 42, host: 'in-process', clock: 'manual' });
    server = buildApp({ cluster }).listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterEach(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    await cluster.stop();
  });

  describe('fault add', () => {
    it('sends the definition and names the fault it added', async () => {
      const run = await sim('fault', 'add', 'partition', '--node', 'node-2', '--messages', 'clear-cache');
      expect(run).toEqual({ code: 0, stdout: 'added fault partition-1: partition nodes [node-2] messages [clear-cache]\n', stderr: '' });
      expect(cluster.faults.list()).toEqual([
        expect.objectContaining({ id: 'partition-1', spec: { type: 'partition', direction: 'both', nodes: ['node-2'], messages: ['clear-cache'] } }),
      ]);
    });

    it('names a fault with the smallest free <type>-<n>, or the given --id', async () => {
      await sim('fault', 'add', 'partition', '--id', 'partition-2');
      expect((await sim('fault', 'add', 'partition')).stdout).toBe('added fault partition-1: partition nodes [all] messages [all]\n');
      expect((await sim('fault', 'add', 'partition')).stdout).toMatch(/^added fault partition-3:/);
      expect(cluster.faults.list().map((f) => f.id)).toEqual(['partition-2', 'partition-1', 'partition-3']);
    });

    it('takes repeated --node and comma lists, and sends numbers as numbers', async () => {
      const run = await sim('fault', 'add', 'delay', '--node', 'node-1', '--nodes', 'node-2,node-3', '--ms', '250', '--jitter-ms', '5', '--direction', 'replies');
      expect(run.stdout).toBe('added fault delay-1: delay nodes [node-1, node-2, node-3] messages [all] direction replies fixed 250ms jitter 5ms\n');
      expect(cluster.faults.list()[0]?.spec).toEqual({
        type: 'delay', direction: 'replies', nodes: ['node-1', 'node-2', 'node-3'], messages: [],
        delay: { distribution: 'fixed', ms: 250, jitter_ms: 5 },
      });
    });

    it('builds an error fault from --error-type and --error-reason', async () => {
      const run = await sim('fault', 'add', 'error', '--messages', 'authenticate', '--probability', '0.5', '--error-type', 'es_rejected_execution_exception', '--error-reason', 'queue full');
      expect(run.stdout).toBe('added fault error-1: error nodes [all] messages [authenticate] probability 0.5 answering es_rejected_execution_exception: queue full\n');
      expect(cluster.faults.list()[0]?.spec).toMatchObject({ probability: 0.5, error: { type: 'es_rejected_execution_exception', reason: 'queue full' } });
    });

    it('a bad fault definition prints the server\'s 400 and exits 1', async () => {
      const run = await sim('fault', 'add', 'drop', '--probability', '3');
      expect(run).toEqual({ code: 1, stdout: '', stderr: 'ERROR: 400 illegal_argument_exception: [probability] must be a number from 0 to 1, got [3]\n' });
      expect(cluster.faults.list()).toEqual([]);
    });

    it('leaves a value that is not a number to the server to reject', async () => {
      const run = await sim('fault', 'add', 'delay', '--ms', 'soon');
      expect(run.code).toBe(1);
      expect(run.stderr).toBe('ERROR: 400 illegal_argument_exception: [ms] must be a number from 0 to 3600000, got ["soon"]\n');
    });

    it('rejects an option it does not know with the list of those it does (exit 64)', async () => {
      const run = await sim('fault', 'add', 'partition', '--nodez', 'node-2');
      expect(run.code).toBe(64);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(/^Drives a running cluster/);
      expect(run.stderr).toMatch(/\n\nERROR: \[fault add\] has no option \[--nodez\]; its options are --id, --node, --nodes, --messages, .*--error-reason, --url, --user, --help\n$/);
    });
  });

  describe('fault list and heal', () => {
    it('lists each active fault on one line with its fields, or says there are none', async () => {
      expect((await sim('fault', 'list')).stdout).toBe('no active faults\n');
      await sim('fault', 'add', 'partition', '--node', 'node-2', '--messages', 'clear-cache');
      await sim('fault', 'add', 'file', '--node', 'node-1', '--action', 'corrupt', '--id', 'bad-file');
      await sim('fault', 'add', 'delay', '--ms', '40');
      expect((await sim('fault', 'list')).stdout).toBe(
        'partition-1  partition  direction=both nodes=[node-2] messages=[clear-cache] applied_at_ms=0\n' +
          'bad-file     file       nodes=[node-1] action=corrupt applied_at_ms=0\n' +
          'delay-1      delay      direction=both distribution=fixed ms=40 jitter_ms=0 nodes=[all] messages=[all kinds] applied_at_ms=0\n',
      );
    });

    it('heals one fault by id, then all of them', async () => {
      await sim('fault', 'add', 'partition');
      await sim('fault', 'add', 'drop', '--probability', '0.1');
      await sim('fault', 'add', 'kill', '--node', 'node-3');
      expect(await sim('fault', 'heal', 'partition-1')).toEqual({ code: 0, stdout: 'healed partition-1\n', stderr: '' });
      expect(cluster.faults.list().map((f) => f.id)).toEqual(['drop-1', 'kill-1']);
      expect(status('node-3')).toBe('down');
      expect((await sim('fault', 'heal', '--all')).stdout).toBe('healed drop-1, kill-1\n');
      expect(cluster.faults.list()).toEqual([]);
      expect(status('node-3')).toBe('up');
      expect((await sim('fault', 'heal', '--all')).stdout).toBe('no active faults to heal\n');
    });

    it('healing an unknown fault prints the server\'s 404 and exits 1', async () => {
      const run = await sim('fault', 'heal', 'nope');
      expect(run).toEqual({ code: 1, stdout: '', stderr: 'ERROR: 404 resource_not_found_exception: no active fault [nope]; active faults: []\n' });
    });
  });

  describe('nodes, kill and start', () => {
    it('nodes lists every node with its id, pid and status', async () => {
      const ids = cluster.nodes().map((n) => n.info.id);
      const run = await sim('nodes');
      expect(run.code).toBe(0);
      expect(run.stdout.split('\n')).toEqual([
        expect.stringMatching(new RegExp(`^node-1  id ${ids[0]}  pid \\S+  up$`)),
        expect.stringMatching(new RegExp(`^node-2  id ${ids[1]}  pid \\S+  up$`)),
        expect.stringMatching(new RegExp(`^node-3  id ${ids[2]}  pid \\S+  up$`)),
        '',
      ]);
    });

    it('kill takes a node down and start brings it back', async () => {
      const killed = await sim('kill', 'node-2');
      expect(killed.stdout).toMatch(/^killed node-2: id \S+  pid \S+  down\n$/);
      expect(status('node-2')).toBe('down');
      expect((await sim('nodes')).stdout).toMatch(/^node-2 .* down$/m);
      expect((await sim('start', 'node-2')).stdout).toMatch(/^started node-2: id \S+  pid \S+  up\n$/);
      expect(status('node-2')).toBe('up');
    });

    it('takes a node by id, even an id that begins with - (ids are base64url)', async () => {
      const id = cluster.requireNode('node-2').info.id;
      expect((await sim('kill', id)).stdout).toBe(`killed node-2: id ${id}  pid -  down\n`);
      expect((await sim('caches', '-nope')).stderr).toMatch(/^ERROR: 404 resource_not_found_exception: no node with name or id \[-nope\]/);
    });

    it('an unknown node prints the server\'s 404 and exits 1', async () => {
      expect(await sim('kill', 'node-9')).toEqual({
        code: 1,
        stdout: '',
        stderr: 'ERROR: 404 resource_not_found_exception: no node with name or id [node-9] in this cluster; known nodes: [node-1, node-2, node-3]\n',
      });
    });
  });

  describe('auth', () => {
    it('shows which nodes accept a token', async () => {
      expect(await sim('auth', FILE_TOKEN)).toEqual({ code: 0, stdout: 'node-1 200\nnode-2 200\nnode-3 200\n', stderr: '' });
    });

    it('after a corrupt file on node-1, node-1 alone rejects the file token', async () => {
      await sim('fault', 'add', 'file', '--node', 'node-1', '--action', 'corrupt');
      expect((await sim('auth', FILE_TOKEN)).stdout).toBe('node-1 401\nnode-2 200\nnode-3 200\n');
    });

    it('asks only the given nodes, and prints what a down node answers', async () => {
      await sim('kill', 'node-3');
      const run = await sim('auth', FILE_TOKEN, '--node', 'node-3', '--node', 'node-1');
      expect(run).toEqual({ code: 0, stdout: 'node-3 401\nnode-1 200\n', stderr: '' });
    });

    it('never prints the token, not even in a usage error', async () => {
      const runs = [await sim('auth', FILE_TOKEN), await sim('auth', FILE_TOKEN, 'extra'), await sim(FILE_TOKEN)];
      expect(runs.map((r) => r.code)).toEqual([0, 64, 64]);
      for (const run of runs) expect(run.stdout + run.stderr).not.toContain(FILE_TOKEN);
    });
  });

  describe('caches', () => {
    it('summarizes each cache of a node: size, hits, misses, removals and keys', async () => {
      await sim('auth', FILE_TOKEN, '--node', 'node-1');
      await sim('auth', FILE_TOKEN, '--node', 'node-1');
      const run = await sim('caches', 'node-1');
      expect(run.stdout).toBe(
        'file   size 1  hits 1  misses 1  keys [elastic/fleet-server/token1 (expires in 20m00s)]\n' +
          'index  size 0  hits 0  misses 0\n',
      );
      await sim('fault', 'add', 'file', '--node', 'node-1', '--action', 'touch');
      await sim('fault', 'add', 'file', '--node', 'node-1', '--action', 'corrupt', '--id', 'c');
      expect((await sim('caches', 'node-1')).stdout).toMatch(/^file   size 0  hits 1  misses 1  removed file-changed=1\n/);
    });

    it('a down node\'s caches answer with the transport error', async () => {
      await sim('kill', 'node-2');
      const run = await sim('caches', 'node-2');
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/^ERROR: 502 node_not_connected_exception: /);
    });
  });

  describe('events', () => {
    it('prints the journal one event per line: seq, time, type and fields', async () => {
      await sim('fault', 'add', 'partition', '--node', 'node-2', '--messages', 'clear-cache');
      const run = await sim('events');
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(
        /^#\d+ 0ms fault\.added id=partition-1 fault\.type=partition fault\.direction=both fault\.nodes=\[node-2\] fault\.messages=\[clear-cache\]$/m,
      );
      const seqs = run.stdout.trimEnd().split('\n').map((l) => Number(/^#(\d+) /.exec(l)?.[1]));
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    });

    it('--since and --limit page through the journal', async () => {
      const run = await sim('events', '--since', '1', '--limit', '2');
      expect(run.stdout.trimEnd().split('\n').map((l) => l.split(' ')[0])).toEqual(['#2', '#3']);
      expect((await sim('events', '--since', 'x')).stderr).toBe('ERROR: 400 illegal_argument_exception: [since] must be a non-negative integer, got [x]\n');
    });

    it('--follow prints events as they happen until interrupted', async () => {
      const out: string[] = [];
      const interrupt = new AbortController();
      const env = { ELASTIC_PASSWORD: cluster.config.elasticPassword };
      const since = String(cluster.journal.next - 1);
      const following = runSimCli(['events', '--follow', '--since', since, '--url', url], { stdout: (s) => out.push(s), stderr: (s) => out.push(s), env, signal: interrupt.signal });
      await sim('fault', 'add', 'pause', '--node', 'node-3');
      for (let i = 0; i < 200 && !out.join('').includes('fault.added id=pause-1'); i++) await new Promise((r) => setTimeout(r, 5));
      interrupt.abort();
      expect(await following).toBe(0);
      expect(out.join('')).toMatch(/^#\d+ 0ms node\.paused node=node-3$/m);
      expect(out.join('')).toMatch(/^#\d+ 0ms fault\.added id=pause-1 fault\.type=pause fault\.nodes=\[node-3\]$/m);
    });

    it('server-sent data split across chunks is put back together', async () => {
      const chunks = ['id: 1\ndata: {"a"', ':1}\n\nid: 2\r\ndata: {"b":2}\r\n\r\n'];
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          for (const c of chunks) controller.enqueue(new TextEncoder().encode(c));
          controller.close();
        },
      });
      const data: string[] = [];
      for await (const d of serverSentData(body)) data.push(d);
      expect(data).toEqual(['{"a":1}', '{"b":2}']);
    });
  });

  describe('errors and usage', () => {
    it('a cluster that is not running: says so and exits 1', async () => {
      const closed = 'http://127.0.0.1:1';
      const err: string[] = [];
      const code = await runSimCli(['nodes', '--url', closed], { stdout: () => undefined, stderr: (s) => err.push(s), env: {} });
      expect(code).toBe(1);
      expect(err.join('')).toBe(`ERROR: cannot reach ${closed} — is the cluster running? (npm start; for a cluster elsewhere: --url <url> or export ES_URL=<url>)\n`);
    });

    it('a URL with credentials in it is refused without echoing them (exit 64)', async () => {
      const err: string[] = [];
      const env = { ES_URL: 'http://elastic:S3cretPass@127.0.0.1:9200' };
      const code = await runSimCli(['nodes'], { stdout: () => undefined, stderr: (s) => err.push(s), env });
      expect(code).toBe(64);
      expect(err.join('')).toContain('ERROR: [--url] must not contain credentials; use --user and $ELASTIC_PASSWORD');
      expect(err.join('')).not.toContain('S3cretPass');
    });

    it('a wrong password prints the 401 and exits 1', async () => {
      const err: string[] = [];
      const code = await runSimCli(['nodes', '--url', url], { stdout: () => undefined, stderr: (s) => err.push(s), env: { ELASTIC_PASSWORD: 'wrong' } });
      expect(code).toBe(1);
      expect(err.join('')).toBe('ERROR: 401 security_exception: unable to authenticate user [elastic] for REST request [/_sim/nodes]\n');
    });

    it('--help prints the usage to stdout; an unknown or missing command prints it to stderr with exit 64', async () => {
      const help = await sim('--help');
      expect(help.code).toBe(0);
      expect(help.stdout).toContain('Usage: npm run sim -- <command> [arguments] [options] [--url <url>] [--user <name>]');
      expect(await sim('frobnicate')).toMatchObject({ code: 64, stderr: expect.stringMatching(/\nERROR: Unknown command \[frobnicate\]; commands: fault add, fault list, fault heal, nodes, kill, start, caches, auth, reset, events\n$/) });
      expect(await sim()).toMatchObject({ code: 64, stderr: expect.stringMatching(/\nERROR: Missing required command\n$/) });
      expect(await sim('fault')).toMatchObject({ code: 64, stderr: expect.stringMatching(/\nERROR: \[fault\] needs a subcommand: add, list or heal\n$/) });
      expect(await sim('nodes', '--all')).toMatchObject({ code: 64, stderr: expect.stringMatching(/\nERROR: \[nodes\] has no option \[--all\]; its options are --url, --user, --help\n$/) });
      expect(await sim('fault', 'add', 'partition', '--node')).toMatchObject({ code: 64, stderr: expect.stringMatching(/\nERROR: option \[--node\] needs a value\n$/) });
    });
  });
});
