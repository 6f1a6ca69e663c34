import { bearer, FILE_TOKEN, startTestCluster, SUPERUSER_AUTH, type TestCluster } from '../support/in-process';

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('users and roles of the native realm', () => {
  let t: TestCluster;
  beforeEach(async () => {
    t = await startTestCluster({ nodes: 2 });
  });
  afterEach(() => t.stop());
  const su = (r: ReturnType<TestCluster['http']['get']>) => r.set('Authorization', SUPERUSER_AUTH);
  const putUser = (name: string, body: unknown) => su(t.http.put(`/_security/user/${name}`)).send(body as object);
  const putRole = (name: string, body: unknown) => su(t.http.put(`/_security/role/${name}`)).send(body as object);
  const CLEAR = '/_security/service/elastic/fleet-server/credential/token/*/_clear_cache';

  it('a new user: created true, then created false on update; Basic auth works with its password', async () => {
    expect((await putUser('bob', { password: 'bob-secret', roles: ['viewer'], full_name: 'Bob' })).body).toEqual({ created: true });
    expect((await putUser('bob', { roles: ['viewer'] })).body).toEqual({ created: false });
    const me = await t.http.get('/_security/_authenticate').set('Authorization', basic('bob', 'bob-secret'));
    expect(me.body).toMatchObject({ username: 'bob', roles: ['viewer'], authentication_realm: { name: 'default_native', type: 'native' }, authentication_type: 'realm' });
  });

  it('a user without manage_security gets the exact 403 with effective roles, and missing roles named', async () => {
    await putRole('viewer', { cluster: ['monitor'] });
    await putUser('bob', { password: 'bob-secret', roles: ['viewer', 'ghost'] });
    const res = await t.http.post(CLEAR).set('Authorization', basic('bob', 'bob-secret'));
    expect(res.status).toBe(403);
    expect(res.body.error.reason).toBe(
      'action [cluster:admin/xpack/security/cache/clear] is unauthorized for user [bob] with effective roles [viewer] (assigned roles [ghost] were not found), this action is granted by the cluster privileges [manage_security,all]',
    );
    expect((await t.http.get('/').set('Authorization', basic('bob', 'bob-secret'))).status).toBe(200);
  });

  it('a role change takes effect on the next request', async () => {
    await putUser('ops', { password: 'ops-secret', roles: ['ops'] });
    await putRole('ops', { cluster: ['monitor'] });
    expect((await t.http.post(CLEAR).set('Authorization', basic('ops', 'ops-secret'))).status).toBe(403);
    await putRole('ops', { cluster: ['manage_security'] });
    expect((await t.http.post(CLEAR).set('Authorization', basic('ops', 'ops-secret'))).status).toBe(200);
  });

  it('manage_service_account may create tokens but not clear caches', async () => {
    await putRole('sam', { cluster: ['manage_service_account'] });
    await putUser('sam', { password: 'sam-secret', roles: ['sam'] });
    const auth = basic('sam', 'sam-secret');
    expect((await t.http.post('/_security/service/elastic/fleet-server/credential/token/t1').set('Authorization', auth)).status).toBe(200);
    expect((await t.http.post(CLEAR).set('Authorization', auth)).status).toBe(403);
  });

  it('a deleted user can no longer log in; a wrong password is the exact 401', async () => {
    await putUser('bob', { password: 'bob-secret', roles: [] });
    expect((await t.http.get('/_security/_authenticate').set('Authorization', basic('bob', 'bob-secret'))).status).toBe(200);
    expect((await su(t.http.delete('/_security/user/bob'))).body).toEqual({ found: true });
    const res = await t.http.get('/_security/_authenticate').set('Authorization', basic('bob', 'bob-secret'));
    expect(res.status).toBe(401);
    expect(res.body.error.reason).toBe('unable to authenticate user [bob] for REST request [/_security/_authenticate]');
    expect((await su(t.http.delete('/_security/user/bob'))).status).toBe(404);
  });

  it('a disabled user cannot log in', async () => {
    await putUser('bob', { password: 'bob-secret', roles: [], enabled: false });
    expect((await t.http.get('/').set('Authorization', basic('bob', 'bob-secret'))).status).toBe(401);
  });

  it('GET lists users (the reserved elastic first) and one by name; unknown is 404 {}', async () => {
    await putUser('bob', { password: 'bob-secret', roles: ['r'], email: 'bob@example.com' });
    const all = await su(t.http.get('/_security/user'));
    expect(Object.keys(all.body)).toEqual(['elastic', 'bob']);
    expect(all.body.bob).toEqual({ username: 'bob', roles: ['r'], full_name: null, email: 'bob@example.com', metadata: {}, enabled: true });
    expect(JSON.stringify(all.body)).not.toContain('bob-secret');
    const missing = await su(t.http.get('/_security/user/nobody'));
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({});
  });

  it('role CRUD: created, get with descriptor fields, found on delete', async () => {
    expect((await putRole('r1', { cluster: ['monitor'], indices: [{ names: ['logs-*'], privileges: ['read'] }] })).body).toEqual({ role: { created: true } });
    const got = await su(t.http.get('/_security/role/r1'));
    expect(got.body).toEqual({
      r1: { cluster: ['monitor'], indices: [{ names: ['logs-*'], privileges: ['read'], allow_restricted_indices: false }], applications: [], run_as: [], metadata: {}, transient_metadata: { enabled: true } },
    });
    expect((await su(t.http.delete('/_security/role/r1'))).body).toEqual({ found: true });
    expect((await su(t.http.get('/_security/role/r1'))).status).toBe(404);
  });

  // Texts, types and order from ES's RestPutUserAction, PutUserRequest.validate,
  // TransportPutUserAction, NativeUsersStore and RoleDescriptorRequestValidator.
  it('put user: a short password fails while the body is read (validation_exception), before anything else', async () => {
    const res = await putUser('bob', { password: 'abc' });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ type: 'validation_exception', reason: 'Validation Failed: 1: passwords must be at least [6] characters long;' });
  });

  it('put user: missing roles, then the reserved user, are action_request_validation_exception', async () => {
    expect((await putUser('bob', { password: 'bob-secret' })).body.error).toMatchObject({
      type: 'action_request_validation_exception',
      reason: 'Validation Failed: 1: roles are missing;',
    });
    expect((await putUser('elastic', { password: 'new-secret', roles: ['superuser'] })).body.error).toMatchObject({
      type: 'action_request_validation_exception',
      reason: 'Validation Failed: 1: user [elastic] is reserved and only the password can be changed;',
    });
  });

  it('put user: a new user without a password is a validation_exception', async () => {
    expect((await putUser('carol', { roles: [] })).body.error).toMatchObject({
      type: 'validation_exception',
      reason: 'Validation Failed: 1: password must be specified unless you are updating an existing user;',
    });
  });

  it('put role: an unknown cluster privilege and the reserved name are validation failures', async () => {
    const unknown = (await putRole('bad', { cluster: ['fly'] })).body.error;
    expect(unknown.type).toBe('action_request_validation_exception');
    expect(unknown.reason).toMatch(/^Validation Failed: 1: unknown cluster privilege \[fly\]\. a privilege must be either one of the predefined cluster privilege names \[.*\] or a pattern over one of the available cluster actions;$/);
    expect((await putRole('superuser', { cluster: ['all'] })).body.error).toMatchObject({
      type: 'action_request_validation_exception',
      reason: 'Validation Failed: 1: Role [superuser] is reserved and may not be used.;',
    });
    expect((await su(t.http.delete('/_security/role/superuser'))).body.error).toMatchObject({
      type: 'illegal_argument_exception',
      reason: 'role [superuser] is reserved and cannot be deleted',
    });
  });

  it('bodies: none is a parse_exception; unparseable JSON an x_content_parse_exception at [line:column]', async () => {
    expect((await su(t.http.put('/_security/user/bob'))).body.error).toMatchObject({ type: 'parse_exception', reason: 'request body is required' });
    const bad = await su(t.http.put('/_security/user/bob')).set('Content-Type', 'application/json').send('{bad');
    expect(bad.status).toBe(400);
    expect(bad.body.error.type).toBe('x_content_parse_exception');
    expect(bad.body.error.reason).toMatch(/^\[1:2\] /);
    expect(bad.body.error.caused_by.type).toBe('json_parse_exception');
  });

  it("invalid UTF-8 in a body is Jackson's parse error at its position, and nothing is stored with a replacement character", async () => {
    const body = (bytes: number[]) => Buffer.concat([Buffer.from('{"password":"bob-secret","full_name":"B'), Buffer.from(bytes), Buffer.from('b","roles":[]}')]);
    // The bytes as they are (superagent would serialize a Buffer as JSON).
    const put = (bytes: number[]) => su(t.http.put('/_security/user/bob')).set('Content-Type', 'application/json').serialize((b: unknown) => b as string).send(body(bytes));
    const start = await put([0xff]);
    expect([start.status, start.body.error.type, start.body.error.reason]).toEqual([400, 'x_content_parse_exception', '[1:40] Invalid UTF-8 start byte 0xff']);
    expect(start.body.error.caused_by).toEqual({ type: 'json_parse_exception', reason: 'Invalid UTF-8 start byte 0xff' });
    const middle = await put([0xc3, 0x28]);
    expect(middle.body.error.reason).toBe('[1:41] Invalid UTF-8 middle byte 0x28'); // the column of the bad byte itself
    expect((await su(t.http.get('/_security/user/bob'))).status).toBe(404);
    // At the first byte, and on a later line.
    const first = await su(t.http.put('/_security/user/bob')).set('Content-Type', 'application/json').serialize((b: unknown) => b as string).send(Buffer.from([0xff, 0x0a]));
    expect(first.body.error.reason).toBe('[1:1] Invalid UTF-8 start byte 0xff');
    const later = await su(t.http.put('/_security/user/bob')).set('Content-Type', 'application/json').serialize((b: unknown) => b as string).send(Buffer.concat([Buffer.from('{\n  "full_name": "'), Buffer.from([0x80]), Buffer.from('"}')]));
    expect(later.body.error.reason).toBe('[2:17] Invalid UTF-8 start byte 0x80');
    // Well-formed UTF-8 goes through as the text it is.
    await put([0xc3, 0xa9]).expect(200);
    expect((await su(t.http.get('/_security/user/bob'))).body.bob.full_name).toBe('Béb');
  });

  it('a body nested deeper than 1,000 levels is the 400 of Jackson\'s nesting limit, and nothing is written', async () => {
    const nested = (levels: number) => `{"password":"bob-secret","roles":[],"metadata":${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}}`;
    const send = (name: string, text: string) => su(t.http.put(`/_security/user/${name}`)).set('Content-Type', 'application/json').send(text);
    const res = await send('deep', nested(5000));
    expect(res.status).toBe(400);
    expect(res.body.error).toEqual({
      root_cause: [{ type: 'stream_constraints_exception', reason: 'Document nesting depth (1001) exceeds the maximum allowed (1000, from `StreamReadConstraints.getMaxNestingDepth()`)' }],
      type: 'stream_constraints_exception',
      reason: 'Document nesting depth (1001) exceeds the maximum allowed (1000, from `StreamReadConstraints.getMaxNestingDepth()`)',
    });
    expect((await su(t.http.get('/_security/user/deep'))).status).toBe(404);
    // The body's own object + 999 levels of metadata = 1,000: the most Jackson reads.
    expect((await send('deepest', nested(999))).body).toEqual({ created: true });
    expect((await send('too-deep', nested(1000))).status).toBe(400);
    // Brackets inside strings are text, not nesting.
    expect((await send('text', JSON.stringify({ password: 'bob-secret', roles: [], full_name: '['.repeat(5000) }))).body).toEqual({ created: true });
  });

  it('put user: a field of the wrong type is the parse_exception of Elasticsearch\'s parser, and nothing is written', async () => {
    const cases: [object, string][] = [
      [{ password: 'bob-secret', roles: [], enabled: 'no' }, 'expected field [enabled] to be of type boolean, but found [VALUE_STRING] instead'],
      [{ password: 123456, roles: [] }, 'expected field [password] to be of type string, but found [VALUE_NUMBER] instead'],
      [{ password: 'bob-secret', roles: 'a,b', full_name: 7 }, 'expected field [full_name] to be of type string, but found [VALUE_NUMBER] instead'],
      [{ password: 'bob-secret', roles: [], email: ['x'] }, 'expected field [email] to be of type string, but found [START_ARRAY] instead'],
      [{ password: 'bob-secret', roles: [], metadata: 'x' }, 'expected field [metadata] to be of type object, but found [VALUE_STRING] instead'],
      [{ password: 'bob-secret', roles: [], metadata: null }, 'expected field [metadata] to be of type object, but found [VALUE_NULL] instead'],
      [{ password: 'bob-secret', roles: null }, 'could not parse [roles] field. expected a string array but found null value instead'],
      [{ password: 'bob-secret', roles: {} }, 'could not parse [roles] field. expected a string array but found [START_OBJECT] value instead'],
      [{ password: 'bob-secret', roles: ['a', 1] }, 'could not parse [null] field. expected a string array but one of the value in the array is [VALUE_NUMBER]'],
      [{ password: 'bob-secret', roles: [], nickname: 'b' }, 'failed to parse add user request. unexpected field [nickname]'],
    ];
    for (const [body, reason] of cases) {
      const res = await putUser('bob', body);
      expect([res.status, res.body.error]).toEqual([400, { root_cause: [{ type: 'parse_exception', reason }], type: 'parse_exception', reason }]);
    }
    expect((await su(t.http.get('/_security/user/bob'))).status).toBe(404);
    // Fields are read in order: a short password before a later wrong type.
    expect((await putUser('bob', { password: 'abc', enabled: 'no' })).body.error.type).toBe('validation_exception');
    expect((await putUser('bob', { enabled: 'no', password: 'abc' })).body.error.type).toBe('parse_exception');
    expect((await putUser('bob', { username: 'eve', password: 'bob-secret', roles: [] })).body.error).toMatchObject({
      type: 'illegal_argument_exception', reason: '[username] in source does not match the username provided [bob]',
    });
    // A comma-separated string is a list of roles; enabled false disables.
    expect((await putUser('bob', { password: 'bob-secret', roles: 'a,b', enabled: false, full_name: null })).body).toEqual({ created: true });
    expect((await su(t.http.get('/_security/user/bob'))).body.bob).toMatchObject({ roles: ['a', 'b'], enabled: false, full_name: null });
  });

  it('put role: a field of the wrong type is the parse_exception of RoleDescriptor.parse', async () => {
    const wrapped = (reason: string, cause: string) => ({
      root_cause: [{ type: 'parse_exception', reason: cause }],
      type: 'parse_exception',
      reason,
      caused_by: { type: 'parse_exception', reason: cause },
    });
    const plain = (reason: string) => ({ root_cause: [{ type: 'parse_exception', reason }], type: 'parse_exception', reason });
    const cases: [object, object][] = [
      [{ cluster: 'monitor' }, wrapped('failed to parse role [r]', 'could not parse [cluster] field. expected a string array but found [VALUE_STRING] value instead')],
      [{ run_as: [true] }, wrapped('failed to parse role [r]', 'could not parse [null] field. expected a string array but one of the value in the array is [VALUE_BOOLEAN]')],
      [{ indices: {} }, plain('failed to parse indices privileges for role [r]. expected field [indices] value to be an array, but found [START_OBJECT] instead')],
      [{ indices: ['logs'] }, plain('failed to parse indices privileges for role [r]. expected field [null] value to be an array of objects, but found an array element of type [VALUE_STRING]')],
      [{ indices: [{ names: 'logs' }] }, plain('failed to parse indices privileges for role [r]. missing required [privileges] field')],
      [{ indices: [{ names: 'logs', privileges: ['read'], allow_restricted_indices: 'yes' }] }, plain('failed to parse indices privileges for role [r]. expected field [allow_restricted_indices] value to be a boolean, but found [VALUE_STRING] instead')],
      [{ indices: [{ names: 'logs', privileges: ['read'], colour: 1 }] }, plain('failed to parse indices privileges for role [r]. unexpected field [colour]')],
      [{ applications: 'x' }, plain('failed to parse application privileges for role [r]. expected field [applications] value to be an array, but found [VALUE_STRING] instead')],
      [{ metadata: [] }, plain('expected field [metadata] to be of type object, but found [START_ARRAY] instead')],
      [{ colour: 'blue' }, plain('failed to parse role [r]. unexpected field [colour]')],
    ];
    for (const [body, error] of cases) {
      const res = await putRole('r', body);
      expect([res.status, res.body.error]).toEqual([400, error]);
    }
    expect((await su(t.http.get('/_security/role/r'))).status).toBe(404);
    expect((await putRole('r', { cluster: ['monitor'], indices: [{ names: 'logs', privileges: ['read'] }], type: 'role' })).body).toEqual({ role: { created: true } });
    expect((await su(t.http.get('/_security/role/r'))).body.r.indices).toEqual([{ names: ['logs'], privileges: ['read'], allow_restricted_indices: false }]);
  });

  it('a red security index: user logins fail as unknown users (401), not with an error', async () => {
    await putUser('bob', { password: 'bob-secret', roles: [] });
    t.cluster.securityIndex.setHealth('red');
    const res = await t.http.get('/').set('Authorization', basic('bob', 'bob-secret'));
    expect(res.status).toBe(401);
    expect(res.body.error.reason).toBe('unable to authenticate user [bob] for REST request [/]');
    const listing = await su(t.http.get('/_security/role'));
    expect(listing.body.error).toMatchObject({ type: 'unavailable_shards_exception', reason: 'at least one search shard for the index [.security-7] is unavailable' });
  });

  it('a service token deleting a user: the 403 of the YAML test (service_accounts/10_basic.yml, newest wording)', async () => {
    const res = await t.http.delete('/_security/user/foo').set('Authorization', bearer(FILE_TOKEN));
    expect(res.status).toBe(403);
    expect(res.body.error.reason).toBe(
      'action [cluster:admin/xpack/security/user/delete] is unauthorized for service account [elastic/fleet-server], this action is granted by the cluster privileges [manage_security,all]',
    );
  });

  it('passwords are stored hashed', async () => {
    await putUser('bob', { password: 'bob-secret', roles: [] });
    expect(t.cluster.securityIndex.getUser('bob')?.password).toMatch(/^\{PBKDF2_STRETCH\}10000\$/);
  });
});
