// Debian's Chromium as the end-to-end flows start it: headless, a fresh profile, no background
// traffic, and trusting exactly the installation's localhost certificate key (its SPKI hash), nothing
// else. Shared by portal-flow.mjs, keyboard-flow.mjs and renewal-flow.mjs.
import { chromium } from 'playwright-core';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Launches Chromium in a fresh profile and returns its persistent context.
 * spki: the base64 SHA-256 of the localhost certificate's key; extraArgs: more command-line flags;
 * options: more launchPersistentContext options (viewport, permissions …).
 */
export async function launch(spki, { extraArgs = [], ...options } = {}) {
  const userDataDir = await mkdtemp(join(tmpdir(), 'pechatka-chromium-'));
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      `--ignore-certificate-errors-spki-list=${spki}`,
      ...extraArgs,
    ],
    ...options,
  });
}
