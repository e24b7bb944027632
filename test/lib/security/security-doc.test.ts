/**
 * docs/security.md is generated from the reviewed exemptions (lib/security/acknowledgements): this fails when the
 * committed file is stale. Regenerate with `npm run docs:security`.
 */
import * as fs from 'node:fs';
import { SECURITY_DOC, securityDoc } from '../../../scripts/security-doc';

test('the committed docs/security.md is the one `npm run docs:security` generates now', () => {
  expect(fs.readFileSync(SECURITY_DOC, 'utf8')).toBe(securityDoc());
});
