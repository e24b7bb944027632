/**
 * npm run dashboards:preview [-- --stage prod] [--scenario quiet|outage|<file> …] [--out <dir>] [--baseline <cdk.out>]
 *   [--cdk-out <dir>] [--no-png]
 *
 * Renders every dashboard of the synthesized stage with replayed data: an HTML page per dashboard and scenario and a
 * PNG of it (headless Chromium), and prints what the checks found. The default run (prod, quiet and outage) writes
 * docs/dashboards/, with an index and the hashes that tie each PNG to its page. Exits 1 when a check fails.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium } from 'playwright-core';
import { synthesizeStage } from '../alert-replay/synth';
import { requireChromium } from '../browser';
import { indexPage, MANIFEST, PREVIEW_DOCS } from './docs';
import { resolveScenario, runPreview, sha256 } from './preview';

interface Options {
  stage: string;
  scenarios: string[];
  out?: string;
  baseline?: string;
  cdkOut?: string;
  png: boolean;
}

function parseArgs(argv: string[]): Options {
  const options: Options = { stage: 'prod', scenarios: [], png: true };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new Error(`${flag} needs a value`);
      return v;
    };
    if (flag === '--stage') options.stage = value();
    else if (flag === '--scenario') options.scenarios.push(value());
    else if (flag === '--out') options.out = value();
    else if (flag === '--baseline') options.baseline = value();
    else if (flag === '--cdk-out') options.cdkOut = value();
    else if (flag === '--no-png') options.png = false;
    else
      throw new Error(`unknown option ${flag} (allowed: --stage, --scenario, --out, --baseline, --cdk-out, --no-png)`);
  }
  if (!['dev', 'prod'].includes(options.stage)) throw new Error(`--stage must be dev or prod, got ${options.stage}`);
  return options;
}

/** PNGs of HTML pages at their full size, taken by one headless Chromium (playwright-core drives it). */
export async function screenshots(
  pages: readonly { html: string; png: string; width: number; height: number }[],
): Promise<void> {
  const browser = await chromium.launch({
    executablePath: requireChromium('take the screenshots, or pass --no-png'),
    args: ['--no-sandbox'],
  });
  try {
    const page = await browser.newPage({ deviceScaleFactor: 1 });
    for (const p of pages) {
      await page.setViewportSize({ width: p.width, height: p.height });
      await page.goto(`file://${p.html}`);
      await page.screenshot({ path: p.png, fullPage: true });
    }
  } finally {
    await browser.close();
  }
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const defaults = options.scenarios.length === 0;
  const cdkOut = options.cdkOut ?? synthesizeStage(options.stage);
  const preview = runPreview(
    cdkOut,
    options.stage,
    (defaults ? ['quiet', 'outage'] : options.scenarios).map(resolveScenario),
    options.baseline,
  );
  const out = path.resolve(
    options.out ??
      (defaults && options.stage === 'prod' && !options.baseline ? PREVIEW_DOCS : path.join('cdk.out', 'dashboards')),
  );
  fs.mkdirSync(out, { recursive: true });
  const manifest: Record<string, string> = {};
  const shots: { html: string; png: string; width: number; height: number }[] = [];
  for (const [file, html] of preview.pages) {
    const page = path.join(out, file);
    fs.writeFileSync(page, html);
    const png = page.replace(/\.html$/, '.png');
    manifest[path.basename(png)] = sha256(html);
    shots.push({ html: page, png, ...preview.sizes.get(file)! });
  }
  if (options.png) await screenshots(shots);
  if (out === path.resolve(PREVIEW_DOCS)) {
    fs.writeFileSync(path.join(out, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
    fs.writeFileSync(path.join(out, 'README.md'), indexPage(preview));
  }
  for (const f of preview.findings)
    process.stderr.write(`FAIL ${f.dashboard} ${f.widget ?? ''}: ${f.check}: ${f.message}\n`);
  process.stderr.write(
    `Rendered ${preview.pages.size} pages into ${path.relative(process.cwd(), out)} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
  );
  process.exitCode = preview.findings.length === 0 ? 0 : 1;
}

main().catch((error: Error) => {
  process.stderr.write(`dashboards:preview: ${error.message}\n`);
  process.exitCode = 2;
});
