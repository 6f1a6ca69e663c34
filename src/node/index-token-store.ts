/**
 * Index tokens, as a token store: a real-time GET of the token document from the
 * simulated `.security` index, which the coordinator owns (`IndexServiceAccountTokenStore`). The lookup crosses
 * the transport, so it can be slow, fail, or meet an index that is missing or red.
 */
import { verifySecret } from '../accounts';
import type { TokenStore } from './caching-token-store';

export interface SecurityIndexClient {
  /** The stored hash of token `key`, null if there is no such document; throws an EsError if the index cannot answer. */
  getTokenHash(key: string): Promise<string | null>;
}

export class IndexTokenStore implements TokenStore {
  constructor(private readonly index: SecurityIndexClient) {}

  async verify(key: string, secret: string): Promise<boolean> {
    const hash = await this.index.getTokenHash(key);
    return hash !== null && verifySecret(secret, hash);
  }
}
