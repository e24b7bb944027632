import { loadApp, runScenario } from './replay-runner';
import { loadScenario } from './scenario';
const t0 = Date.now();
const app = loadApp(process.argv[2], 'prod');
const t1 = Date.now();
const r = runScenario(app, loadScenario(process.argv[3]));
const t2 = Date.now();
console.log('load', t1 - t0, 'ms; run', t2 - t1, 'ms');
for (const n of r.notifications) console.log(n.minute, n.state, n.severity, n.alarm, n.approximate ? '~' : '');
console.log('suppressed', r.suppressed.map((s) => `${s.alarm}@${s.minute}`).join(' '));
console.log('failures', r.failures);
const unproduced = [...r.replay.timelines.values()]
  .filter((t) => t.unproduced.length > 0)
  .map((t) => t.alarm.name + ': ' + t.unproduced.join(','));
console.log('unproduced', unproduced);
