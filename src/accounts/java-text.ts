// Elasticsearch is Java, and a few of its text rules differ from JavaScript's built-ins.
// Where the wire behaviour depends on them (blank checks, trimming file lines) we use
// these instead of String.prototype.trim or /\s/, so edge cases match ES byte for byte.

// Java's Character.isWhitespace: Unicode space/line/paragraph separators except the
// no-break spaces (U+00A0, U+2007, U+202F), plus TAB, LF, VT, FF, CR and U+001C..U+001F.
const JAVA_WHITESPACE = /^[\t\n\u000B\f\r\u001C-\u001F \u1680\u2000-\u2006\u2008-\u200A\u2028\u2029\u205F\u3000]*$/;

/** True when every character is Java whitespace (ES `Strings.isBlank`); true for "". */
export function isBlank(text: string): boolean {
  return JAVA_WHITESPACE.test(text);
}

/** Java's String.trim: strips leading and trailing characters at or below U+0020 (not NBSP). */
export function javaTrim(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && text.charCodeAt(start) <= 0x20) start++;
  while (end > start && text.charCodeAt(end - 1) <= 0x20) end--;
  return text.slice(start, end);
}
