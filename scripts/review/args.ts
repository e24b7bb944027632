import { STAGES } from '../../lib/config/stage-config';

export interface ReviewOptions {
  readonly base?: string;
  readonly baseOut?: string;
  readonly stage: string;
  readonly rps?: number;
  readonly markdown?: string;
  readonly json?: string;
  readonly images?: string;
  readonly allow: string[];
  readonly replay: boolean;
  readonly dashboards: boolean;
  /** The checkout to review (its working tree is the head); default: this project. */
  readonly repo?: string;
}

const USAGE =
  'npm run review -- --base <git ref> | --base-out <cdk.out> [--stage prod] [--rps N] [--markdown out.md] ' +
  '[--json out.json] [--allow <logical id | scenario>]… [--no-replay] [--no-dashboards] [--images <dir>]';

export function parseArgs(argv: readonly string[]): ReviewOptions {
  const o: {
    -readonly [K in keyof ReviewOptions]: ReviewOptions[K];
  } = { stage: 'prod', allow: [], replay: true, dashboards: true };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new Error(`${flag} needs a value (usage: ${USAGE})`);
      return v;
    };
    if (flag === '--base') o.base = value();
    else if (flag === '--base-out') o.baseOut = value();
    else if (flag === '--stage') o.stage = value();
    else if (flag === '--rps') o.rps = positive(value());
    else if (flag === '--markdown') o.markdown = value();
    else if (flag === '--json') o.json = value();
    else if (flag === '--images') o.images = value();
    else if (flag === '--allow') o.allow.push(value());
    else if (flag === '--repo') o.repo = value();
    else if (flag === '--no-replay') o.replay = false;
    else if (flag === '--no-dashboards') o.dashboards = false;
    else throw new Error(`unknown option ${flag} (usage: ${USAGE})`);
  }
  if ((o.base === undefined) === (o.baseOut === undefined)) {
    throw new Error(`give exactly one of --base <git ref> and --base-out <cdk.out> (usage: ${USAGE})`);
  }
  if (!(STAGES as readonly string[]).includes(o.stage)) {
    throw new Error(`--stage: unknown stage "${o.stage}" (stages: ${STAGES.join(', ')})`);
  }
  return o;
}

function positive(text: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0)
    throw new Error(`--rps must be a positive number of requests a second, got "${text}"`);
  return n;
}
