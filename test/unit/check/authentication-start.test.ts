/**
 * When the checker says an authentication began: at its own first cache event, found through
 * the `authenticate` requests open on its node — never at an earlier authentication's that
 * ended with an error (no `token.authenticated`), and still at its own when its request timed
 * out and it finished late. Journals written by hand, one event a line.
 */
import { viewOf } from '../../../src/check/journal-view';
import type { JournalEntry } from '../../../src/observe/journal';
import type { SimEvent } from '../../../src/observe/events';

const TOKEN = 'elastic/fleet-server/token1';

function journal(...events: [number, SimEvent][]): JournalEntry[] {
  return events.map(([time_ms, event], i) => ({ seq: i + 1, time_ms, event }));
}

const sent = (id: string): SimEvent => ({ type: 'message.sent', node: 'node-1', kind: 'authenticate', id });
const delivered = (id: string, ok: boolean): SimEvent => ({ type: 'message.delivered', node: 'node-1', kind: 'authenticate', id, ok });
const miss: SimEvent = { type: 'cache.miss', node: 'node-1', cache: 'file', key: TOKEN };
const success: SimEvent = { type: 'token.authenticated', node: 'node-1', token: TOKEN, result: 'success', file: 'miss' };
/** node-1's file loses the token and node-1 reloads it: the removal applied there. */
const removal: [number, SimEvent][] = [
  [100, { type: 'file.written', node: 'node-1', added: [], removed: [TOKEN] }],
  [100, { type: 'file.reloaded', node: 'node-1', changed: true, tokens: 0, added: [], removed: [TOKEN] }],
];
const start: SimEvent = { type: 'cluster.started', nodes: ['node-1'], token_cache_ttl_ms: 60_000, fan_out_timeout_ms: 3000, seed: 1 };

describe('the start of an authentication', () => {
  it('an authentication that ended with an error lends its start to no later one', () => {
    const view = viewOf(journal([0, start], ...removal, [110, sent('1')], [110, miss], [111, delivered('1', false)], [120, sent('2')], [120, miss], [121, success], [121, delivered('2', true)]));
    expect(view.violations.map((v) => [v.started.seq, v.accepted.seq])).toEqual([[8, 9]]); // #8: the cache miss of request 2, #9 its success
    expect([view.authStart.size, view.authRequests.size]).toEqual([0, 0]);
  });

  it('is kept while another open request may be its own', () => {
    // Requests 1 and 2 both open when the authentication began; 1 fails: the start may be 2's.
    const view = viewOf(journal([0, start], [10, sent('1')], [10, sent('2')], [10, miss], [11, delivered('1', false)], ...removal, [120, success], [120, delivered('2', true)]));
    expect(view.violations).toEqual([]);
    expect(view.acceptances.map((a) => a.at.seq)).toEqual([8]);
  });

  it('is kept when its request timed out and it finished late: it began before the removal, no violation', () => {
    const view = viewOf(journal(
      [0, start],
      [10, sent('1')],
      [10, miss],
      [3010, { type: 'message.timed_out', node: 'node-1', kind: 'authenticate', id: '1', ms: 3000 }],
      [3020, sent('2')],
      [3020, { type: 'cache.miss', node: 'node-1', cache: 'file', key: 'elastic/fleet-server/other' }],
      [3021, delivered('2', false)],
      ...removal.map(([, e]): [number, SimEvent] => [3100, e]),
      [3200, success], // request 1's authentication, finished after its sender gave up
    ));
    expect(view.violations).toEqual([]);
    expect(view.acceptances.map((a) => a.at.seq)).toEqual([10]);
    expect([view.authStart.size, view.authRequests.size]).toEqual([0, 0]);
  });

  it('a request lost on its way owns no authentication: the next one starts at its own cache event', () => {
    const view = viewOf(journal(
      [0, start],
      ...removal,
      [110, sent('1')],
      [110, { type: 'message.dropped', node: 'node-1', kind: 'authenticate', leg: 'request', fault: 'drop-1', because: 'drop' }],
      [120, sent('2')],
      [120, miss],
      [121, delivered('2', false)],
      [130, sent('3')],
      [130, miss],
      [131, success],
    ));
    expect(view.violations.map((v) => v.started.seq)).toEqual([10]); // request 3's cache miss
  });

  it('a node that went down ends every authentication it was running', () => {
    const view = viewOf(journal([0, start], ...removal, [110, sent('1')], [110, miss], [111, { type: 'node.down', node: 'node-1', reason: 'killed' }], [112, { type: 'node.up', node: 'node-1', pid: null }], [120, sent('2')], [120, miss], [121, success]));
    expect(view.violations.map((v) => v.started.seq)).toEqual([9]); // request 2's cache miss
  });
});
