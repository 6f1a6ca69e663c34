import {
  cacheHash,
  cacheHashMatches,
  checkHashFormat,
  HASH_ALGORITHMS,
  hashKind,
  hashSecret,
  HashFormatError,
  resolveHashAlgorithm,
  verifySecret,
  verifySecretSync,
  type HashAlgorithm,
} from '../../../src/accounts';

const SECRET = 'r5wdbdboQSe9vGOKwaJGAw';
const WRONG_SECRET = '3aJCLaQWRN2sXlOdtxA0SQ';
const STRETCH_VECTOR =
  '{PBKDF2_STRETCH}10000$8QN+eThJEaCd18sCP0nfzxJq2D9yhmSZgI20TDooYcE=$+0ELfqW4D2+/SlHvm/885dzv67qO2SMJg32Mv/9epXk=';
const SSHA256_VECTOR = '{SSHA256}AAECAwQFBgc=ArJXr3LISeOJ0F1IcPkD0W2hvvUhgUBtFh4epEY6CtE=';
const SALT_0_TO_7 = Buffer.from([0, 1, 2, 3, 4, 5, 6, 7]);
const BCRYPT_LIKE = '$2a$10$' + 'N9qo8uLOickgx2ZMRZoMye' + 'IjZAgcfl7p92ldGxad68LJZdL17lhWy';

describe('secret hashing (`Hasher`)', () => {
  describe('test vectors', () => {
    it('verifies the PBKDF2_STRETCH vector with its secret', async () => {
      await expect(verifySecret(SECRET, STRETCH_VECTOR)).resolves.toBe(true);
      expect(verifySecretSync(SECRET, STRETCH_VECTOR)).toBe(true);
    });

    it('rejects the PBKDF2_STRETCH vector with the wrong secret', async () => {
      await expect(verifySecret(WRONG_SECRET, STRETCH_VECTOR)).resolves.toBe(false);
      expect(verifySecretSync(WRONG_SECRET, STRETCH_VECTOR)).toBe(false);
    });

    it('produces the SSHA256 vector from salt bytes 00..07', () => {
      expect(cacheHash(SECRET, SALT_0_TO_7)).toBe(SSHA256_VECTOR);
    });

    it('verifies the SSHA256 vector with its secret only', async () => {
      await expect(verifySecret(SECRET, SSHA256_VECTOR)).resolves.toBe(true);
      await expect(verifySecret(WRONG_SECRET, SSHA256_VECTOR)).resolves.toBe(false);
    });
  });

  describe('round trips', () => {
    // The 500k and 1M variants cost ~0.3-0.6 s each; they get a cheaper check below.
    const affordable = HASH_ALGORITHMS.filter((algorithm) => !/_(500000|1000000)$/.test(algorithm));

    it.each(affordable)('%s verifies its own secret and no other', async (algorithm) => {
      const hash = await hashSecret(SECRET, algorithm);
      await expect(verifySecret(SECRET, hash)).resolves.toBe(true);
      await expect(verifySecret(WRONG_SECRET, hash)).resolves.toBe(false);
      expect(verifySecretSync(SECRET, hash)).toBe(true);
    });

    it.each([
      ['PBKDF2_STRETCH', '{PBKDF2_STRETCH}10000$'],
      ['PBKDF2_STRETCH_1000', '{PBKDF2_STRETCH}1000$'],
      ['PBKDF2_STRETCH_100000', '{PBKDF2_STRETCH}100000$'],
      ['PBKDF2', '{PBKDF2}10000$'],
      ['PBKDF2_50000', '{PBKDF2}50000$'],
    ] as [HashAlgorithm, string][])('%s writes the prefix and iteration count %s', async (algorithm, start) => {
      expect(await hashSecret(SECRET, algorithm)).toMatch(new RegExp(`^${start.replace(/[{}$]/g, '\\$&')}`));
    });

    it('writes the 500000 and 1000000 iteration counts into the hash', async () => {
      const [stretch, plain] = await Promise.all([
        hashSecret(SECRET, 'PBKDF2_STRETCH_1000000'),
        hashSecret(SECRET, 'PBKDF2_500000'),
      ]);
      expect(stretch.startsWith('{PBKDF2_STRETCH}1000000$')).toBe(true);
      expect(plain.startsWith('{PBKDF2}500000$')).toBe(true);
    });

    it('uses a 32-byte salt and a 256-bit key (44 Base64 characters each)', async () => {
      const [, salt, key] = (await hashSecret(SECRET)).split('$');
      expect(salt).toHaveLength(44);
      expect(key).toHaveLength(44);
    });

    it('salts every hash differently', async () => {
      expect(await hashSecret(SECRET, 'SSHA256')).not.toBe(await hashSecret(SECRET, 'SSHA256'));
    });

    it('does not confuse PBKDF2 with PBKDF2_STRETCH (the stretch hashes the secret first)', async () => {
      const stretched = await hashSecret(SECRET, 'PBKDF2_STRETCH');
      const asPlainPbkdf2 = stretched.replace('{PBKDF2_STRETCH}', '{PBKDF2}');
      await expect(verifySecret(SECRET, asPlainPbkdf2)).resolves.toBe(false);
    });
  });

  describe('algorithm names', () => {
    it('resolves names case-insensitively, like ES settings', () => {
      expect(resolveHashAlgorithm('pbkdf2_stretch_1000')).toBe('PBKDF2_STRETCH_1000');
      expect(resolveHashAlgorithm('ssha256')).toBe('SSHA256');
    });

    it('rejects unknown names with the ES message', () => {
      expect(() => resolveHashAlgorithm('sha3')).toThrow('unknown hash function [sha3]');
    });
  });

  describe('plain text (NOOP) and bcrypt', () => {
    it('treats a hash with no known prefix as the secret itself', async () => {
      await expect(verifySecret('plain-secret', 'plain-secret')).resolves.toBe(true);
      await expect(verifySecret('plain-secret', 'other')).resolves.toBe(false);
      expect(hashKind('{SHA512}abc')).toBe('noop');
    });

    it('recognises $2a$, $2b$ and $2y$ as bcrypt but cannot verify them', async () => {
      for (const minor of ['a', 'b', 'y']) {
        const hash = BCRYPT_LIKE.replace('$2a$', `$2${minor}$`);
        expect(hashKind(hash)).toBe('bcrypt');
        await expect(verifySecret('U*U', hash)).resolves.toBe(false);
      }
      expect(hashKind('$2x$10$abc')).toBe('noop');
    });
  });

  describe('malformed hashes fail verification instead of throwing', () => {
    it.each([
      ['non-numeric iterations', '{PBKDF2_STRETCH}abc$8QN+eThJEaCd18sCP0nfzxJq2D9yhmSZgI20TDooYcE=$+0ELfqW4D2+/SlHvm/885dzv67qO2SMJg32Mv/9epXk='],
      ['an unsupported iteration count', '{PBKDF2_STRETCH}2000$8QN+eThJEaCd18sCP0nfzxJq2D9yhmSZgI20TDooYcE=$+0ELfqW4D2+/SlHvm/885dzv67qO2SMJg32Mv/9epXk='],
      ['a missing key part', '{PBKDF2_STRETCH}10000$8QN+eThJEaCd18sCP0nfzxJq2D9yhmSZgI20TDooYcE='],
      ['a salt that is not Base64', '{PBKDF2_STRETCH}10000$8QN*eThJ$+0ELfqW4D2+/SlHvm/885dzv67qO2SMJg32Mv/9epXk='],
      ['a salt under 8 bytes', '{PBKDF2_STRETCH}10000$AAEC$+0ELfqW4D2+/SlHvm/885dzv67qO2SMJg32Mv/9epXk='],
      ['a key too short to derive', '{PBKDF2_STRETCH}10000$8QN+eThJEaCd18sCP0nfzxJq2D9yhmSZgI20TDooYcE=$abc'],
      ['an SSHA256 hash shorter than its salt', '{SSHA256}AAEC'],
      ['an SSHA256 salt that is not Base64', '{SSHA256}AAECAwQF*gc=ArJXr3LISeOJ0F1IcPkD0W2hvvUhgUBtFh4epEY6CtE='],
    ])('%s', async (_label, hash) => {
      await expect(verifySecret(SECRET, hash)).resolves.toBe(false);
      expect(verifySecretSync(SECRET, hash)).toBe(false);
    });
  });
});

describe('hash format detection', () => {
  it.each([
    [STRETCH_VECTOR, 'pbkdf2_stretch'],
    ['{PBKDF2}10000$salt$key', 'pbkdf2'],
    [SSHA256_VECTOR, 'ssha256'],
    [BCRYPT_LIKE, 'bcrypt'],
    ['r5wdbdboQSe9vGOKwaJGAw', 'noop'],
    ['', 'noop'],
    ['{pbkdf2}10000$salt$key', 'noop'],
  ])('%s is %s', (hash, kind) => {
    expect(hashKind(hash)).toBe(kind);
  });

  describe('checkHashFormat accepts what ES can resolve', () => {
    it.each([
      ['the PBKDF2_STRETCH vector', STRETCH_VECTOR],
      ['the largest supported iteration count', '{PBKDF2}1000000$s$k'],
      ['a PBKDF2 hash whose salt and key are checked only when verifying', '{PBKDF2_STRETCH}10000$x'],
      ['an explicit + sign on the iterations (Java parseInt)', '{PBKDF2}+10000$s$k'],
      ['any SSHA256 text', '{SSHA256}anything'],
      ['a bcrypt hash with cost 4..14', BCRYPT_LIKE.replace('$10$', '$14$')],
      ['plain text', 'not-a-hash'],
    ])('%s', (_label, hash) => {
      expect(() => checkHashFormat(hash)).not.toThrow();
    });
  });

  describe('checkHashFormat rejects what ES cannot resolve', () => {
    it.each([
      ['non-numeric PBKDF2 iterations', '{PBKDF2_STRETCH}ten$s$k', 'The number of iterations could not be determined'],
      ['no $ after the iterations', '{PBKDF2_STRETCH}10000', 'The number of iterations could not be determined'],
      ['empty iterations', '{PBKDF2}$s$k', 'The number of iterations could not be determined'],
      ['an unsupported iteration count', '{PBKDF2_STRETCH}2000$s$k', 'unknown hash function [pbkdf2_stretch_2000]'],
      ['an unsupported plain PBKDF2 count', '{PBKDF2}5$s$k', 'unknown hash function [pbkdf2_5]'],
      ['a bcrypt cost out of range', BCRYPT_LIKE.replace('$10$', '$31$'), 'unknown hash function [bcrypt31]'],
      // Arrays.copyOfRange(hash, 4, length - 54): its own IllegalArgumentException.
      ['a truncated bcrypt hash', '$2a$10$short', '4 > -42'],
      ['a bcrypt cost that is not a number', BCRYPT_LIKE.replace('$10$', '$1x$'), 'For input string: "1x"'],
    ])('%s', (_label, hash, message) => {
      expect(() => checkHashFormat(hash)).toThrow(HashFormatError);
      expect(() => checkHashFormat(hash)).toThrow(message);
    });
  });
});

describe('cache hash (`CachingServiceAccountTokenStore`)', () => {
  it('is SSHA256 with a fresh 8-byte salt per entry', () => {
    const first = cacheHash(SECRET);
    expect(first).toMatch(/^\{SSHA256\}[A-Za-z0-9+/]{11}=[A-Za-z0-9+/]{43}=$/);
    expect(cacheHash(SECRET)).not.toBe(first);
  });

  it('matches the secret it was made from and no other', () => {
    const hash = cacheHash(SECRET);
    expect(cacheHashMatches(SECRET, hash)).toBe(true);
    expect(cacheHashMatches(WRONG_SECRET, hash)).toBe(false);
    expect(cacheHashMatches(SECRET.slice(0, -1), hash)).toBe(false);
  });

  it('matches the SSHA256 test vector', () => {
    expect(cacheHashMatches(SECRET, SSHA256_VECTOR)).toBe(true);
  });

  it('refuses a salt that is not 8 bytes', () => {
    expect(() => cacheHash(SECRET, Buffer.alloc(4))).toThrow(RangeError);
  });
});
