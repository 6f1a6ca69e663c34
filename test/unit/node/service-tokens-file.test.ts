import { readFileSync } from 'node:fs';
import path from 'node:path';
import { verifySecret } from '../../../src/accounts';
import {
  formatServiceTokens,
  parseServiceTokens,
  sameTokens,
  ServiceTokensParseError,
} from '../../../src/node/service-tokens-file';

const HASH =
  '{PBKDF2_STRETCH}10000$8QN+eThJEaCd18sCP0nfzxJq2D9yhmSZgI20TDooYcE=$+0ELfqW4D2+/SlHvm/885dzv67qO2SMJg32Mv/9epXk=';
const OTHER_HASH = '{SSHA256}AAECAwQFBgc=ArJXr3LISeOJ0F1IcPkD0W2hvvUhgUBtFh4epEY6CtE=';

function lines(...text: string[]): string {
  return text.join('\n') + '\n';
}

/** The error parseServiceTokens throws for this content (fails the test if it does not throw). */
function parseError(content: string): ServiceTokensParseError {
  try {
    parseServiceTokens(content);
  } catch (error) {
    if (error instanceof ServiceTokensParseError) return error;
    throw error;
  }
  throw new Error('expected parseServiceTokens to throw');
}

describe('service_tokens file (`FileServiceAccountTokenStore`)', () => {
  describe('entries', () => {
    it('reads one key:hash entry per line', () => {
      const { tokens, warnings } = parseServiceTokens(lines(`elastic/fleet-server/token1:${HASH}`));
      expect([...tokens]).toEqual([['elastic/fleet-server/token1', HASH]]);
      expect(warnings).toEqual([]);
    });

    it('splits at the first colon only', () => {
      const { tokens } = parseServiceTokens(lines(`a/b/c:{SSHA256}x:y:z`));
      expect(tokens.get('a/b/c')).toBe('{SSHA256}x:y:z');
    });

    it('trims each line before splitting', () => {
      const { tokens } = parseServiceTokens(lines(`  elastic/fleet-server/token1:${HASH} \t`));
      expect(tokens.get('elastic/fleet-server/token1')).toBe(HASH);
    });

    it('keeps spaces around the colon as part of key and hash', () => {
      const { tokens } = parseServiceTokens(lines(`elastic/fleet-server/t1 : ${OTHER_HASH}`));
      expect([...tokens.keys()]).toEqual([]); // " {SSHA256}..." has no recognised prefix: plain text
      const second = parseServiceTokens(lines(`elastic/fleet-server/t1 :${OTHER_HASH}`));
      expect([...second.tokens.keys()]).toEqual(['elastic/fleet-server/t1 ']);
    });

    it('does not validate keys against accounts or name rules', () => {
      const { tokens } = parseServiceTokens(lines(`not-a-principal:${HASH}`, `elastic/fleet-server/_bad name:${HASH}`, `:${HASH}`));
      expect([...tokens.keys()]).toEqual(['not-a-principal', 'elastic/fleet-server/_bad name', '']);
    });

    it('reads CRLF and CR line endings', () => {
      const { tokens } = parseServiceTokens(`a/b/one:${HASH}\r\na/b/two:${HASH}\ra/b/three:${HASH}`);
      expect([...tokens.keys()]).toEqual(['a/b/one', 'a/b/two', 'a/b/three']);
    });

    it('reads empty content as no tokens', () => {
      expect(parseServiceTokens('').tokens.size).toBe(0);
    });

    it('loads the fixture file with its one fleet-server token, whose vector secret verifies', async () => {
      const content = readFileSync(path.join(__dirname, '../../../fixtures/service_tokens'), 'utf8');
      const { tokens, warnings } = parseServiceTokens(content);
      expect([...tokens.keys()]).toEqual(['elastic/fleet-server/token1']);
      expect(warnings).toEqual([]);
      await expect(verifySecret('r5wdbdboQSe9vGOKwaJGAw', tokens.get('elastic/fleet-server/token1') ?? '')).resolves.toBe(true);
    });
  });

  describe('comments and blank lines', () => {
    it('skips a line whose first character is #', () => {
      const { tokens } = parseServiceTokens(lines('# a comment', '#no space:either', `a/b/c:${HASH}`));
      expect([...tokens.keys()]).toEqual(['a/b/c']);
    });

    it('treats an indented # line as an entry, not a comment', () => {
      const { tokens } = parseServiceTokens(lines(`  #a/b/c:${HASH}`));
      expect([...tokens.keys()]).toEqual(['#a/b/c']);
    });

    it('fails on an indented # line without a colon', () => {
      expect(parseError(lines(`a/b/c:${HASH}`, ' # just a remark')).message).toBe("Missing ':' character at line #2");
    });

    it('skips empty and whitespace-only lines', () => {
      const { tokens } = parseServiceTokens(lines('', '   ', '\t', `a/b/c:${HASH}`, ''));
      expect([...tokens.keys()]).toEqual(['a/b/c']);
    });
  });

  describe('whole-file failures', () => {
    it("fails on a line with no ':' and names its 1-based line number, counting comments and blanks", () => {
      const error = parseError(lines('# header', '', `a/b/c:${HASH}`, 'a/b/d'));
      expect(error).toBeInstanceOf(ServiceTokensParseError);
      expect(error.message).toBe("Missing ':' character at line #4");
      expect(error.lineNumber).toBe(4);
    });

    it('fails on non-numeric PBKDF2 iterations and names the line', () => {
      const error = parseError(lines(`a/b/c:${HASH}`, 'a/b/d:{PBKDF2_STRETCH}many$salt$key'));
      expect(error.lineNumber).toBe(2);
      expect(error.message).toMatch(/line #2/);
      expect(error.message).toMatch(/\[a\/b\/d\]/);
      expect(error.message).toMatch(/The number of iterations could not be determined/);
    });

    it('fails on a PBKDF2 iteration count ES has no hasher for', () => {
      expect(parseError(lines('a/b/c:{PBKDF2}1234$salt$key')).message).toMatch(/unknown hash function \[pbkdf2_1234\]/);
    });

    it('fails even when the malformed line comes after good ones (no partial result)', () => {
      expect(() => parseServiceTokens(lines(`a/b/c:${HASH}`, `a/b/d:${HASH}`, 'a/b/e:{PBKDF2}x'))).toThrow(ServiceTokensParseError);
    });
  });

  describe('skipped lines and duplicates', () => {
    it('skips a plain-text hash with a warning', () => {
      const { tokens, warnings } = parseServiceTokens(lines('a/b/plain:r5wdbdboQSe9vGOKwaJGAw', `a/b/c:${HASH}`));
      expect([...tokens.keys()]).toEqual(['a/b/c']);
      expect(warnings).toEqual(['skipping plaintext service account token for key [a/b/plain]']);
    });

    it('skips an empty hash as plain text', () => {
      const { tokens, warnings } = parseServiceTokens(lines('a/b/c:'));
      expect(tokens.size).toBe(0);
      expect(warnings).toHaveLength(1);
    });

    it('lets the later of two duplicate keys win, with a warning', () => {
      const { tokens, warnings } = parseServiceTokens(lines(`a/b/c:${HASH}`, `a/b/c:${OTHER_HASH}`));
      expect([...tokens]).toEqual([['a/b/c', OTHER_HASH]]);
      expect(warnings).toEqual(['found duplicated key [a/b/c], earlier entries are overridden']);
    });

    it('does not let a skipped plain-text line override an earlier entry', () => {
      const { tokens } = parseServiceTokens(lines(`a/b/c:${HASH}`, 'a/b/c:plain'));
      expect(tokens.get('a/b/c')).toBe(HASH);
    });
  });

  describe('formatting', () => {
    it('writes key:hash lines sorted by key, with a trailing newline', () => {
      const tokens = new Map([
        ['elastic/kibana/b', OTHER_HASH],
        ['elastic/fleet-server/token1', HASH],
        ['elastic/fleet-server-remote/a', HASH],
      ]);
      expect(formatServiceTokens(tokens)).toBe(
        `elastic/fleet-server-remote/a:${HASH}\nelastic/fleet-server/token1:${HASH}\nelastic/kibana/b:${OTHER_HASH}\n`,
      );
    });

    it('writes nothing for no tokens', () => {
      expect(formatServiceTokens(new Map())).toBe('');
    });

    it('round-trips through the parser', () => {
      const tokens = new Map([
        ['a/b/two', OTHER_HASH],
        ['a/b/one', HASH],
      ]);
      expect(sameTokens(parseServiceTokens(formatServiceTokens(tokens)).tokens, tokens)).toBe(true);
    });

    it('reproduces the fixture byte for byte', () => {
      const content = readFileSync(path.join(__dirname, '../../../fixtures/service_tokens'), 'utf8');
      expect(formatServiceTokens(parseServiceTokens(content).tokens)).toBe(content);
    });
  });

  describe('comparing token sets', () => {
    const base = new Map([
      ['a/b/one', HASH],
      ['a/b/two', OTHER_HASH],
    ]);

    it('treats the same keys and hashes in another order as the same', () => {
      expect(sameTokens(base, new Map([...base].reverse()))).toBe(true);
    });

    it('sees a changed hash', () => {
      expect(sameTokens(base, new Map([...base, ['a/b/two', HASH]]))).toBe(false);
    });

    it('sees an added or removed key', () => {
      expect(sameTokens(base, new Map([...base, ['a/b/three', HASH]]))).toBe(false);
      expect(sameTokens(base, new Map([['a/b/one', HASH]]))).toBe(false);
    });

    it('treats two empty sets as the same', () => {
      expect(sameTokens(new Map(), new Map())).toBe(true);
    });
  });
});
