// The demo portal driven with the keyboard only, in real headless Chromium: Tab to "Log in", Enter;
// after login, Tab through the application form typing into it, Enter on "Sign and send". Pechatka's
// own windows are answered by the caller (KeyboardOnlyIT) with X key events on the focused window.
// Prints one JSON line with what the page showed.
//
// node keyboard-flow.mjs <portal-url> <spki-hash-base64>
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch } from './browser.mjs';

const [portalUrl, spki] = process.argv.slice(2);
const context = await launch(spki, { viewport: { width: 1100, height: 900 } });
const result = { tabs: [] };

/** Presses Tab until the element with this id has the focus; fails after 40 presses. */
async function tabTo(page, id) {
  for (let i = 0; i < 40; i++) {
    if (await page.evaluate(() => document.activeElement?.id) === id) {
      result.tabs.push(`${id}:${i}`);
      return;
    }
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached #${id}`);
}

try {
  const page = context.pages()[0] ?? await context.newPage();
  await page.goto(portalUrl);
  await tabTo(page, 'login');
  await page.keyboard.press('Enter');
  result.login = await Promise.race([
    page.waitForSelector('#identity:not([hidden])', { timeout: 120_000 }).then(() => 'identity'),
    page.waitForSelector('#error:not([hidden])', { timeout: 120_000 }).then(() => 'error'),
  ]);
  if (result.login === 'identity') {
    result.name = (await page.textContent('#identity-name'))?.trim();
    await tabTo(page, 'address');
    await page.keyboard.type('Мінск, вул. Прыкладная, 1');
    await tabTo(page, 'email');
    await page.keyboard.type('ales@example.by');
    await tabTo(page, 'sign');
    await page.keyboard.press('Enter');
    result.sign = await Promise.race([
      page.waitForSelector('#receipt:not([hidden])', { timeout: 120_000 }).then(() => 'receipt'),
      page.waitForSelector('#error:not([hidden])', { timeout: 120_000 }).then(() => 'error'),
    ]);
    if (result.sign === 'receipt') {
      result.receiptSigner = (await page.textContent('#receipt-signer'))?.trim();
    }
  }
  if (result.login === 'error' || result.sign === 'error') {
    result.error = await page.getAttribute('#error', 'data-error');
    result.errorText = (await page.textContent('#error'))?.trim();
  }
  await page.screenshot({ path: join(process.env.SCREENSHOTS || tmpdir(), 'portal-keyboard.png'), fullPage: true });
} catch (e) {
  result.failure = String(e?.message ?? e);
} finally {
  await context.close();
}
console.log(JSON.stringify(result));
