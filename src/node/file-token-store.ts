/**
 * The node's own `service_tokens` file, as a token store (`FileServiceAccountTokenStore`). The host parses the
 * file strictly at start (a bad file stops the node) and hands every later content to
 * `reload`, which parses leniently and swaps tokens in only if they really changed.
 */
import { verifySecret } from '../accounts';
import type { TokenStore } from './caching-token-store';
import { parseServiceTokens, sameTokens } from './service-tokens-file';

/** `parseError`: the content could not be parsed (ES logs it), whether or not that changed the tokens. */
export interface ReloadResult {
  changed: boolean;
  tokens: number;
  parseError?: string;
  /** Token names the reload added and removed (both empty when nothing changed). */
  added: string[];
  removed: string[];
}

export class FileTokenStore implements TokenStore {
  constructor(private tokens: ReadonlyMap<string, string>) {}

  async verify(key: string, secret: string): Promise<boolean> {
    const hash = this.tokens.get(key);
    return hash !== undefined && verifySecret(secret, hash);
  }

  /** `FileServiceAccountTokenStore`: a deleted file or a parse error means no tokens; an identical content changes nothing. */
  reload(content: string | null): ReloadResult {
    let next: ReadonlyMap<string, string> = new Map();
    let parseError: string | undefined;
    if (content !== null) {
      try {
        next = parseServiceTokens(content).tokens;
      } catch (err) {
        parseError = (err as Error).message;
      }
    }
    const changed = !sameTokens(this.tokens, next);
    const { added, removed } = changed ? tokenDiff(this.tokens, next) : { added: [], removed: [] };
    if (changed) this.tokens = next;
    return parseError === undefined ? { changed, tokens: next.size, added, removed } : { changed, tokens: 0, parseError, added, removed };
  }

  /** Names of the tokens of `principal` (`ns/svc`) in this file, sorted (`FileServiceAccountTokenStore` listing). */
  names(principal: string): string[] {
    const prefix = `${principal}/`;
    return [...this.tokens.keys()].filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length)).sort();
  }
}

/**
 * Names in `next` and not in `before` (added), and the reverse (removed), sorted. A token whose
 * hash changed is both: its old secret stops working, its new one starts.
 */
export function tokenDiff(before: ReadonlyMap<string, string>, next: ReadonlyMap<string, string>): { added: string[]; removed: string[] } {
  const added = [...next.keys()].filter((k) => before.get(k) !== next.get(k)).sort();
  const removed = [...before.keys()].filter((k) => next.get(k) !== before.get(k)).sort();
  return { added, removed };
}
