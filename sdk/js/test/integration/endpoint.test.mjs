// Integration tests of the SDK against a REAL Pechatka, started by the Java test harness with a
// scripted person who picks the first usable certificate, allows consent, enters the right PIN
// and confirms signing.
//
// Environment (set by the harness):
//   PECHATKA_URL               e.g. https://127.0.0.1:40123
//   PECHATKA_ORIGIN            a trusted origin, sent as the Origin header
//   PECHATKA_UNTRUSTED_ORIGIN  an origin Pechatka does not trust
//   NODE_EXTRA_CA_CERTS        the local CA, so that TLS verifies
//   PECHATKA_TEST_CA_CERT, PECHATKA_TEST_CA_KEY  PEM files of the test CA the endpoint trusts, with
//                              which the renewal test issues a certificate (openssl x509 -req), as a CA would
// Run: node --experimental-websocket --test sdk/js/test/integration/   (Node 22+: no flag needed)
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createPublicKey, randomBytes, verify as cryptoVerify, X509Certificate, constants }
  from 'node:crypto';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  connect, base64ToBytes, bytesToBase64, isBase64, PechatkaError, InvalidParamsError, OperationNotAllowedError,
  KeyNotFoundError, MethodNotFoundError, ConnectionRefusedError, OriginNotAllowedError,
} from '../../pechatka.js';

const REQUIRED = ['PECHATKA_URL', 'PECHATKA_ORIGIN', 'PECHATKA_UNTRUSTED_ORIGIN', 'PECHATKA_TEST_CA_CERT',
  'PECHATKA_TEST_CA_KEY'];
const missing = REQUIRED.filter((name) => !process.env[name]);
const TEST_TIMEOUT = { timeout: 180_000 };

if (missing.length > 0 || typeof globalThis.WebSocket !== 'function') {
  test('integration environment', () => {
    assert.fail(missing.length > 0
      ? `${missing.join(', ')} not set. These tests run against a real Pechatka started by the Java test harness, `
        + 'which sets PECHATKA_URL, PECHATKA_ORIGIN, PECHATKA_UNTRUSTED_ORIGIN and NODE_EXTRA_CA_CERTS.'
      : 'No global WebSocket: run Node 20 with --experimental-websocket (Node 22+ has it by default).');
  });
} else {
  const URL_ = process.env.PECHATKA_URL;
  const ORIGIN = process.env.PECHATKA_ORIGIN;
  const UNTRUSTED = process.env.PECHATKA_UNTRUSTED_ORIGIN;
  const METHODS = ['app.info', 'tokens.list', 'certificates.select', 'auth.authenticate', 'sign.cms', 'sign.hash',
    'sign.batch', 'csr.create', 'cert.import'];
  const WEB_EID_ALGORITHMS = ['ES256', 'ES384', 'ES512', 'RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'];

  /** Connects as a page on `origin` would (Node sends no Origin by itself). */
  const connectAs = (origin, { fetchOrigin = origin } = {}) => connect({
    url: URL_,
    permissions: null,
    webSocketOptions: origin ? { headers: { Origin: origin } } : undefined,
    fetchOptions: fetchOrigin ? { headers: { Origin: fetchOrigin } } : {},
    timeoutMs: 20_000,
  });

  const sha256 = (bytes) => createHash('sha256').update(bytes).digest();
  const nonce = () => randomBytes(32).toString('base64');

  /** Reads one DER TLV at `offset`: {tag, start (of the value), end}. */
  function tlv(der, offset) {
    const tag = der[offset];
    let len = der[offset + 1];
    let start = offset + 2;
    if (len & 0x80) {
      const n = len & 0x7f;
      assert.ok(n >= 1 && n <= 4, 'DER length');
      len = 0;
      for (let i = 0; i < n; i++) len = (len * 256) + der[start + i];
      start += n;
    }
    assert.ok(start + len <= der.length, 'DER length within the data');
    return { tag, start, end: start + len };
  }

  /** Asserts base64 DER CMS ContentInfo with content type signedData; returns the bytes. */
  function assertCmsSignedData(b64) {
    assert.ok(isBase64(b64), 'cms is standard base64');
    const der = base64ToBytes(b64);
    const outer = tlv(der, 0);
    assert.equal(outer.tag, 0x30, 'ContentInfo is a SEQUENCE');
    assert.equal(outer.end, der.length, 'DER, nothing after the ContentInfo');
    const oid = tlv(der, outer.start);
    assert.equal(oid.tag, 0x06);
    assert.equal(Buffer.from(der.subarray(oid.start, oid.end)).toString('hex'), '2a864886f70d010702',
      'content type 1.2.840.113549.1.7.2 (signedData)');
    const explicit = tlv(der, oid.end);
    assert.equal(explicit.tag, 0xa0, '[0] EXPLICIT content');
    assert.equal(tlv(der, explicit.start).tag, 0x30, 'SignedData is a SEQUENCE');
    return der;
  }

  const run = promisify(execFile);

  /** `openssl cms -verify` of a detached signature over `content` (chain not checked: demo CA). */
  async function opensslVerifyDetached(cms, content) {
    const dir = await mkdtemp(join(tmpdir(), 'pechatka-sdk-'));
    try {
      await writeFile(join(dir, 'sig.der'), cms);
      await writeFile(join(dir, 'doc.bin'), content);
      await run('openssl', ['cms', '-verify', '-binary', '-noverify', '-inform', 'DER', '-in', join(dir, 'sig.der'),
        '-content', join(dir, 'doc.bin'), '-out', join(dir, 'out.bin')]);
    } catch (e) {
      assert.fail(e.code === 'ENOENT' ? 'openssl not found: install openssl'
        : `openssl cms -verify failed: ${e.stderr ?? e.message}`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  const contains = (haystack, needle) => Buffer.from(haystack).includes(Buffer.from(needle));

  function keysDeep(value, out = []) {
    if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        out.push(k);
        keysDeep(v, out);
      }
    }
    return out;
  }

  describe('Pechatka endpoint through the SDK', () => {
    let client;
    let authCertId;

    before(async () => {
      client = await connectAs(ORIGIN);
    });

    after(() => client?.close());

    test('whenConnected_thenInfoNamesPechatkaProtocol1AndItsMethods', TEST_TIMEOUT, async () => {
      assert.equal(client.serverInfo.name, 'Pechatka');
      assert.equal(client.serverInfo.protocol, 1);
      const info = await client.info();
      assert.equal(info.name, 'Pechatka');
      assert.equal(info.protocol, 1);
      assert.equal(typeof info.version, 'string');
      assert.ok(Array.isArray(info.capabilities));
      for (const m of METHODS) assert.ok(info.capabilities.includes(m), `capabilities list ${m}`);
    });

    test('whenListingTokens_thenATokenHasIdLabelAndPinFlagsButNoSerialNumber', TEST_TIMEOUT, async () => {
      const { tokens } = await client.listTokens();
      assert.ok(Array.isArray(tokens) && tokens.length > 0, 'the harness provides a token');
      for (const token of tokens) {
        assert.equal(typeof token.tokenId, 'string');
        assert.ok(token.tokenId.length > 0);
        assert.equal(typeof token.label, 'string');
        assert.equal(typeof token.present, 'boolean');
        assert.equal(typeof token.pin, 'object');
        for (const flag of ['countLow', 'finalTry', 'locked']) assert.equal(typeof token.pin[flag], 'boolean', flag);
        assert.equal('serialNumber' in token, false);
        assert.deepEqual(keysDeep(token).filter((k) => /serial/i.test(k)), [], 'no serial number anywhere');
      }
    });

    test('whenSelectingAnAuthCertificate_thenCertificateCertIdChainAndAttributes', TEST_TIMEOUT, async () => {
      const r = await client.selectCertificate({ purpose: 'auth', attributes: ['fullName', 'personalNumber'] });
      assert.ok(isBase64(r.certificate));
      const der = base64ToBytes(r.certificate);
      const cert = new X509Certificate(der);
      assert.equal(r.certId, sha256(der).toString('hex'), 'certId = lowercase hex SHA-256 of the DER');
      assert.equal(typeof r.tokenId, 'string');
      assert.ok(Array.isArray(r.chain));
      for (const c of r.chain) assert.ok(new X509Certificate(base64ToBytes(c)));
      assert.equal(typeof r.attributes, 'object');
      for (const key of Object.keys(r.attributes)) {
        assert.ok(['fullName', 'personalNumber'].includes(key), `only requested attributes (${key})`);
      }
      assert.equal(typeof r.attributes.fullName, 'string');
      assert.ok(r.attributes.fullName.length > 0);
      if (r.attributes.personalNumber !== undefined) {
        assert.doesNotMatch(r.attributes.personalNumber, /^PNOBY-/i, 'prefix removed');
      }
      assert.ok(cert.subject.length > 0);
      authCertId = r.certId;
    });

    test('whenAuthenticating_thenAWebEidTokenSignedOverOriginAndNonce', TEST_TIMEOUT, async () => {
      const challengeNonce = nonce();
      assert.equal(challengeNonce.length, 44);
      const { authToken, attributes } = await client.authenticate({ challengeNonce, attributes: ['fullName'] });
      assert.equal(authToken.format, 'web-eid:1.0');
      assert.ok(WEB_EID_ALGORITHMS.includes(authToken.algorithm), authToken.algorithm);
      assert.match(authToken.appVersion, /^https:\/\//);
      assert.equal(typeof attributes.fullName, 'string');
      assert.equal('pin' in authToken, false);

      // verify exactly as a portal would: H(origin) || H(nonce), hash-then-sign, ECDSA raw r||s
      const cert = new X509Certificate(base64ToBytes(authToken.unverifiedCertificate));
      const hash = { 256: 'sha256', 384: 'sha384', 512: 'sha512' }[authToken.algorithm.slice(2)];
      const h = (s) => createHash(hash).update(s, 'utf8').digest();
      const message = Buffer.concat([h(ORIGIN), h(challengeNonce)]);
      const signature = base64ToBytes(authToken.signature);
      const key = createPublicKey(cert.publicKey.export({ type: 'spki', format: 'pem' }));
      const family = authToken.algorithm.slice(0, 2);
      const keyOptions = family === 'ES' ? { key, dsaEncoding: 'ieee-p1363' }
        : family === 'PS' ? { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: hash.slice(3) / 8 }
          : { key };
      assert.equal(cryptoVerify(hash, message, keyOptions, signature), true, 'signature over H(origin)‖H(nonce)');
      const otherOrigin = Buffer.concat([h(UNTRUSTED), h(challengeNonce)]);
      assert.equal(cryptoVerify(hash, otherOrigin, keyOptions, signature), false, 'bound to the origin');
    });

    test('whenNonceHas43Characters_thenInvalidParamsError', TEST_TIMEOUT, async () => {
      await assert.rejects(client.authenticate({ challengeNonce: nonce().slice(0, 43) }), (e) => {
        assert.ok(e instanceof InvalidParamsError, `${e.name}: ${e.message}`);
        assert.equal(e.code, -32602);
        assert.equal(e.reason, 'INVALID_PARAMS');
        return true;
      });
      await assert.rejects(client.authenticate({ challengeNonce: 'A'.repeat(129) }), InvalidParamsError);
    });

    test('whenSigningDataAsCms_thenBase64DerCmsThatVerifies', TEST_TIMEOUT, async () => {
      const { certId } = await client.selectCertificate({ purpose: 'sign' });
      const marker = `Pechatka SDK integration ${randomBytes(8).toString('hex')} — заява`;
      const data = new TextEncoder().encode(marker);

      const detached = await client.signCms({ certId, data, documentName: 'SDK test document',
        description: 'integration test' });
      assert.equal(typeof detached.signatureAlgorithm, 'string');
      const der = assertCmsSignedData(detached.cms);
      assert.equal(contains(der, data), false, 'detached by default: the data is not inside');
      await opensslVerifyDetached(der, data);

      const attached = await client.signCms({ certId, data: bytesToBase64(data), detached: false,
        documentName: 'SDK test document' });
      assert.equal(contains(assertCmsSignedData(attached.cms), data), true, 'attached: the data is inside');
    });

    test('whenSigningABatchOfThree_thenThreeCmsInOrder', TEST_TIMEOUT, async () => {
      const { certId } = await client.selectCertificate({ purpose: 'sign' });
      const docs = [1, 2, 3].map((i) => new TextEncoder().encode(`batch document ${i} ${randomBytes(4).toString('hex')}`));
      const { results } = await client.signBatch({
        certId, items: docs.map((data, i) => ({ data, documentName: `Document ${i + 1}` })),
      });
      assert.equal(results.length, 3);
      for (let i = 0; i < 3; i++) {
        const der = assertCmsSignedData(results[i].cms);
        await opensslVerifyDetached(der, docs[i]); // item order: signature i verifies over document i
      }
    });

    test('whenSigningARawHashWithAnAuthCapableCertificate_thenOperationNotAllowedError', TEST_TIMEOUT, async () => {
      assert.ok(authCertId, 'selected in an earlier test');
      await assert.rejects(client.signHash({
        certId: authCertId, hash: sha256(Buffer.from('x')), hashAlgorithm: 'SHA-256', documentName: 'raw hash',
      }), (e) => {
        assert.ok(e instanceof OperationNotAllowedError, `${e.name}: ${e.message}`);
        assert.equal(e.code, 4004);
        return true;
      });
    });

    test('whenRenewing_thenANewKeyRequestWithTheSameSubjectAndTheIssuedCertificateImportsAndSigns', TEST_TIMEOUT,
      async () => {
        const { certId, certificate } = await client.selectCertificate({ purpose: 'auth' });
        const current = new X509Certificate(Buffer.from(base64ToBytes(certificate)));
        const request = await client.createCsr({ keyAlgorithm: 'EC-P256', renewOf: certId, label: 'SDK renewal' });
        assert.match(request.csr, /^-----BEGIN CERTIFICATE REQUEST-----/);
        assert.match(request.keyId, /^[0-9a-f]+$/);
        const dir = await mkdtemp(join(tmpdir(), 'pechatka-sdk-'));
        try {
          await writeFile(join(dir, 'req.pem'), request.csr);
          await writeFile(join(dir, 'ext.cnf'), 'keyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\n');
          const verified = await run('openssl', ['req', '-in', join(dir, 'req.pem'), '-verify', '-noout',
            '-subject', '-nameopt', 'RFC2253']);
          assert.match(verified.stdout + verified.stderr, /verify OK/);
          await writeFile(join(dir, 'current.pem'), current.toString());
          const was = await run('openssl', ['x509', '-in', join(dir, 'current.pem'), '-noout', '-subject', '-nameopt',
            'RFC2253']);
          assert.equal(verified.stdout.replace(/^.*subject=/s, '').trim(), was.stdout.replace(/^subject=/, '').trim(),
            'the subject of the certificate renewed');
          await run('openssl', ['x509', '-req', '-in', join(dir, 'req.pem'), '-CA', process.env.PECHATKA_TEST_CA_CERT,
            '-CAkey', process.env.PECHATKA_TEST_CA_KEY, '-days', '30', '-sha256', '-extfile', join(dir, 'ext.cnf'),
            '-set_serial', `0x${randomBytes(8).toString('hex')}`, '-out', join(dir, 'new.pem')]);
          const pem = (await run('openssl', ['x509', '-in', join(dir, 'new.pem')])).stdout;
          const issued = new X509Certificate(pem);
          const imported = await client.importCertificate({ certificate: pem });
          assert.equal(imported.certId, sha256(issued.raw).toString('hex'));
          assert.equal(imported.keyId, request.keyId, 'stored next to the new key');
          assert.equal(imported.tokenId, request.tokenId);
          const again = await client.importCertificate({ certificate: issued.raw });
          assert.equal(again.certId, imported.certId, 'the same certificate again: no error');
          const data = new TextEncoder().encode('signed with the renewed certificate');
          const signed = await client.signCms({ certId: imported.certId, data, documentName: 'after renewal' });
          await opensslVerifyDetached(assertCmsSignedData(signed.cms), data);
        } finally {
          await rm(dir, { recursive: true, force: true });
        }
      });

    test('whenImportingACertificateWithoutItsKey_thenKeyNotFoundError', TEST_TIMEOUT, async () => {
      const dir = await mkdtemp(join(tmpdir(), 'pechatka-sdk-'));
      try {
        // a key that is not on the token, certified by the trusted CA
        await run('openssl', ['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes',
          '-subj', '/CN=Somebody Else', '-keyout', join(dir, 'k.pem'), '-out', join(dir, 'r.pem')]);
        await run('openssl', ['x509', '-req', '-in', join(dir, 'r.pem'), '-CA', process.env.PECHATKA_TEST_CA_CERT,
          '-CAkey', process.env.PECHATKA_TEST_CA_KEY, '-days', '30', '-set_serial', '0x0123', '-out', join(dir, 'c.pem')]);
        const pem = (await run('openssl', ['x509', '-in', join(dir, 'c.pem')])).stdout;
        await assert.rejects(client.importCertificate({ certificate: pem }), (e) => {
          assert.ok(e instanceof KeyNotFoundError, `${e.name}: ${e.message}`);
          assert.equal(e.code, 4001);
          return true;
        });
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });

    test('whenCertIdWasNeverSelected_thenKeyNotFoundError', TEST_TIMEOUT, async () => {
      await assert.rejects(client.signCms({ certId: '0'.repeat(64), data: new Uint8Array([1]), documentName: 'x' }),
        (e) => e instanceof KeyNotFoundError && e.code === 4001);
    });

    test('whenMethodUnknownOrFieldUnknown_thenTheJsonRpcErrors', TEST_TIMEOUT, async () => {
      await assert.rejects(client.call('no.such.method', {}), MethodNotFoundError);
      await assert.rejects(client.call('app.info', { unexpected: true }), InvalidParamsError);
    });

    test('whenTokensChangedListenerRegistered_thenOnAndOffWork', TEST_TIMEOUT, async () => {
      const listener = () => {};
      const off = client.on('tokens.changed', listener);
      assert.equal(client.listenerCount('tokens.changed'), 1);
      assert.equal(off(), true);
      assert.equal(client.listenerCount('tokens.changed'), 0);
      assert.equal(client.off('tokens.changed', listener), false);
      // the connection still works after registering and removing
      assert.equal((await client.info()).protocol, 1);
    });
  });

  describe('sites Pechatka does not trust', () => {
    test('whenUntrustedOriginConnects_thenOriginNotAllowedError', TEST_TIMEOUT, async () => {
      await assert.rejects(connectAs(UNTRUSTED), (e) => {
        assert.ok(e instanceof OriginNotAllowedError, `${e.name}: ${e.message}`);
        assert.ok(e instanceof ConnectionRefusedError);
        assert.ok(e instanceof PechatkaError);
        return true;
      });
    });

    test('whenOnlyTheUpgradeCarriesTheUntrustedOrigin_thenConnectionRefusedError', TEST_TIMEOUT, async () => {
      // /v1/info without Origin is answered; the WebSocket upgrade gets 403
      await assert.rejects(connectAs(UNTRUSTED, { fetchOrigin: null }), (e) => {
        assert.ok(e instanceof ConnectionRefusedError, `${e.name}: ${e.message}`);
        return true;
      });
    });

    test('whenUpgradeHasNoOrigin_thenConnectionRefusedError', TEST_TIMEOUT, async () => {
      await assert.rejects(connectAs(null), ConnectionRefusedError);
    });
  });
}
