/**
 * Metric math, evaluated over whole time series at once (one value per evaluation minute, NaN = no data point).
 * Semantics from the CloudWatch User Guide, "Using metric math" and its function table:
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/using-metric-math.html
 * - arithmetic, comparisons and logic act point by point: "Missing values in a time series are treated as 0" where
 *   the other operand has a value; a timestamp where neither has one has no result; "If the value of a data point
 *   causes a function to attempt to divide by zero, the data point is dropped";
 * - comparisons give 1 (true) or 0 (false);
 * - IF(c, a, b): the condition's timestamps drive the result; true with no value in a gives 0, false with no value in
 *   b drops the point;
 * - FILL(m, v) gives every timestamp without a value the value v (or the previous one, REPEAT);
 * - SUM/AVG/MIN/MAX([a, b]) combine the series at each timestamp, missing values as 0 (documented for AVG).
 * ANOMALY_DETECTION_BAND is evaluated by `anomaly-band.ts`.
 */
import { anomalyBand } from './anomaly-band';
import { tokenize } from './tokenize';

export type Series = Float64Array;
export type MathValue = number | Series | { readonly lower: Series; readonly upper: Series } | Series[];

type Node =
  | { kind: 'number'; value: number }
  | { kind: 'string'; value: string }
  | { kind: 'id'; name: string }
  | { kind: 'unary'; op: '-' | 'NOT'; operand: Node }
  | { kind: 'binary'; op: string; left: Node; right: Node }
  | { kind: 'call'; name: string; args: Node[] }
  | { kind: 'array'; items: Node[] };

const TOKEN =
  /\s*(\d+(?:\.\d+)?(?:[eE][-+]?\d+)?|'[^']*'|"[^"]*"|[A-Za-z_][A-Za-z0-9_]*|>=|<=|==|!=|&&|\|\||[-+*/^(),[\]<>])/y;

const BINARY_LEVELS: readonly (readonly string[])[] = [
  ['||', 'OR'],
  ['&&', 'AND'],
  ['>=', '<=', '>', '<', '==', '!='],
  ['+', '-'],
  ['*', '/'],
  ['^'],
];

export function parseExpression(expression: string): Node {
  const tokens = tokenize(expression, TOKEN, 'unsupported syntax');
  let position = 0;
  const peek = () => tokens[position];
  const expect = (token: string) => {
    if (tokens[position] !== token) throw new Error(`expected "${token}" but found "${tokens[position] ?? 'the end'}"`);
    position++;
  };
  const parseLevel = (level: number): Node => {
    if (level === BINARY_LEVELS.length) return parseUnary();
    let left = parseLevel(level + 1);
    while (peek() !== undefined && BINARY_LEVELS[level].includes(peek())) {
      const op = tokens[position++];
      left = { kind: 'binary', op, left, right: parseLevel(level + 1) };
    }
    return left;
  };
  const parseList = (close: string): Node[] => {
    const items: Node[] = [];
    if (peek() !== close) {
      items.push(parseLevel(0));
      while (peek() === ',') {
        position++;
        items.push(parseLevel(0));
      }
    }
    expect(close);
    return items;
  };
  const parseUnary = (): Node => {
    const token = tokens[position++];
    if (token === undefined) throw new Error('unexpected end of expression');
    if (token === '-' || token === 'NOT') return { kind: 'unary', op: token, operand: parseUnary() };
    if (token === '(') {
      const inner = parseLevel(0);
      expect(')');
      return inner;
    }
    if (token === '[') return { kind: 'array', items: parseList(']') };
    if (/^\d/.test(token)) return { kind: 'number', value: Number(token) };
    if (token.startsWith("'") || token.startsWith('"')) return { kind: 'string', value: token.slice(1, -1) };
    if (/^[A-Za-z_]/.test(token)) {
      if (peek() === '(') {
        position++;
        return { kind: 'call', name: token.toUpperCase(), args: parseList(')') };
      }
      return { kind: 'id', name: token };
    }
    throw new Error(`unexpected "${token}"`);
  };
  const tree = parseLevel(0);
  if (position !== tokens.length) throw new Error(`unexpected "${tokens[position]}"`);
  return tree;
}

/** What an expression can reach while it is evaluated. */
export interface MathContext {
  /** The series (or band) of another query of the alarm, by id. */
  readonly lookup: (id: string) => MathValue;
  /** Minutes between an alarm's data points: FILL(m, REPEAT) and the anomaly band step by it. */
  readonly periodMinutes: number;
  readonly length: number;
}

const pointwise = (a: MathValue, b: MathValue, length: number, f: (x: number, y: number) => number): MathValue => {
  if (typeof a === 'number' && typeof b === 'number') return f(a, b);
  const result = new Float64Array(length);
  const bothSeries = typeof a !== 'number' && typeof b !== 'number';
  for (let t = 0; t < length; t++) {
    const [x, y] = [at(a, t), at(b, t)];
    if (Number.isNaN(x) && Number.isNaN(y)) result[t] = NaN;
    // Against a scalar, a series' gap stays a gap (the scalar has no timestamps of its own).
    else if (!bothSeries && (Number.isNaN(x) || Number.isNaN(y))) result[t] = NaN;
    else result[t] = f(Number.isNaN(x) ? 0 : x, Number.isNaN(y) ? 0 : y);
  }
  return result;
};

function at(value: MathValue, t: number): number {
  if (typeof value === 'number') return value;
  if (value instanceof Float64Array) return value[t];
  throw new Error('a band or an array cannot be used as a number');
}

const OPERATORS: Record<string, (x: number, y: number) => number> = {
  '+': (x, y) => x + y,
  '-': (x, y) => x - y,
  '*': (x, y) => x * y,
  // Division by zero gives no data point, as in CloudWatch (never Infinity).
  '/': (x, y) => (y === 0 ? NaN : x / y),
  '^': (x, y) => x ** y,
  '>=': (x, y) => bool(x, y, x >= y),
  '<=': (x, y) => bool(x, y, x <= y),
  '>': (x, y) => bool(x, y, x > y),
  '<': (x, y) => bool(x, y, x < y),
  '==': (x, y) => bool(x, y, x === y),
  '!=': (x, y) => bool(x, y, x !== y),
  '&&': (x, y) => bool(x, y, x !== 0 && y !== 0),
  AND: (x, y) => bool(x, y, x !== 0 && y !== 0),
  '||': (x, y) => bool(x, y, x !== 0 || y !== 0),
  OR: (x, y) => bool(x, y, x !== 0 || y !== 0),
};

function bool(_x: number, _y: number, value: boolean): number {
  return value ? 1 : 0;
}

export function evaluateExpression(node: Node, context: MathContext): MathValue {
  const { length } = context;
  const series = (v: MathValue): Series => {
    if (typeof v === 'number') return new Float64Array(length).fill(v);
    if (v instanceof Float64Array) return v;
    throw new Error('expected a time series');
  };
  switch (node.kind) {
    case 'number':
      return node.value;
    case 'string':
      throw new Error(`a string ("${node.value}") is only an argument of a function the replay does not evaluate`);
    case 'id':
      return context.lookup(node.name);
    case 'array':
      return node.items.map((item) => series(evaluateExpression(item, context)));
    case 'unary': {
      const operand = evaluateExpression(node.operand, context);
      return node.op === '-'
        ? pointwise(operand, 0, length, (x) => -x)
        : pointwise(operand, 0, length, (x) => (Number.isNaN(x) ? NaN : x === 0 ? 1 : 0));
    }
    case 'binary': {
      const op = OPERATORS[node.op];
      return pointwise(evaluateExpression(node.left, context), evaluateExpression(node.right, context), length, op);
    }
    case 'call':
      return callFunction(node, context, series);
  }
}

function callFunction(
  node: Extract<Node, { kind: 'call' }>,
  context: MathContext,
  series: (v: MathValue) => Series,
): MathValue {
  const { length, periodMinutes } = context;
  const args = () => node.args.map((a) => evaluateExpression(a, context));
  switch (node.name) {
    case 'IF': {
      const [condition, whenTrue, whenFalse] = args();
      if (node.args.length < 2 || node.args.length > 3) throw new Error('IF takes a condition and one or two values');
      const result = new Float64Array(length);
      for (let t = 0; t < length; t++) {
        const c = at(condition, t);
        if (Number.isNaN(c)) result[t] = NaN;
        else if (c !== 0) result[t] = Number.isNaN(at(whenTrue, t)) ? 0 : at(whenTrue, t);
        else result[t] = whenFalse === undefined ? NaN : at(whenFalse, t);
      }
      return result;
    }
    case 'FILL': {
      const [metric, fill] = node.args;
      const values = series(evaluateExpression(metric, context));
      const result = new Float64Array(values);
      if (fill.kind === 'id' && fill.name === 'REPEAT') {
        for (let t = periodMinutes; t < length; t++) if (Number.isNaN(result[t])) result[t] = result[t - periodMinutes];
        return result;
      }
      const with_ = evaluateExpression(fill, context);
      for (let t = 0; t < length; t++) if (Number.isNaN(result[t])) result[t] = at(with_, t);
      return result;
    }
    case 'SUM':
    case 'AVG':
    case 'MIN':
    case 'MAX': {
      const [list] = args();
      if (!Array.isArray(list)) throw new Error(`${node.name} takes an array of series, e.g. ${node.name}([a, b])`);
      const result = new Float64Array(length);
      for (let t = 0; t < length; t++) {
        const values = list.map((s) => s[t]);
        // Missing values count as 0 where another series has a value at the timestamp.
        const present = values.every((v) => Number.isNaN(v)) ? [] : values.map((v) => (Number.isNaN(v) ? 0 : v));
        result[t] =
          present.length === 0
            ? NaN
            : node.name === 'SUM'
              ? present.reduce((a, b) => a + b, 0)
              : node.name === 'AVG'
                ? present.reduce((a, b) => a + b, 0) / present.length
                : (node.name === 'MIN' ? Math.min : Math.max)(...present);
      }
      return result;
    }
    case 'ABS':
    case 'CEIL':
    case 'FLOOR': {
      const f = node.name === 'ABS' ? Math.abs : node.name === 'CEIL' ? Math.ceil : Math.floor;
      return pointwise(args()[0], 0, length, (x) => f(x));
    }
    case 'ANOMALY_DETECTION_BAND': {
      const [metric, width] = args();
      return anomalyBand(series(metric), typeof width === 'number' ? width : 2, periodMinutes);
    }
    default:
      throw new Error(`metric math function ${node.name} is not supported by the alert replay`);
  }
}
