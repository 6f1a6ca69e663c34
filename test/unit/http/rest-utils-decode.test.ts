import { decodeComponent, decodeQueryString } from '../../../src/http/rest-request';

// The rules of Elasticsearch's RestUtils.decodeComponent and decodeQueryString.
describe('RestUtils decoding', () => {
  it('decodeComponent: escapes to UTF-8 bytes, %% to %, + only where asked; malformed escapes throw ES\'s messages', () => {
    expect(decodeComponent('a%2Fb%C3%A9')).toBe('a/bé');
    expect(decodeComponent('100%%')).toBe('100%');
    expect(decodeComponent('a+b')).toBe('a+b');
    expect(decodeComponent('a+b', true)).toBe('a b');
    expect(decodeComponent('%FF')).toBe('\uFFFD');
    expect(decodeComponent('')).toBe('');
    expect(() => decodeComponent('%')).toThrow('unterminated escape sequence at end of string: %');
    expect(() => decodeComponent('ab%4')).toThrow('partial escape sequence at end of string: ab%4');
    expect(() => decodeComponent('ab%zz')).toThrow("invalid escape sequence `%zz' at index 2 of: ab%zz");
    expect(() => decodeComponent('%4g')).toThrow("invalid escape sequence `%4g' at index 0 of: %4g");
  });

  it('decodeQueryString: & and ; separate, # ends the query, a bare name is "", reserved markers are refused', () => {
    const q = (uri: string) => Object.fromEntries(decodeQueryString(uri, uri.indexOf('?') + 1));
    expect(q('/p?a=1&b;c=x+y&d=%41')).toEqual({ a: '1', b: '', c: 'x y', d: 'A' });
    expect(q('/p?a=b=c&=v&e=')).toEqual({ a: 'b=c', v: '', e: '' });
    expect(q('/p?a=1#b=2')).toEqual({ a: '1' });
    expect(q('/p?')).toEqual({});
    expect(q('/p?a=1&a=2')).toEqual({ a: '2' });
    expect(() => q('/p?SERVERLESSREQUEST=x')).toThrow('parameter [SERVERLESSREQUEST] is reserved and may not be set');
  });
});
