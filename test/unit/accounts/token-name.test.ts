import { invalidTokenNameMessage, isValidTokenName } from '../../../src/accounts';

describe('token names (`Validation`)', () => {
  describe('accepted', () => {
    it.each([
      ['a single character', 'a'],
      ['a leading hyphen', '-token'],
      ['a leading digit', '1token'],
      ['underscores after the first character', 'api_token_1'],
      ['mixed case and hyphens', 'Fleet-Token-A'],
      ['exactly 256 characters', 'a'.repeat(256)],
    ])('%s', (_label, name) => {
      expect(isValidTokenName(name)).toBe(true);
    });
  });

  describe('rejected', () => {
    it.each([
      ['the empty name', ''],
      ['257 characters', 'a'.repeat(257)],
      ['a leading underscore', '_token'],
      ['a lone underscore', '_'],
      ['a dot', 'token.1'],
      ['a space', 'token 1'],
      ['a slash', 'a/b'],
      ['a colon', 'a:b'],
      ['the wildcard', '*'],
      ['a non-ASCII letter', 'tökén'],
      ['a non-ASCII digit', 'token١'],
      ['a trailing newline', 'token\n'],
    ])('%s', (_label, name) => {
      expect(isValidTokenName(name)).toBe(false);
    });
  });

  describe('error message', () => {
    it('is the exact ES text with the name echoed', () => {
      expect(invalidTokenNameMessage('_bad')).toBe(
        'invalid service token name [_bad]. service account token name must have at least 1 character and at most ' +
          '256 characters that are alphanumeric (A-Z, a-z, 0-9) or hyphen (-) or underscore (_). ' +
          'It must not begin with an underscore (_).',
      );
    });

    it('echoes an empty name as []', () => {
      expect(invalidTokenNameMessage('')).toMatch(/^invalid service token name \[\]\. service account token name/);
    });

    it('echoes the name verbatim, spaces and symbols included', () => {
      expect(invalidTokenNameMessage(' a*b ')).toMatch(/^invalid service token name \[ a\*b \]\./);
    });
  });
});
