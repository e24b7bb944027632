/**
 * An evaluator for the subset of CloudWatch Logs JSON filter patterns this project uses, so metric filters are tested
 * against real log lines rather than by comparing strings:
 *
 *   { $.a.b = "text" }  { $.a = "pre*" }  { $.n >= 500 }  { $.n = 401 }  { $.a != "x" }
 *   combined with && and || (&& binds tighter) and parentheses.
 *
 * As in CloudWatch, a selector that is missing never matches, a quoted value compares as a string (`*` is a
 * wildcard), a bare number compares numerically and only matches numeric fields.
 */
import { tokenize } from './tokenize';

type Operator = '=' | '!=' | '>' | '<' | '>=' | '<=';
interface Comparison {
  kind: 'compare';
  selector: string[];
  operator: Operator;
  value: string | number;
}
type Node = { kind: 'and' | 'or'; left: Node; right: Node } | Comparison;

const TOKEN = /\s*(\(|\)|&&|\|\||>=|<=|!=|=|>|<|\$(?:\.[A-Za-z0-9_]+)+|"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?)/y;

export function parseFilterPattern(pattern: string): Node {
  const trimmed = pattern.trim();
  if (!trimmed.startsWith('{') || !trimmed.endsWith('}')) throw new Error(`Not a JSON filter pattern: ${pattern}`);
  const tokens = tokenize(trimmed.slice(1, -1), TOKEN, 'Unsupported filter pattern syntax');
  let position = 0;
  const peek = () => tokens[position];
  const next = () => tokens[position++];

  const parseOr = (): Node => {
    let left = parseAnd();
    while (peek() === '||') {
      next();
      left = { kind: 'or', left, right: parseAnd() };
    }
    return left;
  };
  const parseAnd = (): Node => {
    let left = parseTerm();
    while (peek() === '&&') {
      next();
      left = { kind: 'and', left, right: parseTerm() };
    }
    return left;
  };
  const parseTerm = (): Node => {
    const token = next();
    if (token === '(') {
      const inner = parseOr();
      if (next() !== ')') throw new Error(`Missing ) in ${pattern}`);
      return inner;
    }
    if (token === undefined || !token.startsWith('$.'))
      throw new Error(`Expected a $.selector in ${pattern}, got ${token}`);
    const operator = next() as Operator;
    if (!['=', '!=', '>', '<', '>=', '<='].includes(operator)) throw new Error(`Expected an operator in ${pattern}`);
    const raw = next();
    if (raw === undefined) throw new Error(`Expected a value in ${pattern}`);
    const value = raw.startsWith('"') ? (JSON.parse(raw) as string) : Number(raw);
    if (typeof value === 'string' && !['=', '!='].includes(operator)) {
      throw new Error(`Strings only compare with = or != in ${pattern}`);
    }
    return { kind: 'compare', selector: token.slice(2).split('.'), operator, value };
  };

  const tree = parseOr();
  if (position !== tokens.length) throw new Error(`Unexpected "${tokens[position]}" in ${pattern}`);
  return tree;
}

function select(event: unknown, path: string[]): unknown {
  let current = event;
  for (const key of path) {
    // Objects' own keys only: CloudWatch reaches array elements with `[n]` (outside this subset), never with dots,
    // so `$.items.length` or `$.items.0` select nothing.
    if (typeof current !== 'object' || current === null || Array.isArray(current) || !Object.hasOwn(current, key)) {
      return undefined;
    }
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

function wildcardMatch(text: string, pattern: string): boolean {
  const regex = new RegExp(
    `^${pattern
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );
  return regex.test(text);
}

function evaluate(node: Node, event: unknown): boolean {
  if (node.kind === 'compare') return compare(node, event);
  return node.kind === 'and'
    ? evaluate(node.left, event) && evaluate(node.right, event)
    : evaluate(node.left, event) || evaluate(node.right, event);
}

function compare(node: Comparison, event: unknown): boolean {
  const field = select(event, node.selector);
  if (field === undefined || field === null) return false;
  if (typeof node.value === 'string') {
    if (typeof field !== 'string') return false;
    const equal = wildcardMatch(field, node.value);
    return node.operator === '=' ? equal : !equal;
  }
  if (typeof field !== 'number') return false;
  switch (node.operator) {
    case '=':
      return field === node.value;
    case '!=':
      return field !== node.value;
    case '>':
      return field > node.value;
    case '<':
      return field < node.value;
    case '>=':
      return field >= node.value;
    default:
      return field <= node.value;
  }
}

/** Whether a log line (raw text) matches a JSON filter pattern; non-JSON lines never match. */
export function matchesFilterPattern(pattern: string, line: string): boolean {
  let event: unknown;
  try {
    event = JSON.parse(line);
  } catch {
    return false;
  }
  return evaluate(parseFilterPattern(pattern), event);
}

/** The value a metric filter would publish for a matching line: a literal number or a `$.selector`. */
export function metricValueOf(metricValue: string, line: string): number | undefined {
  if (!metricValue.startsWith('$.')) return Number(metricValue);
  const value = select(JSON.parse(line), metricValue.slice(2).split('.'));
  return typeof value === 'number' ? value : undefined;
}
