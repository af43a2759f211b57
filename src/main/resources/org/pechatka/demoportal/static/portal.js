// The demo portal's page: a complete Pechatka integration in one small module.
// 1. Login: POST /api/challenge → pechatka.authenticate({challengeNonce}) → POST /api/login {authToken}.
//    The server validates the token and answers with the identity read from the verified certificate.
// 2. Signing: POST /api/application → pechatka.signCms({certId, data: document}) → POST …/signature {cms}.
// 3. Renewal: pechatka.createCsr({renewOf: certId}) → POST /api/renewal {csr} → pechatka.importCertificate
//    ({certificate, chain}) → login again, offering only the new certificate.
import { connect, base64ToBytes } from '/sdk/pechatka.js';

const PECHATKA_URL = document.querySelector('meta[name="pechatka-url"]')?.content || 'https://127.0.0.1:27321';
const ATTRIBUTES = ['fullName', 'personalNumber', 'unp', 'organization', 'position', 'inn', 'snils'];
const ADMIN_DOC = 'docs/admin.md';

const $ = (id) => document.getElementById(id);

let pechatka = null;
let certId = null;
let keyAlgorithm = null;
let renewalOffered = false;
let busy = false;

// ---- messages for every error class ---------------------------------------------------------

/** A failed portal API call. */
class PortalError extends Error {
  constructor(status, body) {
    super(body?.message || `HTTP ${status}`);
    this.name = 'PortalError';
    this.status = status;
    this.code = body?.error;
    this.reason = body?.reason;
  }
}

const MESSAGES = {
  NotRunningError: () => 'Пячатка не адказвае. Запусціце Пячатку (значок у сістэмным трэі). Калі яна ўжо '
    + `працуе, адкрыйце адзін раз ${PECHATKA_URL}/, каб праверыць, ці давярае браўзер яе сертыфікату. `
    + `/ Pechatka does not answer. Start Pechatka (an icon in the system tray). If it is running, open ${PECHATKA_URL}/ `
    + "once to check that your browser trusts its certificate. If the browser asked whether this site may access apps "
    + 'on this device, allow it.',
  PermissionDeniedError: () => 'Ваш браўзер заблакаваў доступ да Пячаткі: дазвольце для гэтага сайта «Праграмы на '
    + 'гэтай прыладзе» (loopback network) у наладах сайта або звярніцеся да адміністратара. '
    + "/ Your browser blocked access to Pechatka: allow 'Apps on this device' / 'loopback network' for this site "
    + `(site settings, left of the address bar), or ask your administrator (see ${ADMIN_DOC}).`,
  OriginNotAllowedError: () => 'Пячатка не давярае гэтаму сайту. Дадайце яго ў наладах Пячаткі (Давераныя сайты) '
    + "або звярніцеся да адміністратара. / Pechatka does not trust this site. Add it in Pechatka's settings "
    + '(Trusted sites), or ask your administrator.',
  ConnectionRefusedError: () => 'Пячатка адмовіла ў злучэнні: закрыйце іншыя старонкі, якія выкарыстоўваюць '
    + 'Пячатку, і праверце, ці ёсць гэты сайт сярод давераных. / Pechatka refused the connection: close other pages '
    + 'using Pechatka and check that this site is among its trusted sites.',
  ProtocolVersionError: () => 'Версія Пячаткі не падыходзіць да гэтага партала: абнавіце Пячатку. '
    + '/ This version of Pechatka does not fit this portal: update Pechatka.',
  ConnectionClosedError: () => 'Злучэнне з Пячаткай перарвалася. Паспрабуйце яшчэ раз. '
    + '/ The connection to Pechatka was lost. Try again.',
  RequestTimeoutError: () => 'Пячатка не адказала своечасова. Паспрабуйце яшчэ раз. '
    + '/ Pechatka did not answer in time. Try again.',
  UserCancelledError: () => 'Вы адмянілі дзеянне ў акне Пячаткі. / You cancelled in the Pechatka window.',
  UserTimeoutError: () => 'Акно Пячаткі зачынілася: час чакання (2 хвіліны) скончыўся. Паспрабуйце яшчэ раз. '
    + '/ The Pechatka window closed after 2 minutes without an answer. Try again.',
  ActionPendingError: () => 'Пячатка ўжо чакае вашага адказу ў іншым акне: завяршыце або адмяніце яго (націсніце '
    + 'значок Пячаткі ў трэі). / Pechatka is already waiting for you in another window: finish or cancel it (click '
    + 'the Pechatka icon in the tray).',
  PinIncorrectError: (e) => `Няправільны PIN. / Wrong PIN.${e.finalTry
    ? ' Увага: яшчэ адна памылка заблакуе токен! / Careful: one more wrong PIN locks the token!' : ''}`,
  PinLockedError: () => 'PIN токена заблакаваны. Разблакуйце яго PUK-кодам праграмай вытворцы токена або '
    + "звярніцеся ў ваш цэнтр сертыфікацыі. / The token's PIN is locked. Unblock it with the PUK using the token "
    + "vendor's tool, or contact your certification centre.",
  TokenNotPresentError: () => 'Токен не знойдзены: падключыце яго і паспрабуйце яшчэ раз. '
    + '/ No token found: connect it and try again.',
  TokenRemovedError: () => 'Токен адключылі падчас аперацыі: падключыце яго і паспрабуйце яшчэ раз. '
    + '/ The token was removed during the operation: connect it and try again.',
  TokenError: (e) => `Памылка токена / Token error${e.ckr ? ` (${e.ckr})` : ''}. Паспрабуйце яшчэ раз або `
    + 'падключыце токен нанова. / Try again or reconnect the token.',
  KeyNotFoundError: () => 'Ключ гэтага сертыфіката не знойдзены. Увайдзіце зноў. '
    + "/ This certificate's key was not found. Log in again.",
  CertificateUnusableError: () => 'Сертыфікат нельга выкарыстаць: ён пратэрмінаваны або не прызначаны для гэтага. '
    + '/ The certificate cannot be used: expired or not meant for this.',
  AlgorithmUnsupportedError: () => 'Токен не падтрымлівае патрэбны алгарытм. '
    + '/ The token does not support the algorithm this key needs.',
  OperationNotAllowedError: () => 'Пячатка не дазваляе гэтую аперацыю. / Pechatka does not allow this operation.',
  InvalidParamsError: (e) => `Памылка ў запыце партала / The portal sent an invalid request: ${e.message}`,
  PortalError: (e) => `Партал адмовіў / The portal refused: ${e.message}`,
};

function describe(e) {
  const message = MESSAGES[e?.name];
  if (message) return message(e);
  return `Нечаканая памылка / Unexpected error: ${e?.message ?? e}`;
}

// ---- page state -----------------------------------------------------------------------------

function setStatus(text) {
  $('status').textContent = text;
}

function showError(e) {
  const box = $('error');
  box.dataset.error = e?.name || 'Error';
  box.textContent = describe(e);
  box.hidden = false;
  setStatus('');
}

function clearError() {
  const box = $('error');
  box.hidden = true;
  box.dataset.error = '';
  box.textContent = '';
}

const pad = (n) => String(n).padStart(2, '0');
/** dd.mm.yyyy (and hh:mm), as Belarusian forms write dates, whatever the browser's locale data. */
function formatDate(iso, withTime = false) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return null;
  const date = `${pad(d.getDate())}.${pad(d.getMonth() + 1)}.${d.getFullYear()}`;
  return withTime ? `${date} ${pad(d.getHours())}:${pad(d.getMinutes())}` : date;
}

function setText(id, value) {
  const dd = $(id);
  dd.textContent = value || '—';
}

function showIdentity(identity) {
  certId = identity.certId;
  keyAlgorithm = identity.keyAlgorithm || null;
  $('identity').dataset.certId = identity.certId;
  setText('identity-name', identity.name);
  setText('identity-personal-number', identity.personalNumber);
  setText('identity-unp', identity.unp);
  setText('identity-organization', identity.organization);
  setText('identity-position', identity.position);
  setText('identity-issuer', identity.issuer);
  setText('identity-not-after', identity.notAfter ? formatDate(identity.notAfter) : null);
  $('login-section').hidden = true;
  $('identity').hidden = false;
  $('application-form').hidden = false;
  $('renewal').hidden = !renewalOffered;
  $('receipt').hidden = true;
}

function showLoggedOut() {
  certId = null;
  $('renewal').hidden = true;
  $('login-section').hidden = false;
  $('identity').hidden = true;
  $('application-form').hidden = true;
  $('receipt').hidden = true;
}

function showReceipt(receipt) {
  setText('receipt-id', receipt.id);
  setText('receipt-document', receipt.documentName);
  setText('receipt-signer', receipt.signer);
  setText('receipt-time', formatDate(receipt.receivedAt, true));
  setText('receipt-hash', receipt.documentSha256);
  $('receipt').hidden = false;
  $('application-form').hidden = true;
}

// ---- the portal's API -----------------------------------------------------------------------

async function api(path, body) {
  const response = await fetch(path, {
    method: body === undefined ? 'GET' : 'POST',
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'same-origin',
    cache: 'no-store',
  });
  let json = null;
  try {
    json = await response.json();
  } catch {
    json = null;
  }
  if (!response.ok) throw new PortalError(response.status, json);
  return json;
}

/** One connection for the page's lifetime; reconnects after it closed. */
async function pechatkaClient() {
  if (pechatka && !pechatka.closed) return pechatka;
  setStatus('Злучэнне з Пячаткай… / Connecting to Pechatka…');
  pechatka = await connect({ url: PECHATKA_URL });
  return pechatka;
}

async function run(action) {
  if (busy) return;
  busy = true;
  clearError();
  document.body.classList.add('busy');
  try {
    await action();
  } catch (e) {
    showError(e);
  } finally {
    busy = false;
    document.body.classList.remove('busy');
  }
}

// ---- 1. login -------------------------------------------------------------------------------

/** Logs in; `certIds` narrows the certificates Pechatka offers (after a renewal: the new one). */
async function login(certIds) {
  setStatus('Падрыхтоўка ўваходу… / Preparing the login…');
  const { nonce } = await api('/api/challenge', {});
  const client = await pechatkaClient();
  setStatus('У акне Пячаткі выберыце сертыфікат і ўвядзіце PIN… / In the Pechatka window, choose your '
    + 'certificate and enter the PIN…');
  // the attributes Pechatka returns are a convenience and not signed: the page does not use them;
  // the server reads the identity from the certificate it verified
  const { authToken } = await client.authenticate({ challengeNonce: nonce, attributes: ATTRIBUTES,
    ...(certIds ? { filter: { certIds } } : {}) });
  setStatus('Праверка… / Verifying…');
  const { identity, renewal } = await api('/api/login', { authToken });
  renewalOffered = renewal === true;
  showIdentity(identity);
  setStatus('Вы ўвайшлі. / You are logged in.');
}

async function logout() {
  await api('/api/logout', {});
  showLoggedOut();
  setStatus('Вы выйшлі. / You are logged out.');
}

// ---- 2. signing an application --------------------------------------------------------------

async function signApplication() {
  const form = $('application-form');
  if (!form.reportValidity()) return;
  setStatus('Падрыхтоўка заявы… / Preparing the application…');
  const application = await api('/api/application', {
    reason: $('reason').value, address: $('address').value, email: $('email').value,
  });
  $('document-preview').textContent = new TextDecoder().decode(base64ToBytes(application.document));
  $('document-details').hidden = false;
  const client = await pechatkaClient();
  setStatus('Пацвердзіце подпіс у акне Пячаткі… / Confirm the signature in the Pechatka window…');
  const { cms } = await client.signCms({
    certId,
    data: application.document, // already base64: exactly the bytes the server keeps
    detached: true,
    documentName: application.documentName,
    description: application.description,
  });
  setStatus('Адпраўка… / Sending…');
  const receipt = await api(`/api/application/${encodeURIComponent(application.id)}/signature`, { cms });
  showReceipt(receipt);
  setStatus('Заява падпісаная і прынятая. / The application is signed and accepted.');
}

// ---- 3. remote re-issue of the certificate --------------------------------------------------

async function renew() {
  const client = await pechatkaClient();
  setStatus('Пацвердзіце запыт на абнаўленне ў акне Пячаткі і ўвядзіце PIN… / Confirm the renewal request in '
    + 'the Pechatka window and enter the PIN…');
  // the request copies the current certificate's subject: the CA compares it with the certificate
  const { csr } = await client.createCsr({ keyAlgorithm: keyAlgorithm || 'EC-P256', renewOf: certId,
    label: 'Pechatka renewal' });
  setStatus('Цэнтр сертыфікацыі выдае сертыфікат… / The certification authority issues the certificate…');
  const issued = await api('/api/renewal', { csr });
  setStatus('Пацвердзіце захаванне сертыфіката ў акне Пячаткі… / Confirm storing the certificate in the '
    + 'Pechatka window…');
  const imported = await client.importCertificate({ certificate: issued.certificate, chain: issued.chain });
  setText('renewal-cert-id', imported.certId);
  setText('renewal-not-after', formatDate(issued.notAfter));
  $('renewal-result').hidden = false;
  setStatus('Сертыфікат абноўлены. Увайдзіце з новым сертыфікатам… / The certificate is renewed. Log in with '
    + 'the new certificate…');
  await login([imported.certId]);
  document.body.dataset.renewed = imported.certId;
  setStatus('Вы ўвайшлі з новым сертыфікатам. / You are logged in with the new certificate.');
}

// ---- wiring ---------------------------------------------------------------------------------

$('login').addEventListener('click', () => run(() => login()));
$('renew').addEventListener('click', () => run(renew));
$('logout').addEventListener('click', () => run(logout));
$('application-form').addEventListener('submit', (event) => {
  event.preventDefault();
  run(signApplication);
});

(async () => {
  try {
    const { identity, renewal } = await api('/api/me');
    renewalOffered = renewal === true;
    showIdentity(identity);
  } catch {
    showLoggedOut();
  }
})();
