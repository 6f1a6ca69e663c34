import { hashSecret } from '../../src/accounts';
import { startTestCluster, SUPERUSER_AUTH, type TestCluster } from '../support/in-process';

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('put/delete user and role: refresh and password_hash', () => {
  let t: TestCluster;
  beforeEach(async () => {
    t = await startTestCluster({ nodes: 1 });
  });
  afterEach(() => t.stop());
  const su = (r: ReturnType<TestCluster['http']['get']>) => r.set('Authorization', SUPERUSER_AUTH);
  const putUser = (name: string, body: unknown, query = '') => su(t.http.put(`/_security/user/${name}${query}`)).send(body as object);
  const illegal = (reason: string) => ({ error: { root_cause: [{ type: 'illegal_argument_exception', reason }], type: 'illegal_argument_exception', reason }, status: 400 });

  describe('refresh (WriteRequest.RefreshPolicy.parse)', () => {
    it('accepts true, false, wait_for and empty on every write', async () => {
      for (const v of ['true', 'false', 'wait_for', '']) {
        expect((await putUser('bob', { password: 'bob-secret', roles: [] }, `?refresh=${v}`)).status).toBe(200);
        expect((await su(t.http.put(`/_security/role/r?refresh=${v}`)).send({ cluster: [] })).status).toBe(200);
        expect((await su(t.http.delete(`/_security/user/bob?refresh=${v}`))).status).toBe(200);
        expect((await su(t.http.delete(`/_security/role/r?refresh=${v}`))).status).toBe(200);
      }
    });

    it('anything else is the 400 illegal_argument_exception, and nothing is written', async () => {
      const reason = 'Unknown value for refresh: [bogus].';
      const put = await putUser('bob', { password: 'bob-secret', roles: [] }, '?refresh=bogus');
      expect([put.status, put.body]).toEqual([400, illegal(reason)]);
      expect((await su(t.http.get('/_security/user/bob'))).status).toBe(404);
      const putRole = await su(t.http.post('/_security/role/r?refresh=bogus')).send({ cluster: [] });
      expect([putRole.status, putRole.body]).toEqual([400, illegal(reason)]);
      expect((await su(t.http.get('/_security/role/r'))).status).toBe(404);

      await putUser('bob', { password: 'bob-secret', roles: [] });
      await su(t.http.put('/_security/role/r')).send({ cluster: [] });
      const delUser = await su(t.http.delete('/_security/user/bob?refresh=TRUE'));
      expect([delUser.status, delUser.body]).toEqual([400, illegal('Unknown value for refresh: [TRUE].')]);
      const delRole = await su(t.http.delete('/_security/role/r?refresh=no'));
      expect([delRole.status, delRole.body]).toEqual([400, illegal('Unknown value for refresh: [no].')]);
      expect((await su(t.http.get('/_security/user/bob'))).status).toBe(200);
      expect((await su(t.http.get('/_security/role/r'))).status).toBe(200);
    });

    it('put: the body is read before refresh (RestPutUserAction, RestPutRoleAction)', async () => {
      const user = await putUser('bob', { password: 'abc', roles: [] }, '?refresh=bogus');
      expect(user.body.error.type).toBe('validation_exception');
      const role = await su(t.http.put('/_security/role/r?refresh=bogus')).send({ cluster: 7 });
      expect(role.body.error.type).toBe('parse_exception');
    });

    it('delete: refresh is read by the channel consumer, after unrecognized parameters and before the privilege check', async () => {
      const unknown = await su(t.http.delete('/_security/user/bob?refresh=bogus&colour=red'));
      expect(unknown.body.error.reason).toBe('request [/_security/user/bob] contains unrecognized parameter: [colour]');
      await su(t.http.put('/_security/role/viewer')).send({ cluster: ['monitor'] });
      await putUser('eve', { password: 'eve-secret', roles: ['viewer'] });
      const asEve = (path: string) => t.http.delete(path).set('Authorization', basic('eve', 'eve-secret'));
      expect((await asEve('/_security/user/bob?refresh=bogus')).body).toEqual(illegal('Unknown value for refresh: [bogus].'));
      expect((await asEve('/_security/role/viewer?refresh=bogus')).body).toEqual(illegal('Unknown value for refresh: [bogus].'));
      expect((await asEve('/_security/role/viewer')).status).toBe(403);
    });

    it('the reserved user and role are checked by the transport action: after refresh and the privilege check', async () => {
      await su(t.http.put('/_security/role/viewer')).send({ cluster: ['monitor'] });
      await putUser('eve', { password: 'eve-secret', roles: ['viewer'] });
      const asEve = (r: ReturnType<TestCluster['http']['get']>) => r.set('Authorization', basic('eve', 'eve-secret'));
      for (const path of ['/_security/user/elastic', '/_security/role/superuser']) {
        expect((await asEve(t.http.delete(path))).status).toBe(403);
        expect((await su(t.http.delete(`${path}?refresh=bogus`))).body).toEqual(illegal('Unknown value for refresh: [bogus].'));
      }
      expect((await asEve(t.http.put('/_security/user/elastic')).send({ roles: [] })).status).toBe(403);
      expect((await su(t.http.delete('/_security/user/elastic'))).body).toEqual(illegal('user [elastic] is reserved and cannot be deleted'));
      expect((await su(t.http.delete('/_security/role/superuser'))).body).toEqual(illegal('role [superuser] is reserved and cannot be deleted'));
      const put = await putUser('elastic', { roles: [] });
      expect([put.status, put.body.error.type, put.body.error.reason]).toEqual([400, 'action_request_validation_exception', 'Validation Failed: 1: user [elastic] is reserved and only the password can be changed;']);
    });
  });

  describe('password_hash (PutUserRequestBuilder.passwordHash, Hasher.resolveFromHash)', () => {
    it('a hash of the configured algorithm is stored as given, and the password it hashes then logs in', async () => {
      const hash = await hashSecret('bob-secret', 'PBKDF2_STRETCH');
      expect((await putUser('bob', { password_hash: hash, roles: [] })).body).toEqual({ created: true });
      expect(t.cluster.securityIndex.getUser('bob')?.password).toBe(hash);
      expect((await t.http.get('/_security/_authenticate').set('Authorization', basic('bob', 'bob-secret'))).body.username).toBe('bob');
      expect((await t.http.get('/_security/_authenticate').set('Authorization', basic('bob', 'other-secret'))).status).toBe(401);
      // An existing user's password can be replaced by a hash too.
      expect((await putUser('bob', { password_hash: await hashSecret('new-secret', 'PBKDF2_STRETCH'), roles: [] })).body).toEqual({ created: false });
      expect((await t.http.get('/_security/_authenticate').set('Authorization', basic('bob', 'new-secret'))).status).toBe(200);
    });

    it('a hash of another algorithm is the illegal_argument_exception naming both hashers', async () => {
      const uses = (hasher: string) => illegal(`Provided password hash uses [${hasher}] but the configured hashing algorithm is [PBKDF2_STRETCH]`);
      const cases: [string, string][] = [
        [`$2a$10$${'a'.repeat(53)}`, 'BCRYPT'],
        [`$2y$12$${'a'.repeat(53)}`, 'BCRYPT12'],
        [await hashSecret('bob-secret', 'PBKDF2'), 'PBKDF2'],
        [await hashSecret('bob-secret', 'PBKDF2_STRETCH_1000'), 'PBKDF2_STRETCH_1000'],
        [await hashSecret('bob-secret', 'SSHA256'), 'SSHA256'],
        ['{SHA}abc', 'SHA1'],
        ['{MD5}abc', 'MD5'],
        ['bob-secret', 'NOOP'],
      ];
      for (const [hash, hasher] of cases) {
        const res = await putUser('bob', { password_hash: hash, roles: [] });
        expect([hash, res.status, res.body]).toEqual([hash, 400, uses(hasher)]);
      }
      expect((await su(t.http.get('/_security/user/bob'))).status).toBe(404);
    });

    it('a hash of the right hasher with an unreadable salt or key is stored, as ES checks them only at verify time, and never logs in', async () => {
      for (const hash of ['{PBKDF2_STRETCH}10000$bad$bad', '{PBKDF2_STRETCH}10000$$', '{PBKDF2_STRETCH}10000$!!!$###']) {
        expect((await putUser('bob', { password_hash: hash, roles: [] })).status).toBe(200);
        const res = await t.http.get('/_security/_authenticate').set('Authorization', basic('bob', 'bob-secret'));
        expect([res.status, res.body.error.type]).toEqual([401, 'security_exception']);
      }
    });

    it('a hash whose hasher cannot be resolved is Hasher\'s own exception', async () => {
      const cases: [string, object][] = [
        ['{PBKDF2_STRETCH}abc', illegal('The number of iterations could not be determined from the provided PBKDF2 hash.')],
        ['{PBKDF2_STRETCH}7$salt$key', illegal('unknown hash function [pbkdf2_stretch_7]')],
        ['{PBKDF2}x$salt$key', illegal('The number of iterations could not be determined from the provided PBKDF2 hash.')],
        [`$2a$99$${'a'.repeat(53)}`, illegal('unknown hash function [bcrypt99]')],
        ['$2a$10$short', illegal('4 > -42')],
      ];
      for (const [hash, body] of cases) expect([hash, (await putUser('bob', { password_hash: hash, roles: [] })).body]).toEqual([hash, body]);
      const nfe = await putUser('bob', { password_hash: `$2a$xx$${'a'.repeat(53)}`, roles: [] });
      const reason = 'For input string: "xx"';
      expect([nfe.status, nfe.body]).toEqual([400, { error: { root_cause: [{ type: 'number_format_exception', reason }], type: 'number_format_exception', reason }, status: 400 }]);
    });

    it('password and password_hash together: whichever comes second is "password_hash has already been set"', async () => {
      const hash = await hashSecret('bob-secret', 'PBKDF2_STRETCH');
      const already = { type: 'validation_exception', reason: 'Validation Failed: 1: password_hash has already been set;' };
      expect((await putUser('bob', { password: 'bob-secret', password_hash: hash, roles: [] })).body.error).toMatchObject(already);
      expect((await putUser('bob', { password_hash: hash, password: 'bob-secret', roles: [] })).body.error).toMatchObject(already);
      // Each field is checked as it is read: a short password, or a hash of another algorithm, first.
      expect((await putUser('bob', { password_hash: hash, password: 'abc', roles: [] })).body.error.reason).toBe('Validation Failed: 1: passwords must be at least [6] characters long;');
      expect((await putUser('bob', { password: 'bob-secret', password_hash: 'plain', roles: [] })).body.error.reason).toBe(
        'Provided password hash uses [NOOP] but the configured hashing algorithm is [PBKDF2_STRETCH]',
      );
      expect((await su(t.http.get('/_security/user/bob'))).status).toBe(404);
    });
  });
});
