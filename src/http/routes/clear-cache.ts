/**
 * `POST /_security/service/{namespace}/{service}/credential/token/{name}/_clear_cache`
 * (`RestClearServiceAccountTokenStoreCacheAction`, `CachingServiceAccountTokenStore#invalidate`, `TransportClearSecurityCacheAction`): parse the names into cache keys, fan out to every node, and answer
 * 200 with the per-node result, whatever failed.
 */
import { invalidTokenNameMessage, isValidTokenName } from '../../accounts/token-name';
import { clearServiceTokenCaches } from '../../coordinator/token-caches';
import { illegalArgument } from '../../errors';
import type { Endpoint, Route } from '../endpoint';
import { ok } from '../endpoint';

/** Java's String.split(","): interior and leading empty items kept, trailing ones dropped. */
export function splitNames(names: string): string[] {
  if (names.length === 0) return [];
  const parts = names.split(',');
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return parts;
}

/**
 * `CachingServiceAccountTokenStore#invalidate`: the keys to invalidate for `{name}`. All of an account (empty, `*`, `_all`) is
 * the prefix key `ns/svc/`; otherwise every item must be a valid token name (the first
 * invalid one is the 400) and becomes an exact key, de-duplicated.
 */
export function clearCacheKeys(namespace: string, service: string, names: string): string[] {
  const items = splitNames(names);
  if (items.length === 0 || (items.length === 1 && (items[0] === '*' || items[0] === '_all'))) {
    return [`${namespace}/${service}/`];
  }
  const invalid = items.find((item) => !isValidTokenName(item));
  if (invalid !== undefined) throw illegalArgument(invalidTokenNameMessage(invalid));
  return [...new Set(items.map((item) => `${namespace}/${service}/${item}`))];
}

const clearCache: Endpoint = {
  privileges: { action: 'cluster:admin/xpack/security/cache/clear', grantedBy: ['manage_security', 'all'] },
  prepare: (req, { cluster }) => {
    const { namespace = '', service = '', name = '' } = req.params;
    const keys = clearCacheKeys(namespace, service, name);
    return async () => ok(await clearServiceTokenCaches(cluster, keys));
  },
};

export function clearCacheRoutes(): Route[] {
  return [{ path: '/_security/service/:namespace/:service/credential/token/{:name}/_clear_cache', methods: { POST: clearCache } }];
}
