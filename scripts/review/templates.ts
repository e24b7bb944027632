import * as fs from 'node:fs';
import * as path from 'node:path';
import { readTemplates } from '../../lib/cost/cost-report';

/** A CloudFormation template as synthesized, only the parts the review reads. */
export interface Template {
  readonly Resources?: Record<string, { Type: string; Properties?: Record<string, unknown>; DeletionPolicy?: string }>;
  readonly [key: string]: unknown;
}

/** Stack artifact name → template. */
export type Templates = Record<string, Template>;

/** The stack templates of a cloud assembly directory, keyed by artifact name (the file name less `.template.json`). */
export function readAssemblyTemplates(cdkOut: string): Templates {
  if (!fs.existsSync(path.join(cdkOut, 'manifest.json'))) {
    throw new Error(`${cdkOut} is not a cloud assembly (no manifest.json)`);
  }
  return readTemplates(cdkOut) as Templates;
}

/** Resources of the given types across all stacks, with the stack they are in. */
export function resourcesOfTypes(
  templates: Templates,
  types: readonly string[],
): { stack: string; logicalId: string; type: string; properties: Record<string, unknown> }[] {
  return Object.entries(templates).flatMap(([stack, template]) =>
    Object.entries(template.Resources ?? {})
      .filter(([, r]) => types.includes(r.Type))
      .map(([logicalId, r]) => ({ stack, logicalId, type: r.Type, properties: r.Properties ?? {} })),
  );
}

/**
 * The templates with asset hashes and Lambda version ids made neutral. Synthesis skips bundling, so these hashes
 * follow the checkout's path, not the code: left in, every function would look updated and every version replaced.
 */
export function withoutAssetHashes(templates: Templates): Templates {
  return JSON.parse(
    JSON.stringify(templates)
      .replace(/[0-9a-f]{64}/g, 'ASSET')
      .replace(/(CurrentVersion[0-9A-F]{8})[0-9a-f]{32}/g, '$1'),
  ) as Templates;
}
