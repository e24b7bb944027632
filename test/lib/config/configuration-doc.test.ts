/**
 * docs/configuration.md is generated from the context-key table (lib/config/context-keys.ts): this fails when the
 * committed page is not what `npm run docs:config` produces now.
 */
import * as fs from 'node:fs';
import { CONTEXT_KEY_TABLE } from '../../../lib/config/context-keys';
import { CONFIGURATION_DOC, configurationDoc } from '../../../scripts/config-doc';

const generated = configurationDoc();

test('the committed docs/configuration.md is the one `npm run docs:config` generates now', () => {
  expect(fs.readFileSync(CONFIGURATION_DOC, 'utf8')).toBe(generated);
});

test('the page has one row per context key', () => {
  const rows = generated.split('\n').filter((line) => /^\| `[A-Za-z]+` \|/.test(line));
  expect(rows.map((row) => row.split('`')[1])).toEqual(CONTEXT_KEY_TABLE.map((def) => def.key));
});
