// Drives the demo portal's remote re-issue in real headless Chromium: log in through Pechatka,
// press "Renew my certificate" (Pechatka makes a new key and a request on the token, the portal's
// CA issues, Pechatka imports), and log in again with the new certificate. Prints one JSON line.
// The Java test (ChromiumE2EIT) starts Pechatka and the portal and answers Pechatka's dialogs.
//
// node renewal-flow.mjs <portal-url> <spki-hash-base64>
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch } from './browser.mjs';

const [portalUrl, spki] = process.argv.slice(2);
const context = await launch(spki, { viewport: { width: 1100, height: 1000 } });
const result = {};
const text = async (page, selector) => (await page.textContent(selector))?.trim();
try {
  const page = context.pages()[0] ?? await context.newPage();
  await page.goto(portalUrl);
  await page.click('#login');
  result.login = await Promise.race([
    page.waitForSelector('#identity:not([hidden])', { timeout: 60_000 }).then(() => 'identity'),
    page.waitForSelector('#error:not([hidden])', { timeout: 60_000 }).then(() => 'error'),
  ]);
  result.certIdBefore = await page.getAttribute('#identity', 'data-cert-id');
  result.renewalOffered = await page.isVisible('#renew');
  if (result.login === 'identity' && result.renewalOffered) {
    await page.click('#renew');
    result.renewal = await Promise.race([
      page.waitForSelector('body[data-renewed]', { timeout: 120_000 }).then(() => 'renewed'),
      page.waitForSelector('#error:not([hidden])', { timeout: 120_000 }).then(() => 'error'),
    ]);
    if (result.renewal === 'renewed') {
      result.renewedCertId = await page.getAttribute('body', 'data-renewed');
      result.shownCertId = await text(page, '#renewal-cert-id');
      result.certIdAfter = await page.getAttribute('#identity', 'data-cert-id');
      result.nameAfter = await text(page, '#identity-name');
      result.status = await text(page, '#status');
    }
  }
  if (await page.isVisible('#error')) {
    result.error = await page.getAttribute('#error', 'data-error');
    result.errorText = await text(page, '#error');
  }
  await page.screenshot({ path: join(process.env.SCREENSHOTS || tmpdir(), 'portal-renewal.png'), fullPage: true });
} catch (e) {
  result.failure = String(e?.message ?? e);
} finally {
  await context.close();
}
console.log(JSON.stringify(result));
