/**
 * npm run review -- --base <git ref> | --base-out <cdk.out> [--stage prod] [--rps N] [--markdown out.md]
 *   [--json out.json] [--allow <logical id | scenario>]… [--no-replay] [--no-dashboards] [--images <dir>]
 *
 * Reviews what the working tree would change against a base, offline, from two synth outputs: resources replaced or
 * removed (data-loss risk first), alarms, alert-replay behaviour, cost, dashboards and cdk-nag findings. Exits 1 on
 * a data-loss risk or a newly failing replay expectation that no --allow names, 2 on bad input.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadStageConfig, ContextKey } from '../../lib/config/stage-config';
import { parseArgs, ReviewOptions } from './args';
import { BaseCheckout, checkoutBase } from './base-checkout';
import { writeDashboardImages } from './images';
import { reviewMarkdown } from './markdown';
import { buildReview } from './review';
import { runSide } from './side';

const log = (line: string) => process.stderr.write(`${line}\n`);

function expectedRps(repo: string, stage: string): number {
  const cdkJson = JSON.parse(fs.readFileSync(path.join(repo, 'cdk.json'), 'utf8')) as { context?: object };
  const context: Record<string, unknown> = { ...cdkJson.context, stage };
  return loadStageConfig((key: ContextKey) => context[key]).cost.expectedRequestsPerSecond;
}

async function review(options: ReviewOptions): Promise<number> {
  const started = Date.now();
  const repo = path.resolve(options.repo ?? path.join(__dirname, '..', '..'));
  const rps = options.rps ?? expectedRps(repo, options.stage);
  let checkout: BaseCheckout | undefined;
  try {
    if (options.base !== undefined) checkout = checkoutBase(repo, options.base, log);
    if (options.baseOut !== undefined && !fs.existsSync(path.join(options.baseOut, 'manifest.json'))) {
      throw new Error(`--base-out: ${options.baseOut} is not a cloud assembly (no manifest.json)`);
    }
    log(`Synthesizing ${options.stage}: head and base ${options.base ?? options.baseOut}…`);
    const common = { stage: options.stage, rps, replay: options.replay };
    const [headSide, baseSide] = await Promise.all([
      runSide({ ...common, root: repo, label: 'head (working tree)' }),
      // Without a base checkout, the head's cost model and replay read the given base synth output.
      checkout === undefined
        ? runSide({ ...common, root: repo, cdkOut: options.baseOut, label: `base ${options.baseOut}` })
        : runSide({ ...common, root: checkout.root, label: `base ${options.base} (${checkout.commit.slice(0, 12)})` }),
    ]);
    const result = buildReview({
      base: options.base === undefined ? options.baseOut! : `${options.base} (${checkout!.commit.slice(0, 12)})`,
      head: 'working tree',
      stage: options.stage,
      baseSide,
      headSide,
      dashboards: options.dashboards,
      allow: options.allow,
    });
    if (options.images !== undefined && result.dashboards.status === 'ok' && result.dashboards.value.length > 0) {
      const changed = result.dashboards.value.filter((d) => d.status !== 'removed').map((d) => d.dashboard);
      const files = await writeDashboardImages(
        headSide.cdkOut,
        baseSide.cdkOut,
        options.stage,
        changed,
        options.images,
      );
      log(`Dashboard images: ${files.length} files in ${options.images}`);
    }
    // The synth outputs made here are temporary; a --base-out belongs to the caller.
    for (const side of [headSide, baseSide]) {
      if (side.cdkOut !== path.resolve(options.baseOut ?? '')) fs.rmSync(side.cdkOut, { recursive: true, force: true });
    }
    const markdown = reviewMarkdown(result);
    if (options.markdown === undefined) process.stdout.write(markdown);
    else fs.writeFileSync(options.markdown, markdown);
    if (options.json !== undefined) fs.writeFileSync(options.json, `${JSON.stringify(result, null, 2)}\n`);
    for (const b of result.blocking) log(`BLOCKING ${b}`);
    log(`Reviewed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return result.blocking.length === 0 ? 0 : 1;
  } finally {
    checkout?.dispose();
  }
}

Promise.resolve()
  .then(() => review(parseArgs(process.argv.slice(2))))
  .then((code) => (process.exitCode = code))
  .catch((error: Error) => {
    log(`review: ${error.message}`);
    process.exitCode = 2;
  });
