/**
 * Splits a rule, expression or pattern into tokens with a sticky regular expression whose first group is one token
 * (leading white space skipped); text it cannot read is an error quoting what is left, after `what`.
 */
export function tokenize(source: string, token: RegExp, what: string): string[] {
  const tokens: string[] = [];
  token.lastIndex = 0;
  while (token.lastIndex < source.length) {
    if (/^\s*$/.test(source.slice(token.lastIndex))) break;
    const at = token.lastIndex;
    const match = token.exec(source);
    if (match === null) throw new Error(`${what} at "${source.slice(at)}"`);
    tokens.push(match[1]);
  }
  return tokens;
}
