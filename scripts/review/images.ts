import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium } from 'playwright-core';
import { requireChromium } from '../browser';
import { resolveScenario, runPreview } from '../dashboard-preview/preview';

/**
 * Renders the changed dashboards of the head, quiet day, with the preview's change marks against the base: an HTML
 * page and a PNG each (the PNGs need Chromium: npm run setup:browser). Returns the files written.
 */
export async function writeDashboardImages(
  headOut: string,
  baseOut: string,
  stage: string,
  dashboards: readonly string[],
  directory: string,
): Promise<string[]> {
  const preview = runPreview(headOut, stage, [resolveScenario('quiet')], baseOut);
  fs.mkdirSync(directory, { recursive: true });
  const written: string[] = [];
  const browser = await chromium.launch({
    executablePath: requireChromium('render the dashboard images of --images'),
    args: ['--no-sandbox'],
  });
  try {
    const page = await browser.newPage({ deviceScaleFactor: 1 });
    for (const [file, html] of preview.pages) {
      if (!dashboards.some((d) => file.startsWith(`${d}-`))) continue;
      const htmlFile = path.join(directory, file);
      fs.writeFileSync(htmlFile, html);
      await page.setViewportSize(preview.sizes.get(file)!);
      await page.goto(`file://${path.resolve(htmlFile)}`);
      await page.screenshot({ path: htmlFile.replace(/\.html$/, '.png'), fullPage: true });
      written.push(htmlFile, htmlFile.replace(/\.html$/, '.png'));
    }
  } finally {
    await browser.close();
  }
  return written;
}
