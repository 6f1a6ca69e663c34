/**
 * Users of the simulated `.security` index (Elasticsearch's native realm), authenticated
 * by the coordinator with Basic credentials. Verified passwords are cached (as salted
 * SHA-256, never the password) until that user changes, so only the first request of a
 * user pays for PBKDF2 — like the realm cache of Elasticsearch.
 */
import { cacheHash, cacheHashMatches, verifySecret } from '../accounts';
import type { SecurityIndex, UserDocument } from './security-index';

export const NATIVE_REALM = Object.freeze({ name: 'default_native', type: 'native' });

export class NativeRealm {
  private readonly verified = new Map<string, { hash: string; user: UserDocument }>();

  constructor(private readonly index: SecurityIndex) {}

  /** The user if the password is right and the user is enabled; undefined otherwise. */
  async authenticate(username: string, password: string): Promise<UserDocument | undefined> {
    const cached = this.verified.get(username);
    if (cached !== undefined && cacheHashMatches(password, cached.hash)) return cached.user;
    // An unavailable index is "no such user" for a login, as in ES (no error surfaces).
    const user = this.index.available ? this.index.getUser(username) : undefined;
    if (user === undefined || !user.enabled || !(await verifySecret(password, user.password))) return undefined;
    // Only cache if the user was not changed while we verified.
    if (this.index.getUser(username) === user) this.verified.set(username, { hash: cacheHash(password), user });
    return user;
  }

  /** A changed or deleted user must log in again with what is stored now. */
  forget(username: string): void {
    this.verified.delete(username);
  }
}
