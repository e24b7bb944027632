import { loadApp } from './replay-runner';
import { compareWithWorkbook } from './workbook';
const app = loadApp(process.argv[2], 'prod');
const t = Date.now();
const rows = compareWithWorkbook(app);
console.log('workbook', Date.now() - t, 'ms', rows.length);
for (const r of rows)
  console.log(
    r.errorRate,
    r.tier.tier,
    r.workbookDetection?.toFixed(1),
    r.replayDetection,
    r.workbookReset?.toFixed(1),
    r.replayReset,
    r.faultMinutes,
  );
