// accounts/: what a service account and its token *are*, independent of any node or
// request. The built-in accounts and their role descriptors, the token name rules, the
// bearer token encoding, and secret hashing (stored hashes and per-entry cache hashes).
// In the data flow it is a leaf: http/auth decodes bearer strings with it, node stores and
// caches hash and verify with it, the coordinator validates names with it. It imports only
// node built-ins and nanoid, so anyone may import it.

export { isValidTokenName, invalidTokenNameMessage } from './token-name';
export {
  type ServiceAccountToken,
  type RandomBytes,
  qualifiedName,
  encodeBearer,
  decodeBearer,
  newSecret,
  newTokenName,
} from './service-account-token';
export {
  type HashAlgorithm,
  HASH_ALGORITHMS,
  resolveHashAlgorithm,
  hashSecret,
  verifySecret,
  rememberVerifications,
  verifySecretSync,
  cacheHash,
  cacheHashMatches,
} from './hasher';
export { type HashKind, HashFormatError, hashKind, checkHashFormat, hasherNameOfHash } from './hash-format';
export {
  type ServiceAccount,
  type ServiceAccountUser,
  SERVICE_ACCOUNTS,
  findServiceAccount,
  serviceAccountPrincipals,
  serviceAccountUser,
} from './service-accounts';
export type { RoleDescriptor, IndicesPrivileges, ApplicationPrivileges, GlobalPrivileges } from './role-descriptor';
// ES's Java text rules (blank, trim), needed wherever ES-parsed text is re-parsed here.
export { isBlank, javaTrim } from './java-text';
