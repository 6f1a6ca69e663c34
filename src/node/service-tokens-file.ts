// The text format of a node's `service_tokens` file (`FileServiceAccountTokenStore`): parse, format, compare.
// Pure text in, data out; reading the file, watching it and the strict-at-startup versus
// lenient-on-reload policy (`FileServiceAccountTokenStore`) belong to the file token store.

import { checkHashFormat, hashKind, isBlank, javaTrim } from '../accounts';

export interface ServiceTokensParseResult {
  /** qualified token name → stored hash, in file order (a duplicate keeps its first position). */
  tokens: Map<string, string>;
  /** What ES would log as warnings: skipped plain-text lines, overridden duplicates. */
  warnings: string[];
}

/** The whole file is rejected; `lineNumber` is 1-based over every physical line. */
export class ServiceTokensParseError extends Error {
  constructor(
    message: string,
    readonly lineNumber: number,
  ) {
    super(message);
    this.name = 'ServiceTokensParseError';
  }
}

/**
 * Parses file content exactly as ES does. Throws ServiceTokensParseError for a line with no
 * `:` and for a hash whose recognised prefix ES cannot resolve (e.g. non-numeric PBKDF2
 * iterations). Keys are not validated, as in ES.
 */
export function parseServiceTokens(content: string): ServiceTokensParseResult {
  const tokens = new Map<string, string>();
  const warnings: string[] = [];
  // Java's readAllLines ends a line at \n, \r or \r\n.
  content.split(/\r\n|\r|\n/).forEach((rawLine, index) => {
    const lineNumber = index + 1;
    // Only a `#` in column 0 starts a comment: an indented `#` line is an entry.
    if (rawLine.startsWith('#') || isBlank(rawLine)) return;
    const line = javaTrim(rawLine);
    const colon = line.indexOf(':');
    if (colon < 0) throw new ServiceTokensParseError(`Missing ':' character at line #${lineNumber}`, lineNumber);
    const key = line.slice(0, colon);
    const hash = line.slice(colon + 1);
    checkHash(key, hash, lineNumber);
    if (hashKind(hash) === 'noop') {
      warnings.push(`skipping plaintext service account token for key [${key}]`);
      return;
    }
    if (tokens.has(key)) warnings.push(`found duplicated key [${key}], earlier entries are overridden`);
    tokens.set(key, hash);
  });
  return { tokens, warnings };
}

function checkHash(key: string, hash: string, lineNumber: number): void {
  try {
    checkHashFormat(hash);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ServiceTokensParseError(
      `Invalid hash for key [${key}] at line #${lineNumber}: ${reason.replace(/\.$/, '')}. Fix or remove that line.`,
      lineNumber,
    );
  }
}

/** The file as ES's CLI writes it: one `key:hash` per line, sorted by key, trailing newline. */
export function formatServiceTokens(tokens: ReadonlyMap<string, string>): string {
  const keys = [...tokens.keys()].sort();
  return keys.map((key) => `${key}:${tokens.get(key) ?? ''}\n`).join('');
}

/** Same keys with the same hash strings: a reload that changes nothing invalidates nothing (`FileServiceAccountTokenStore`). */
export function sameTokens(a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>): boolean {
  if (a.size !== b.size) return false;
  for (const [key, hash] of a) {
    if (b.get(key) !== hash) return false;
  }
  return true;
}
