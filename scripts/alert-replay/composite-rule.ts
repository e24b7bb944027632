/**
 * The composite alarm rule language: ALARM("name"), OK("name"), INSUFFICIENT_DATA("name"), TRUE, FALSE, AND, OR, NOT
 * and parentheses (NOT binds tightest, then AND, then OR). CloudWatch User Guide, "Create a composite alarm":
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Create_Composite_Alarm.html
 * Alarms are named by ARN in a template; `alarm-model.ts` has already replaced each ARN with the alarm's name.
 */
import { AlarmState } from './alarm-state';
import { tokenize } from './tokenize';

export type RuleNode =
  | { kind: 'state'; state: AlarmState; alarm: string }
  | { kind: 'constant'; value: boolean }
  | { kind: 'not'; operand: RuleNode }
  | { kind: 'and' | 'or'; left: RuleNode; right: RuleNode };

const TOKEN = /\s*(\(|\)|"(?:[^"\\]|\\.)*"|[A-Za-z_]+)/y;
const STATES: readonly AlarmState[] = ['ALARM', 'OK', 'INSUFFICIENT_DATA'];

export function parseRule(rule: string): RuleNode {
  const tokens = tokenize(rule, TOKEN, 'unsupported rule syntax');
  let position = 0;
  const peek = () => tokens[position]?.toUpperCase();
  const expect = (token: string) => {
    if (tokens[position] !== token)
      throw new Error(`expected ${token} but found ${tokens[position] ?? 'the end'} in ${rule}`);
    position++;
  };
  const parseOr = (): RuleNode => {
    let left = parseAnd();
    while (peek() === 'OR') {
      position++;
      left = { kind: 'or', left, right: parseAnd() };
    }
    return left;
  };
  const parseAnd = (): RuleNode => {
    let left = parseNot();
    while (peek() === 'AND') {
      position++;
      left = { kind: 'and', left, right: parseNot() };
    }
    return left;
  };
  const parseNot = (): RuleNode => {
    const token = tokens[position++];
    const word = token?.toUpperCase();
    if (word === 'NOT') return { kind: 'not', operand: parseNot() };
    if (token === '(') {
      const inner = parseOr();
      expect(')');
      return inner;
    }
    if (word === 'TRUE' || word === 'FALSE') return { kind: 'constant', value: word === 'TRUE' };
    if (word !== undefined && (STATES as string[]).includes(word)) {
      expect('(');
      const name = tokens[position++];
      if (name === undefined || !name.startsWith('"'))
        throw new Error(`${word}( must name an alarm in quotes in ${rule}`);
      expect(')');
      return { kind: 'state', state: word as AlarmState, alarm: JSON.parse(name) as string };
    }
    throw new Error(
      `unknown rule keyword "${token ?? 'end of rule'}" in ${rule} (ALARM, OK, INSUFFICIENT_DATA, TRUE, FALSE, AND, OR, NOT)`,
    );
  };
  const tree = parseOr();
  if (position !== tokens.length) throw new Error(`unexpected "${tokens[position]}" in ${rule}`);
  return tree;
}

export function evaluateRule(node: RuleNode, stateOf: (alarm: string) => AlarmState): boolean {
  switch (node.kind) {
    case 'state':
      return stateOf(node.alarm) === node.state;
    case 'constant':
      return node.value;
    case 'not':
      return !evaluateRule(node.operand, stateOf);
    case 'and':
      return evaluateRule(node.left, stateOf) && evaluateRule(node.right, stateOf);
    case 'or':
      return evaluateRule(node.left, stateOf) || evaluateRule(node.right, stateOf);
  }
}

/** The alarms a rule reads. */
export function ruleAlarms(node: RuleNode): string[] {
  switch (node.kind) {
    case 'state':
      return [node.alarm];
    case 'constant':
      return [];
    case 'not':
      return ruleAlarms(node.operand);
    default:
      return [...ruleAlarms(node.left), ...ruleAlarms(node.right)];
  }
}
