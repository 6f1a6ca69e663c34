import { startDiskCluster, type DiskCluster } from '../support/disk-cluster';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { decodeBearer, verifySecret } from '../../src/accounts';
import { runServiceTokensCli } from '../../scripts/service-tokens/cli';
import { javaHashMapOrder } from '../../scripts/service-tokens/es-cli';

const HASH = '{PBKDF2_STRETCH}10000$8QN+eThJEaCd18sCP0nfzxJq2D9yhmSZgI20TDooYcE=$+0ELfqW4D2+/SlHvm/885dzv67qO2SMJg32Mv/9epXk=';
const TOKEN1 = `elastic/fleet-server/token1:${HASH}\n`;
const KIBANA = `elastic/kibana/kb1:${HASH}\n`;
const INVALID_NAME_REASON =
  'service account token name must have at least 1 character and at most 256 characters that are alphanumeric ' +
  '(A-Z, a-z, 0-9) or hyphen (-) or underscore (_). It must not begin with an underscore (_).';
// Java's HashMap order of ES's account map (checked against a JVM), joined with "," as ES does.
const PRINCIPALS_AS_ES_LISTS = 'elastic/fleet-server,elastic/fleet-server-remote,elastic/auto-ops,elastic/kibana';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(dataDir: string, ...argv: string[]): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runServiceTokensCli(argv, { stdout: (s) => out.push(s), stderr: (s) => err.push(s), dataDir });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

/** The one `SERVICE_TOKEN <qualified> = <bearer>` line of a create. */
function printedToken(run: Run): { qualified: string; bearer: string } {
  const match = /^SERVICE_TOKEN (\S+) = (\S+)\n$/.exec(run.stdout);
  if (match === null) throw new Error(`no SERVICE_TOKEN line in ${JSON.stringify(run)}`);
  return { qualified: match[1] as string, bearer: match[2] as string };
}

describe('service-tokens CLI (a data dir with node-1 holding token1 and node-2 without a file)', () => {
  let dataDir: string;
  const file = (node: string) => path.join(dataDir, 'nodes', node, 'config', 'service_tokens');
  const read = (node: string) => readFileSync(file(node), 'utf8');
  const run = (...argv: string[]) => cli(dataDir, ...argv);

  beforeEach(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'sim-cli-'));
    for (const node of ['node-1', 'node-2']) mkdirSync(path.dirname(file(node)), { recursive: true });
    writeFileSync(file('node-1'), TOKEN1, { mode: 0o600 });
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  describe('create', () => {
    it('adds the token to one node\'s file (mode 0600) and prints a bearer that decodes to it and verifies against the stored hash', async () => {
      const result = await run('create', 'elastic/fleet-server', 'my-token', '--node', 'node-1');
      expect(result).toMatchObject({ code: 0, stderr: '' });
      const { qualified, bearer } = printedToken(result);
      expect(qualified).toBe('elastic/fleet-server/my-token');
      const decoded = decodeBearer(bearer);
      expect(decoded).toMatchObject({ namespace: 'elastic', service: 'fleet-server', tokenName: 'my-token' });
      expect(decoded?.secret).toMatch(/^[A-Za-z0-9_-]{22}$/);

      const lines = read('node-1').split('\n');
      expect(lines).toEqual([expect.stringMatching(/^elastic\/fleet-server\/my-token:\{PBKDF2_STRETCH\}10000\$/), TOKEN1.trimEnd(), '']);
      const storedHash = (lines[0] as string).slice('elastic/fleet-server/my-token:'.length);
      await expect(verifySecret(decoded?.secret ?? '', storedHash)).resolves.toBe(true);
      expect(statSync(file('node-1')).mode & 0o777).toBe(0o600);
      expect(existsSync(file('node-2'))).toBe(false);
    });

    it('creates a node\'s missing file, readable only by its owner', async () => {
      expect((await run('create', 'elastic/kibana', 'kb', '--node', 'node-2')).code).toBe(0);
      expect(read('node-2')).toMatch(/^elastic\/kibana\/kb:\{PBKDF2_STRETCH\}[^\n]+\n$/);
      expect(statSync(file('node-2')).mode & 0o777).toBe(0o600);
    });

    it('with --all-nodes writes the same token to every node and prints it once', async () => {
      const result = await run('create', 'elastic/fleet-server', 'everywhere', '--all-nodes');
      expect(result.code).toBe(0);
      const { bearer } = printedToken(result);
      const secret = decodeBearer(bearer)?.secret ?? '';
      for (const node of ['node-1', 'node-2']) {
        const line = read(node).split('\n').find((l) => l.startsWith('elastic/fleet-server/everywhere:')) ?? '';
        await expect(verifySecret(secret, line.slice(line.indexOf(':') + 1))).resolves.toBe(true);
        expect(statSync(file(node)).mode & 0o777).toBe(0o600);
      }
    });

    it('rewrites the file sorted by key, dropping comments and blank lines, as ES\'s CLI does', async () => {
      writeFileSync(file('node-1'), `# my notes\n${KIBANA}\n${TOKEN1}`);
      expect((await run('create', 'elastic/auto-ops', 'ops', '--node', 'node-1')).code).toBe(0);
      expect(read('node-1').split('\n').map((l) => l.slice(0, l.indexOf(':')))).toEqual([
        'elastic/auto-ops/ops',
        'elastic/fleet-server/token1',
        'elastic/kibana/kb1',
        '',
      ]);
    });

    it('refuses a token that already exists: ES\'s text, exit 70 (CODE_ERROR), file unchanged', async () => {
      const result = await run('create', 'elastic/fleet-server', 'token1', '--node', 'node-1');
      expect(result).toEqual({ code: 70, stdout: '', stderr: '\nERROR: Service token [elastic/fleet-server/token1] already exists\n' });
      expect(read('node-1')).toBe(TOKEN1);
    });

    it('with --all-nodes refuses a token that exists on any node, names it, and changes no file', async () => {
      const result = await run('create', 'elastic/fleet-server', 'token1', '--all-nodes');
      expect(result.code).toBe(70);
      expect(result.stderr).toContain('ERROR: Service token [elastic/fleet-server/token1] already exists\n  on node-1;');
      expect(read('node-1')).toBe(TOKEN1);
      expect(existsSync(file('node-2'))).toBe(false);
    });
  });

  describe('delete', () => {
    it('removes the token\'s line, prints nothing, and keeps the file 0600', async () => {
      writeFileSync(file('node-1'), TOKEN1 + KIBANA);
      expect(await run('delete', 'elastic/fleet-server', 'token1', '--node', 'node-1')).toEqual({ code: 0, stdout: '', stderr: '' });
      expect(read('node-1')).toBe(KIBANA);
      expect(statSync(file('node-1')).mode & 0o777).toBe(0o600);
    });

    it('refuses a token that does not exist: ES\'s text, exit 70 (CODE_ERROR)', async () => {
      const result = await run('delete', 'elastic/fleet-server', 'nope', '--node', 'node-1');
      expect(result).toEqual({ code: 70, stdout: '', stderr: '\nERROR: Service token [elastic/fleet-server/nope] does not exist\n' });
      expect(read('node-1')).toBe(TOKEN1);
    });

    it('with --all-nodes deletes from every node, or, if a node lacks the token, names it and changes no file', async () => {
      const missing = await run('delete', 'elastic/fleet-server', 'token1', '--all-nodes');
      expect(missing.code).toBe(70);
      expect(missing.stderr).toContain('ERROR: Service token [elastic/fleet-server/token1] does not exist\n  on node-2;');
      expect(read('node-1')).toBe(TOKEN1);

      writeFileSync(file('node-2'), TOKEN1 + KIBANA);
      expect((await run('delete', 'elastic/fleet-server', 'token1', '--all-nodes')).code).toBe(0);
      expect(read('node-1')).toBe('');
      expect(read('node-2')).toBe(KIBANA);
    });
  });

  describe('list', () => {
    beforeEach(() => {
      writeFileSync(file('node-1'), KIBANA + TOKEN1);
      writeFileSync(file('node-2'), TOKEN1);
    });

    it('with --node prints that node\'s keys, sorted, exactly as ES does', async () => {
      expect(await run('list', '--node', 'node-1')).toEqual({ code: 0, stdout: 'elastic/fleet-server/token1\nelastic/kibana/kb1\n', stderr: '' });
    });

    it('with a principal prints only that account\'s keys', async () => {
      expect((await run('list', 'elastic/kibana', '--node', 'node-1')).stdout).toBe('elastic/kibana/kb1\n');
      expect((await run('list', 'elastic/auto-ops', '--node', 'node-1')).stdout).toBe('');
    });

    it('with --all-nodes (also the default) prefixes each key with its node', async () => {
      const expected = 'node-1: elastic/fleet-server/token1\nnode-1: elastic/kibana/kb1\nnode-2: elastic/fleet-server/token1\n';
      expect((await run('list', '--all-nodes')).stdout).toBe(expected);
      expect((await run('list')).stdout).toBe(expected);
      expect((await run('list', 'elastic/fleet-server')).stdout).toBe('node-1: elastic/fleet-server/token1\nnode-2: elastic/fleet-server/token1\n');
    });

    it('rejects more than one argument (exit 64, USAGE)', async () => {
      const result = await run('list', 'a', 'b', '--node', 'node-1');
      expect(result.code).toBe(64);
      expect(result.stderr).toMatch(/\nERROR: Expected at most one argument, service-account-principal, found extra: \[a,b\]\n$/);
    });
  });

  describe('errors', () => {
    it('an unknown principal: ES\'s text with ES\'s list of principals, exit 67 (NO_USER)', async () => {
      for (const argv of [['create', 'elastic/nope', 't'], ['delete', 'elastic/nope', 't'], ['list', 'elastic/nope']]) {
        const result = await run(...argv, '--node', 'node-1');
        expect(result).toEqual({
          code: 67,
          stdout: '',
          stderr: `\nERROR: Unknown service account principal: [elastic/nope]. Must be one of [${PRINCIPALS_AS_ES_LISTS}]\n`,
        });
      }
    });

    it('an invalid token name: the `Validation` text, exit 70 (CODE_ERROR), nothing written', async () => {
      for (const name of ['_starts-with-underscore', 'has space', 'x'.repeat(257)]) {
        const result = await run('create', 'elastic/fleet-server', name, '--node', 'node-1');
        expect(result).toEqual({ code: 70, stdout: '', stderr: `\nERROR: invalid service token name [${name}]. ${INVALID_NAME_REASON}\n` });
      }
      expect(read('node-1')).toBe(TOKEN1);
    });

    it('a name that begins with a hyphen is valid after --', async () => {
      expect((await run('create', '--node', 'node-1', '--', 'elastic/fleet-server', '-dash')).code).toBe(0);
      expect((await run('list', '--node', 'node-1')).stdout).toBe('elastic/fleet-server/-dash\nelastic/fleet-server/token1\n');
    });

    it('wrong argument counts: ES\'s texts, help first, exit 64 (USAGE)', async () => {
      const cases: [string[], string][] = [
        [['create'], 'Missing service-account-principal and token-name arguments'],
        [['create', 'elastic/fleet-server'], 'Missing token-name argument'],
        [['delete', 'elastic/fleet-server', 't', 'extra'], 'Expected two arguments, service-account-principal and token-name, found extra: [elastic/fleet-server,t,extra]'],
        [[], 'Missing required command'],
        [['remove'], 'Unknown command [remove]'],
      ];
      for (const [argv, message] of cases) {
        const result = await run(...argv, '--node', 'node-1');
        expect(result.code).toBe(64);
        expect(result.stderr).toMatch(/^Manages the service_tokens files/);
        expect(result.stderr.endsWith(`\nERROR: ${message}\n`)).toBe(true);
      }
    });

    it('create and delete without --node or --all-nodes (or with both) say what to pass, exit 64', async () => {
      expect((await run('create', 'elastic/fleet-server', 't')).stderr).toContain('ERROR: which node\'s service_tokens file? pass --node <name>');
      expect((await run('delete', 'elastic/fleet-server', 't', '--node', 'node-1', '--all-nodes')).code).toBe(64);
      expect((await run('create', 'elastic/fleet-server', 't', '--bogus')).stderr).toContain('ERROR: --bogus is not a recognized option');
    });

    it('an unknown node names the known nodes, exit 68 (NO_HOST); a data dir without nodes says how to get some', async () => {
      const result = await run('create', 'elastic/fleet-server', 't', '--node', 'node-3');
      expect(result.code).toBe(68);
      expect(result.stderr).toBe(`\nERROR: unknown node [node-3] in [${path.join(dataDir, 'nodes')}]; known nodes: [node-1, node-2]\n`);
      const empty = await cli(path.join(dataDir, 'nowhere'), 'list');
      expect(empty.code).toBe(68);
      expect(empty.stderr).toContain('no nodes found under');
    });

    it('an existing file that does not parse is an error naming it, and is left untouched (also with --all-nodes)', async () => {
      const broken = `# keep me\n${TOKEN1}this line has no colon\n`;
      writeFileSync(file('node-2'), broken);
      chmodSync(file('node-2'), 0o640);
      const mtime = statSync(file('node-2')).mtimeMs;
      for (const argv of [['create', 'elastic/fleet-server', 't', '--node', 'node-2'], ['delete', 'elastic/fleet-server', 'token1', '--all-nodes'], ['list', '--node', 'node-2']]) {
        const result = await run(...argv);
        expect(result).toEqual({
          code: 1,
          stdout: '',
          stderr: `\nERROR: failed to parse service tokens file [${file('node-2')}]: Missing ':' character at line #3. The file was left unchanged; fix it, then run the command again\n`,
        });
      }
      expect(read('node-2')).toBe(broken);
      expect(statSync(file('node-2')).mtimeMs).toBe(mtime);
      expect(statSync(file('node-2')).mode & 0o777).toBe(0o640);
      expect(read('node-1')).toBe(TOKEN1);
    });

    it('--help prints the usage on stdout, exit 0', async () => {
      const result = await run('--help');
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('Usage: npm run service-tokens -- <command>');
      expect(result.stdout).toContain(`Principals: ${PRINCIPALS_AS_ES_LISTS.split(',').join(', ')}`);
      expect((await run('create', '-h')).code).toBe(0);
    });
  });

  describe('--data-dir', () => {
    it('overrides the default data dir', async () => {
      const result = await cli('/nonexistent-default', 'list', '--node', 'node-1', '--data-dir', dataDir);
      expect(result).toEqual({ code: 0, stdout: 'elastic/fleet-server/token1\n', stderr: '' });
      expect((await cli('/nonexistent-default', 'list', `--data-dir=${dataDir}`, '--node=node-1')).stdout).toBe('elastic/fleet-server/token1\n');
    });
  });
});

describe('the order of ES\'s "Must be one of" list', () => {
  it('is java.util.HashMap\'s iteration order of the accounts in declaration order', () => {
    expect(javaHashMapOrder(['elastic/auto-ops', 'elastic/fleet-server', 'elastic/fleet-server-remote', 'elastic/kibana']).join(',')).toBe(
      PRINCIPALS_AS_ES_LISTS,
    );
    // auto-ops and kibana share a bucket: insertion order decides between them.
    expect(javaHashMapOrder(['elastic/kibana', 'elastic/auto-ops'])).toEqual(['elastic/kibana', 'elastic/auto-ops']);
  });
});

describe('service-tokens CLI against a running cluster (real data dir, chokidar)', () => {
  let d: DiskCluster;
  beforeEach(async () => {
    d = await startDiskCluster();
  });
  afterEach(() => d.stop());

  it('a token created on node-1 authenticates there (200) and not on node-2 (401); deleting it revokes it', async () => {
    const created = await cli(d.dataDir, 'create', 'elastic/fleet-server', 'cli-token', '--node', 'node-1');
    expect(created.code).toBe(0);
    const { bearer } = printedToken(created);
    await d.reloaded('node-1', 1);

    const ok = await d.authenticate('node-1', bearer);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ username: 'elastic/fleet-server', token: { name: 'cli-token' } });
    expect((await d.authenticate('node-2', bearer)).status).toBe(401);

    expect((await cli(d.dataDir, 'delete', 'elastic/fleet-server', 'cli-token', '--node', 'node-1')).code).toBe(0);
    await d.reloaded('node-1', 2);
    expect((await d.authenticate('node-1', bearer)).status).toBe(401);
  }, 20_000);
});
