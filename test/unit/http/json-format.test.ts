import { formatJson, JsonDouble } from '../../../src/http/json-format';

describe('JSON output like Elasticsearch', () => {
  it('is compact without pretty, with no trailing newline', () => {
    expect(formatJson({ a: [1, 'x'], b: {} }, false)).toBe('{"a":[1,"x"],"b":{}}');
  });

  it('with pretty: "key" : value, two-space indent, one array item a line, empty containers spaced, newline at end', () => {
    expect(formatJson({ a: 1, b: { c: [true, null] }, e: [], f: {} }, true)).toBe(
      '{\n  "a" : 1,\n  "b" : {\n    "c" : [\n      true,\n      null\n    ]\n  },\n  "e" : [ ],\n  "f" : { }\n}\n',
    );
  });

  it('keeps the decimal point of whole doubles', () => {
    expect(formatJson({ p: new JsonDouble(100) }, false)).toBe('{"p":100.0}');
    expect(formatJson({ p: new JsonDouble(96.5) }, false)).toBe('{"p":96.5}');
  });

  it('leaves out undefined fields', () => {
    expect(formatJson({ a: undefined, b: 1 }, false)).toBe('{"b":1}');
  });
});
