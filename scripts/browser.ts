import { existsSync } from 'node:fs';

/** The Chromium `npm run setup:browser` installs (scripts/setup-browser.sh); CHROMIUM_PATH overrides it. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The path of Chromium, or an error saying how to install it and what needs it. */
export function requireChromium(purpose: string): string {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM}: run \`npm run setup:browser\` (or set CHROMIUM_PATH) to ${purpose}.`,
    );
  }
  return CHROMIUM;
}
