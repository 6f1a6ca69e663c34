/**
 * A scenario target standing in for a real Elasticsearch behind `--url`: no `/_sim`, a fixed
 * version, and whatever `send` answers. For runner tests that need a target the simulator is not.
 */
import type { Target, TargetRequest, TargetResponse } from '../../src/scenario/targets';

export function realEsTarget(send: (request: TargetRequest) => TargetResponse, version = '9.4.4', onVersions: () => void = () => undefined): Target {
  return {
    description: 'http://real-es:9200',
    hasSim: false,
    send: async (request) => send(request),
    versions: async () => {
      onVersions();
      return { nodeVersions: [version], current: '9.4.4' };
    },
    journalSeq: async () => 0,
    journalSince: async () => [],
    close: async () => {},
  };
}
