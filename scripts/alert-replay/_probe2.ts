import * as fs from 'node:fs';
import { loadApp, runScenario } from './replay-runner';
import { loadScenario } from './scenario';
const app = loadApp(process.argv[2], 'prod');
const dir = 'scripts/alert-replay/scenarios';
const only = process.argv[3];
const t0 = Date.now();
for (const f of fs.readdirSync(dir).sort()) {
  if (only && !f.startsWith(only)) continue;
  const t = Date.now();
  const r = runScenario(app, loadScenario(`${dir}/${f}`));
  console.log(`\n== ${f} (${Date.now() - t} ms)`);
  for (const n of r.notifications)
    console.log(' ', n.minute, n.state, n.severity, n.alarm.replace(app.prefix, ''), n.approximate ? '~' : '');
  if (r.suppressed.length)
    console.log('  suppressed', r.suppressed.map((s) => `${s.alarm.replace(app.prefix, '')}@${s.minute}`).join(' '));
  if (r.rollbacks.length) console.log('  rollbacks', JSON.stringify(r.rollbacks));
  for (const x of r.failures) console.log('  FAIL', x);
}
console.log('total', Date.now() - t0, 'ms');
