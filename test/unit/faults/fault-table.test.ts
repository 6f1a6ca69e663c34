/**
 * The fault table is the one list of fault types: the API's validation, the CLI's options
 * and the transport's network faults all follow from it.
 */
import { FAULT_FIELD_OPTIONS, FAULT_LIST_OPTIONS, FAULT_TABLE, FAULT_TYPES, isNetworkFault, parseFaultSpec } from '../../../src/faults';
import { COMMAND_OPTIONS, Options, parseArgs } from '../../../scripts/sim/parse-args';
import { faultBody } from '../../../scripts/sim/fault-commands';

const NODES = ['node-1', 'node-2'];

describe('the fault table', () => {
  it('every field of every fault type can be set from `sim fault add`', () => {
    const settable = new Set([...FAULT_FIELD_OPTIONS.map((o) => o.field), ...FAULT_LIST_OPTIONS.map((o) => o.field), 'error']);
    for (const type of FAULT_TYPES) for (const field of FAULT_TABLE[type].fields) expect([type, field, settable.has(field)]).toEqual([type, field, true]);
  });

  it('`sim fault add` accepts exactly the table\'s options', () => {
    expect(COMMAND_OPTIONS['fault add']).toEqual([
      '--id', '--node', '--nodes', '--messages', '--paths', '--methods', '--direction', '--probability', '--distribution',
      '--ms', '--min-ms', '--max-ms', '--mean-ms', '--jitter-ms', '--action', '--content', '--status', '--count', '--duration-ms',
      '--error-type', '--error-reason',
    ]);
  });

  it('the network faults are the ones the table says act on messages', () => {
    const network = FAULT_TYPES.filter((t) => FAULT_TABLE[t].kind === 'network');
    expect(network).toEqual(['partition', 'drop', 'delay', 'duplicate', 'error']);
    expect(isNetworkFault(parseFaultSpec({ type: 'delay', ms: 5 }, NODES))).toBe(true);
    expect(isNetworkFault(parseFaultSpec({ type: 'kill', nodes: ['node-1'] }, NODES))).toBe(false);
  });

  it('a definition built by the CLI from its options parses to the same fault', () => {
    const { options } = parseArgs(['fault', 'add', 'delay', '--node', 'node-2', '--distribution', 'uniform', '--min-ms', '5', '--max-ms=10']);
    const input = { options: new Options(options) };
    const body = faultBody('delay', input);
    expect(parseFaultSpec(body, NODES)).toEqual({
      type: 'delay', direction: 'both', delay: { distribution: 'uniform', min_ms: 5, max_ms: 10, jitter_ms: 0 }, nodes: ['node-2'], messages: [],
    });
  });

  it('a rest fault from the CLI: paths, methods, status, count and duration_ms', () => {
    const argv = ['fault', 'add', 'rest', '--action', 'error', '--paths', '/_security/_authenticate,/_security/service/*', '--methods', 'GET', '--status', '429', '--count', '2', '--duration-ms', '1000'];
    const body = faultBody('rest', { options: new Options(parseArgs(argv).options) });
    expect(parseFaultSpec(body, NODES)).toMatchObject({
      type: 'rest', action: 'error', paths: ['/_security/_authenticate', '/_security/service/*'], methods: ['GET'], probability: 1,
      status: 429, error: { type: 'es_rejected_execution_exception' }, count: 2, duration_ms: 1000,
    });
  });
});
