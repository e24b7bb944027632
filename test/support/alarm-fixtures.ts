import { Construct } from 'constructs';
import { AlarmFactory } from '../../lib/alarms/alarm-factory';
import { AlertTopics } from '../../lib/alarms/alert-topics';

export const TEST_RUNBOOKS = 'https://runbooks.example.com';

/** The alert topics and an alarm factory routing to them, as a stage builds them (prefix `todo-test`). */
export function testAlarms(scope: Construct, namePrefix = 'todo-test'): { alarms: AlarmFactory; topics: AlertTopics } {
  const topics = new AlertTopics(scope, 'Topics', { namePrefix });
  return { topics, alarms: new AlarmFactory({ namePrefix, runbookBaseUrl: TEST_RUNBOOKS, topics }) };
}
