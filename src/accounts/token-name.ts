// Token name rules (`Validation`). One rule for every place a name is accepted: the REST
// create/delete/clear-cache endpoints and the name inside a bearer token.

// ASCII only: no /u flag and no \w, so non-ASCII letters and digits never match.
const TOKEN_NAME = /^[a-zA-Z0-9-][a-zA-Z0-9_-]{0,255}$/;

/** 1..256 chars of A-Z a-z 0-9 - _, not starting with `_`. */
export function isValidTokenName(name: string): boolean {
  return TOKEN_NAME.test(name);
}

/** The exact ES reason for an invalid name; the name is echoed verbatim, even when empty. */
export function invalidTokenNameMessage(name: string): string {
  return (
    `invalid service token name [${name}]. service account token name must have at least 1 character ` +
    'and at most 256 characters that are alphanumeric (A-Z, a-z, 0-9) or hyphen (-) or underscore (_). ' +
    'It must not begin with an underscore (_).'
  );
}
