// Drives the demo portal in real headless Chromium: log in through Pechatka, then sign the
// application. Prints one JSON line with what the page showed. The Java test (ChromiumE2EIT)
// starts Pechatka and the portal, answers Pechatka's dialogs with a scripted person, and checks.
//
// node portal-flow.mjs <portal-url> <spki-hash-base64> <mode>
//   mode: trusted          – the portal is a local site (no Local Network Access prompt)
//         public-denied    – the portal is treated as a public site, no loopback permission
//         public-granted   – public site, permission granted (as a user or admin policy would)
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch } from './browser.mjs';

const [portalUrl, spki, mode] = process.argv.slice(2);
const portal = new URL(portalUrl);
const extraArgs = [];
if (mode !== 'trusted') {
  // the portal's address counts as public: requests from it to loopback need the LNA permission
  extraArgs.push(`--ip-address-space-overrides=127.0.0.1:${portal.port}=public,[::1]:${portal.port}=public`);
}
const context = await launch(spki, {
  extraArgs,
  ...(mode === 'public-granted' ? { permissions: ['local-network-access'] } : {}),
  viewport: { width: 1100, height: 900 },
});
const result = { mode };
try {
  const page = context.pages()[0] ?? await context.newPage();
  const console_ = [];
  page.on('console', (m) => console_.push(m.text()));
  await page.goto(portalUrl);
  await page.click('#login');
  const outcome = await Promise.race([
    page.waitForSelector('#identity:not([hidden])', { timeout: 60_000 }).then(() => 'identity'),
    page.waitForSelector('#error:not([hidden])', { timeout: 60_000 }).then(() => 'error'),
  ]);
  result.login = outcome;
  result.status = (await page.textContent('#status'))?.trim();
  if (outcome === 'error') {
    result.error = await page.getAttribute('#error', 'data-error');
    result.errorText = (await page.textContent('#error'))?.trim();
  } else {
    result.name = (await page.textContent('#identity-name'))?.trim();
    result.personalNumber = (await page.textContent('#identity-personal-number'))?.trim();
    await page.fill('#address', 'Мінск, вул. Прыкладная, 1');
    await page.fill('#email', 'ales@example.by');
    await page.click('#sign');
    const signed = await Promise.race([
      page.waitForSelector('#receipt:not([hidden])', { timeout: 60_000 }).then(() => 'receipt'),
      page.waitForSelector('#error:not([hidden])', { timeout: 60_000 }).then(() => 'error'),
    ]);
    result.sign = signed;
    if (signed === 'receipt') {
      result.receiptId = (await page.textContent('#receipt-id'))?.trim();
      result.receiptSigner = (await page.textContent('#receipt-signer'))?.trim();
    } else {
      result.error = await page.getAttribute('#error', 'data-error');
      result.errorText = (await page.textContent('#error'))?.trim();
    }
  }
  await page.screenshot({ path: join(process.env.SCREENSHOTS || tmpdir(), `portal-${mode}.png`), fullPage: true });
  result.console = console_.slice(-10);
} catch (e) {
  result.failure = String(e?.message ?? e);
} finally {
  await context.close();
}
console.log(JSON.stringify(result));
