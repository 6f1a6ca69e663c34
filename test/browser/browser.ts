/**
 * Test support: Debian's Chromium driven by playwright-core (no downloaded browser builds).
 * Without /usr/bin/chromium the browser suites are skipped with the reason printed, except
 * under CI=true, where they fail: CI must not pass without having run them.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS });
}

/** describe() when Chromium is here; otherwise a skip with its reason (or, under CI, a failure). */
export function describeInBrowser(name: string, body: () => void): void {
  if (existsSync(CHROMIUM)) {
    describe(name, body);
    return;
  }
  const reason = `${CHROMIUM} not found: install it with \`apt-get install -y chromium\` (as root) to run the browser tests`;
  if (process.env.CI === 'true') {
    describe(name, () => {
      it('runs in CI, which needs Chromium', () => {
        throw new Error(`${reason}; CI=true requires them`);
      });
    });
    return;
  }
  console.warn(`[browser tests skipped] ${name}: ${reason}`);
  describe.skip(name, body);
}
