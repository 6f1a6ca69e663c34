/**
 * What Elasticsearch's `bin/elasticsearch-service-tokens` (FileTokensTool) says and returns,
 * as facts: exit codes (ES `ExitCodes`), the texts of its user errors, and the order in which
 * it lists the known principals. The simulator's own errors (nodes, data dir) use the same
 * exception type so they are printed the same way.
 */
import { invalidTokenNameMessage, isValidTokenName, SERVICE_ACCOUNTS } from '../../src/accounts';

/** POSIX exit codes as ES's CLI uses them (org.elasticsearch.cli.ExitCodes). */
export const EXIT = Object.freeze({
  OK: 0,
  /** An exception ES does not turn into a UserException ends the JVM with status 1. */
  UNCAUGHT: 1,
  USAGE: 64,
  DATA_ERROR: 65,
  NO_USER: 67,
  NO_HOST: 68,
  CODE_ERROR: 70,
});

/** ES's UserException: printed as `ERROR: <message>`; `USAGE` also prints the help first. */
export class CliError extends Error {
  constructor(
    readonly exitCode: number,
    message: string,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export const usageError = (message: string) => new CliError(EXIT.USAGE, message);

// Java's String.hashCode over UTF-16 code units, with int overflow.
function javaStringHash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  return h;
}

/**
 * The iteration order of a java.util.HashMap filled with `keys` in this order (default
 * capacity 16, load factor 0.75): by bucket, and within a bucket by insertion. ES builds its
 * account map with Collectors.toMap, so this is the order its "Must be one of" list has.
 */
export function javaHashMapOrder(keys: readonly string[]): string[] {
  let capacity = 16;
  while (keys.length > capacity * 0.75) capacity *= 2;
  const bucket = (key: string) => {
    const h = javaStringHash(key);
    return (h ^ (h >>> 16)) & (capacity - 1);
  };
  return keys
    .map((key, index) => ({ key, index, bucket: bucket(key) }))
    .sort((a, b) => a.bucket - b.bucket || a.index - b.index)
    .map((e) => e.key);
}

/** ES declares its accounts in the order SERVICE_ACCOUNTS has them (auto-ops, fleet-server, ...). */
export function esPrincipalOrder(): string[] {
  return javaHashMapOrder([...SERVICE_ACCOUNTS.keys()]);
}

export function checkPrincipal(principal: string): void {
  if (SERVICE_ACCOUNTS.has(principal)) return;
  throw new CliError(EXIT.NO_USER, `Unknown service account principal: [${principal}]. Must be one of [${esPrincipalOrder().join(',')}]`);
}

/** ES's argument checks for create and delete, in ES's order: count, principal, token name. */
export function principalAndTokenName(args: readonly string[]): { principal: string; tokenName: string } {
  if (args.length === 0) throw usageError('Missing service-account-principal and token-name arguments');
  if (args.length === 1) throw usageError('Missing token-name argument');
  if (args.length > 2) {
    throw usageError(`Expected two arguments, service-account-principal and token-name, found extra: [${args.join(',')}]`);
  }
  const [principal, tokenName] = args as [string, string];
  checkPrincipal(principal);
  if (!isValidTokenName(tokenName)) throw new CliError(EXIT.CODE_ERROR, invalidTokenNameMessage(tokenName));
  return { principal, tokenName };
}

/** ES's argument check for list: at most a principal, and a known one. */
export function listPrincipal(args: readonly string[]): string | undefined {
  if (args.length > 1) throw usageError(`Expected at most one argument, service-account-principal, found extra: [${args.join(',')}]`);
  const principal = args[0];
  if (principal !== undefined) checkPrincipal(principal);
  return principal;
}

export const alreadyExists = (qualified: string) => `Service token [${qualified}] already exists`;
export const doesNotExist = (qualified: string) => `Service token [${qualified}] does not exist`;
