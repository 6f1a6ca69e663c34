import { clearCacheKeys, splitNames } from '../../../src/http/routes/clear-cache';
import { EsError } from '../../../src/errors';

const MUST = 'service account token name must have at least 1 character and at most 256 characters that are alphanumeric (A-Z, a-z, 0-9) or hyphen (-) or underscore (_). It must not begin with an underscore (_).';

function rejection(names: string): { status: number; type: string; reason: string | null } {
  try {
    clearCacheKeys('elastic', 'fleet-server', names);
  } catch (err) {
    const e = err as EsError;
    return { status: e.status, type: e.type, reason: e.reason };
  }
  throw new Error(`expected [${names}] to be rejected`);
}

describe('clear cache: splitting the {name} segment like Java String.split', () => {
  it.each([
    ['a,,b', ['a', '', 'b']],
    ['a,', ['a']],
    [',a', ['', 'a']],
    [',', []],
    ['', []],
    ['a, b', ['a', ' b']],
  ])('%j → %j', (input, expected) => {
    expect(splitNames(input)).toEqual(expected);
  });
});

describe('clear cache: the `CachingServiceAccountTokenStore#invalidate` examples', () => {
  it('one name is one exact key', () => {
    expect(clearCacheKeys('elastic', 'fleet-server', 'token1')).toEqual(['elastic/fleet-server/token1']);
  });

  it('a list is de-duplicated', () => {
    expect(clearCacheKeys('elastic', 'fleet-server', 'token1,token2,token1').sort()).toEqual([
      'elastic/fleet-server/token1',
      'elastic/fleet-server/token2',
    ]);
  });

  it.each(['*', '_all', '', ','])('%j means every token of the account: the prefix key', (names) => {
    expect(clearCacheKeys('elastic', 'fleet-server', names)).toEqual(['elastic/fleet-server/']);
  });

  it('an unknown name is fine', () => {
    expect(clearCacheKeys('elastic', 'fleet-server', 'api-token-1,does-not-exist')).toEqual([
      'elastic/fleet-server/api-token-1',
      'elastic/fleet-server/does-not-exist',
    ]);
  });

  it('namespace and service are not validated', () => {
    expect(clearCacheKeys('no', 'such-account', '*')).toEqual(['no/such-account/']);
  });

  it.each([
    ['_bad', '_bad'],
    ['token1,*', '*'],
    ['a,,b', ''],
    ['*,token1', '*'],
    ['_all,token1', '_all'],
    ['tok*', 'tok*'],
    ['my.token', 'my.token'],
    ['my token', 'my token'],
    ['good,_bad,*', '_bad'],
  ])('%j is a 400 naming the first invalid item %j', (names, item) => {
    expect(rejection(names)).toEqual({ status: 400, type: 'illegal_argument_exception', reason: `invalid service token name [${item}]. ${MUST}` });
  });
});
