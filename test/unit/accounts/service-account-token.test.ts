import {
  decodeBearer,
  encodeBearer,
  isValidTokenName,
  newSecret,
  newTokenName,
  qualifiedName,
} from '../../../src/accounts';

const MAGIC = Buffer.from([0x00, 0x01, 0x00, 0x01]);
const VALID_TOKEN = 'AAEAAWVsYXN0aWMvZmxlZXQtc2VydmVyL3Rva2VuMTpyNXdkYmRib1FTZTl2R09Ld2FKR0F3';
const WRONG_SECRET_TOKEN = 'AAEAAWVsYXN0aWMvZmxlZXQtc2VydmVyL3Rva2VuMTozYUpDTGFRV1JOMnNYbE9kdHhBMFNR';

/** Standard Base64 without padding of MAGIC + text, for building odd tokens by hand. */
function bearerOf(text: string, prefix: Buffer = MAGIC): string {
  return Buffer.concat([prefix, Buffer.from(text, 'utf8')]).toString('base64').replace(/=+$/, '');
}

describe('bearer token encoding (`ServiceAccountToken`)', () => {
  describe('test vectors', () => {
    it('decodes the valid fleet-server token', () => {
      expect(decodeBearer(VALID_TOKEN)).toEqual({
        namespace: 'elastic',
        service: 'fleet-server',
        tokenName: 'token1',
        secret: 'r5wdbdboQSe9vGOKwaJGAw',
      });
    });

    it('decodes the wrong-secret token to the same account with the other secret', () => {
      expect(decodeBearer(WRONG_SECRET_TOKEN)).toEqual({
        namespace: 'elastic',
        service: 'fleet-server',
        tokenName: 'token1',
        secret: '3aJCLaQWRN2sXlOdtxA0SQ',
      });
    });

    it('encodes both vectors byte for byte', () => {
      expect(encodeBearer('elastic', 'fleet-server', 'token1', 'r5wdbdboQSe9vGOKwaJGAw')).toBe(VALID_TOKEN);
      expect(encodeBearer('elastic', 'fleet-server', 'token1', '3aJCLaQWRN2sXlOdtxA0SQ')).toBe(WRONG_SECRET_TOKEN);
    });
  });

  describe('encoding', () => {
    it('starts every elastic-namespace token with AAEAAWVsYXN0aWMv', () => {
      expect(encodeBearer('elastic', 'kibana', 'x', 'secret-secret')).toMatch(/^AAEAAWVsYXN0aWMv/);
    });

    it('never pads with =', () => {
      for (const secret of ['a', 'ab', 'abc', 'abcd']) {
        expect(encodeBearer('elastic', 'fleet-server', 'token1', secret)).not.toContain('=');
      }
    });

    it('round-trips UTF-8 secrets', () => {
      const token = decodeBearer(encodeBearer('elastic', 'fleet-server', 't', 'sécret-✓-秘密'));
      expect(token?.secret).toBe('sécret-✓-秘密');
    });

    it('joins the qualified name with slashes', () => {
      expect(qualifiedName('elastic', 'fleet-server', 'token1')).toBe('elastic/fleet-server/token1');
    });
  });

  describe('parsing', () => {
    it('tolerates = padding', () => {
      const padded = Buffer.concat([MAGIC, Buffer.from('elastic/fleet-server/token1:abc')]).toString('base64');
      expect(padded).toMatch(/=$/);
      expect(decodeBearer(padded)?.secret).toBe('abc');
    });

    it('keeps a secret with extra colons whole', () => {
      expect(decodeBearer(bearerOf('elastic/fleet-server/token1:a:b::c:'))?.secret).toBe('a:b::c:');
    });

    it('accepts an empty secret (length is checked later, at authentication)', () => {
      expect(decodeBearer(bearerOf('elastic/fleet-server/token1:'))?.secret).toBe('');
    });

    it('accepts any non-blank namespace and service (which accounts exist is checked later)', () => {
      expect(decodeBearer(bearerOf('acme/thing/t1:secret'))).toEqual({
        namespace: 'acme',
        service: 'thing',
        tokenName: 't1',
        secret: 'secret',
      });
    });
  });

  describe('rejects as "not a service token"', () => {
    it.each([
      ['a character outside the Base64 alphabet', VALID_TOKEN.slice(0, 10) + '*' + VALID_TOKEN.slice(10)],
      // Standard form is AAEA...MTo+Pj4/Pz9+fn4: the same bytes in the URL-safe alphabet.
      ['URL-safe Base64 characters', bearerOf('elastic/fleet-server/token1:>>>???~~~').replace(/\+/g, '-').replace(/\//g, '_')],
      ['whitespace inside the string', VALID_TOKEN.slice(0, 8) + ' ' + VALID_TOKEN.slice(8)],
      ['a single dangling Base64 character', VALID_TOKEN + 'A'], // 72 + 1 characters
      ['= in the middle', 'AAEA=AWV'],
      ['three = of padding', VALID_TOKEN.slice(0, 69) + '==='],
      ['padding that does not complete a group', 'AAEAAQ=='.slice(0, 7)],
      ['the empty string', ''],
      ['fewer than 4 bytes', Buffer.from([0, 1, 0]).toString('base64')],
      ['wrong magic bytes', bearerOf('elastic/fleet-server/token1:secret', Buffer.from([0, 1, 0, 2]))],
      ['no magic bytes at all', Buffer.from('elastic/fleet-server/token1:secret').toString('base64')],
      ['no colon', bearerOf('elastic/fleet-server/token1')],
      ['2 name parts', bearerOf('elastic/token1:secret')],
      ['4 name parts', bearerOf('elastic/fleet-server/extra/token1:secret')],
      ['a blank namespace', bearerOf(' /fleet-server/token1:secret')],
      ['an empty namespace', bearerOf('/fleet-server/token1:secret')],
      ['a blank service', bearerOf('elastic/\t/token1:secret')],
      ['an empty token name', bearerOf('elastic/fleet-server/:secret')],
      ['an invalid token name', bearerOf('elastic/fleet-server/_token1:secret')],
      ['a token name with a dot', bearerOf('elastic/fleet-server/token.1:secret')],
    ])('%s', (_label, value) => {
      expect(decodeBearer(value)).toBeNull();
    });
  });
});

describe('secret and name generation (`ServiceAccountToken#newToken`)', () => {
  it('makes 22-character secrets from the URL-safe Base64 alphabet', () => {
    for (let i = 0; i < 200; i++) {
      expect(newSecret()).toMatch(/^[A-Za-z0-9_-]{22}$/);
    }
  });

  it('shapes the 16 secret bytes as a version-4 UUID', () => {
    const bytes = Buffer.from(newSecret(() => Buffer.alloc(16, 0xff)), 'base64url');
    expect(bytes).toHaveLength(16);
    expect(bytes[6]).toBe(0x4f); // version nibble 4
    expect(bytes[8]).toBe(0xbf); // variant bits 10
  });

  it('makes different secrets each time', () => {
    expect(new Set(Array.from({ length: 100 }, () => newSecret())).size).toBe(100);
  });

  it('names tokens token_ plus 20 URL-safe characters, always valid', () => {
    for (let i = 0; i < 100; i++) {
      const name = newTokenName();
      expect(name).toMatch(/^token_[A-Za-z0-9_-]{20}$/);
      expect(isValidTokenName(name)).toBe(true);
    }
  });
});
