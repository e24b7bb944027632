import { API_FUNCTIONS, routeName } from '../../contract/routes';
import { GAME_DAY_EXPERIMENTS, GAME_DAY_LOAD, GameDayExperiment } from '../../lib/todo-chaos-stack';
import { parseScenario, Scenario } from './scenario';

/** Minutes of baseline before the experiment starts, and after it stops (resets are measured in it). */
const BEFORE = 60;
const AFTER = 120;

/**
 * The FIS game days as scenarios, built from the chaos stack's own experiment definitions (GAME_DAY_EXPERIMENTS) and
 * load profile: the fault on the experiment's functions' routes for its duration, and each expected alarm as a
 * notification due within its minutes. The claims of the game-day runbook are the replay's results.
 */
export function gameDayScenarios(): Scenario[] {
  return GAME_DAY_EXPERIMENTS.map((experiment) =>
    parseScenario(definition(experiment), `lib/todo-chaos-stack.ts (${experiment.id})`, `game-day-${experiment.id}`),
  );
}

function definition(experiment: GameDayExperiment): unknown {
  const minutes = experiment.duration.toMinutes();
  const routes = API_FUNCTIONS.filter((fn) => experiment.functions.includes(fn.name)).flatMap((fn) =>
    fn.routes.map(routeName),
  );
  const share = experiment.invocationPercentage / 100;
  const { fault } = experiment;
  const overlay =
    fault.kind === 'add-delay'
      ? { kind: 'latency', routes, addMs: fault.delay.toMilliseconds(), share }
      : fault.kind === 'error'
        ? { kind: 'errors', routes, ratio: share, cause: 'crash' }
        : { kind: 'errors', routes, ratio: share, cause: fault.statusCode >= 500 ? 'handled' : 'gateway' };
  return {
    title: `Game day ${experiment.id} (FIS): ${fault.kind} on ${experiment.invocationPercentage}% of ${experiment.functions.join(' and ')} for ${minutes} min`,
    description:
      `The chaos stack's experiment ${experiment.id} under the game-day load (${GAME_DAY_LOAD.requestsPerSecond} requests/s). ` +
      'Its expected alarms and times (GAME_DAY_EXPERIMENTS, the game-day runbook) are checked here.',
    durationMinutes: BEFORE + minutes + AFTER,
    historyDays: 3,
    traffic: { requestsPerSecond: GAME_DAY_LOAD.requestsPerSecond },
    routeMix: GAME_DAY_LOAD.routeMix,
    faults: [{ ...overlay, from: BEFORE, to: BEFORE + minutes }],
    expect: { notify: experiment.expectedAlarms.map((a) => ({ alarm: a.id, after: BEFORE, within: a.withinMinutes })) },
  };
}
