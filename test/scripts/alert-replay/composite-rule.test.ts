/** The composite alarm rule language (Create_Composite_Alarm.html). */
import { AlarmState } from '../../../scripts/alert-replay/alarm-state';
import { evaluateRule, parseRule, ruleAlarms } from '../../../scripts/alert-replay/composite-rule';

const states: Record<string, AlarmState> = { a: 'ALARM', b: 'OK', c: 'INSUFFICIENT_DATA' };
const is = (rule: string) => evaluateRule(parseRule(rule), (name) => states[name]);

test('state functions test a child’s state', () => {
  expect(is('ALARM("a")')).toBe(true);
  expect(is('OK("a")')).toBe(false);
  expect(is('OK("b")')).toBe(true);
  expect(is('INSUFFICIENT_DATA("c")')).toBe(true);
});

test('AND, OR, NOT, TRUE, FALSE and parentheses; NOT binds tightest, then AND, then OR', () => {
  expect(is('ALARM("a") AND ALARM("b")')).toBe(false);
  expect(is('ALARM("a") OR ALARM("b")')).toBe(true);
  expect(is('NOT ALARM("b")')).toBe(true);
  expect(is('TRUE AND NOT FALSE')).toBe(true);
  expect(is('ALARM("b") AND ALARM("a") OR ALARM("a")')).toBe(true);
  expect(is('ALARM("b") AND (ALARM("a") OR ALARM("a"))')).toBe(false);
});

test('the alarms a rule reads', () => {
  expect(ruleAlarms(parseRule('(ALARM("x") OR OK("y")) AND NOT ALARM("z")'))).toEqual(['x', 'y', 'z']);
});

test('an unknown keyword is an error naming it', () => {
  expect(() => parseRule('AT_LEAST(2, ALARM, ("a", "b"))')).toThrow(/unsupported rule syntax at "2, ALARM/);
  expect(() => parseRule('ANY(ALARM("a"))')).toThrow(/unknown rule keyword "ANY"/);
  expect(() => parseRule('ALARM(a)')).toThrow(/must name an alarm in quotes/);
});
