import { startTestCluster, SUPERUSER_AUTH, type TestCluster } from '../support/in-process';

// A malformed escape in the query string: RestRequest.request fails to decode the parameters
// (RestUtils.decodeQueryString → decodeComponent's IllegalArgumentException, wrapped in
// RestRequest.BadParameterException), and AbstractHttpServerTransport dispatches the request
// as a bad request, rebuilt without parameters (so `pretty`, `error_trace` are not applied).
// In a path parameter: PathTrie decodes it while RestController.tryAllHandlers looks for a
// handler, and the IllegalArgumentException becomes handleUnsupportedHttpMethod's 405.
describe('percent-decoding of the query string and of path parameters', () => {
  let t: TestCluster;
  beforeAll(async () => {
    t = await startTestCluster({ nodes: 1 });
  });
  afterAll(() => t.stop());
  const su = (r: ReturnType<TestCluster['http']['get']>) => r.set('Authorization', SUPERUSER_AUTH);

  const badParameter = (message: string) => ({
    error: {
      root_cause: [{ type: 'bad_parameter_exception', reason: `java.lang.IllegalArgumentException: ${message}` }],
      type: 'bad_parameter_exception',
      reason: `java.lang.IllegalArgumentException: ${message}`,
      caused_by: { type: 'illegal_argument_exception', reason: message },
    },
    status: 400,
  });

  it('an invalid escape in a query value is the 400 bad_parameter_exception, caused by decodeComponent\'s message', async () => {
    const res = await su(t.http.get('/_security/_authenticate?pretty=%zz'));
    expect(res.status).toBe(400);
    expect(res.headers['x-elastic-product']).toBe('Elasticsearch');
    expect(res.text).toBe(JSON.stringify(badParameter('invalid escape sequence `%zz\' at index 0 of: %zz')));
  });

  it('a trailing % is an unterminated escape; a % and one character a partial one', async () => {
    const trailing = await su(t.http.get('/_security/_authenticate?filter_path=%'));
    expect([trailing.status, trailing.body]).toEqual([400, badParameter('unterminated escape sequence at end of string: %')]);
    const partial = await su(t.http.get('/_security/_authenticate?filter_path=ab%4'));
    expect([partial.status, partial.body]).toEqual([400, badParameter('partial escape sequence at end of string: ab%4')]);
    // The index counts from the start of the component decoded (here the name), not of the URL.
    const inName = await su(t.http.get('/_security/_authenticate?pretty&x%4g=1'));
    expect(inName.body).toEqual(badParameter('invalid escape sequence `%4g\' at index 1 of: x%4g'));
  });

  it('the request is answered without its parameters: pretty and error_trace do not apply', async () => {
    const res = await su(t.http.get('/_security/_authenticate?pretty&error_trace=true&bad=%zz'));
    expect(res.text).toBe(JSON.stringify(badParameter('invalid escape sequence `%zz\' at index 0 of: %zz')));
  });

  it('authentication comes first: without credentials the bad parameter is a 401', async () => {
    const res = await t.http.get('/_security/_authenticate?pretty=%zz');
    expect(res.status).toBe(401);
    expect(res.body.error.reason).toBe('missing authentication credentials for REST request [/_security/_authenticate?pretty=%zz]');
  });

  it('decodes as ES does: %% is a %, + a space, ; separates parameters', async () => {
    // `filter_path=%%` decodes to `%`, which filters everything away (200 {}), not a 400.
    const percent = await su(t.http.get('/?filter_path=%%'));
    expect([percent.status, percent.body]).toEqual([200, {}]);
    const plus = await su(t.http.get('/?filter_path=cluster+name'));
    expect([plus.status, plus.body]).toEqual([200, {}]);
    const semicolon = await su(t.http.get('/?filter_path=tagline;pretty'));
    expect(semicolon.status).toBe(200);
    expect(semicolon.text).toBe('{\n  "tagline" : "You Know, for Search"\n}\n');
  });

  it('an internal marker parameter is reserved: the same bad_parameter_exception', async () => {
    const res = await su(t.http.get('/?operatorRequest=true'));
    expect([res.status, res.body]).toEqual([400, badParameter('parameter [operatorRequest] is reserved and may not be set')]);
  });

  it('an invalid escape in a path parameter is the 405 of RestController, with the methods of the path', async () => {
    const res = await su(t.http.get('/_security/user/%zz'));
    expect(res.status).toBe(405);
    expect(res.body).toEqual({ error: 'invalid escape sequence `%zz\' at index 0 of: %zz, allowed: [GET, POST, PUT, DELETE]', status: 405 });
    expect(res.headers.allow).toBe('GET,POST,PUT,DELETE');
    const trailing = await su(t.http.delete('/_security/role/abc%'));
    expect([trailing.status, trailing.body]).toEqual([405, { error: 'unterminated escape sequence at end of string: abc%, allowed: [GET, POST, PUT, DELETE]', status: 405 }]);
    const token = await su(t.http.post('/_security/service/elastic/fleet%2/credential/token/t1'));
    expect(token.body).toEqual({ error: 'partial escape sequence at end of string: fleet%2, allowed: [POST, PUT, DELETE]', status: 405 });
  });

  it('a path parameter decodes as ES does: %% is a %, invalid UTF-8 a replacement character, + stays +', async () => {
    const percent = await su(t.http.get('/_security/user/a%%b'));
    expect([percent.status, percent.body]).toEqual([404, {}]);
    const plus = await su(t.http.put('/_security/role/a+b')).send({ cluster: [] });
    expect(plus.body).toEqual({ role: { created: true } });
    expect(Object.keys((await su(t.http.get('/_security/role/a+b'))).body)).toEqual(['a+b']);
    const utf8 = await su(t.http.get('/_security/user/%FF'));
    expect([utf8.status, utf8.body]).toEqual([404, {}]);
  });
});
