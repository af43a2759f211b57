// Unit tests of the Pechatka SDK with an in-test fake WebSocket, fetch and Permissions API.
// Run: node --test sdk/js/test/unit/
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as Pechatka from '../../pechatka.js';
import DefaultExport, {
  connect, errorFromRpc, bytesToBase64, base64ToBytes, isBase64,
  PechatkaError, NotRunningError, PermissionDeniedError, ConnectionRefusedError, OriginNotAllowedError,
  ProtocolVersionError, ConnectionClosedError, RequestTimeoutError,
  ParseError, InvalidRequestError, MethodNotFoundError, InvalidParamsError, InternalError,
  UserCancelledError, UserTimeoutError, ActionPendingError, PinIncorrectError, PinLockedError,
  TokenNotPresentError, TokenRemovedError, TokenError, KeyNotFoundError, CertificateUnusableError,
  AlgorithmUnsupportedError, OperationNotAllowedError,
} from '../../pechatka.js';

// ---- fakes ------------------------------------------------------------------------------------

const INFO = { name: 'Pechatka', version: '0.1.0', protocol: 1 };

/**
 * A WebSocket class whose instances are driven by the test. `behaviour` decides what a new socket
 * does: 'open' (opens), 'error' (fails like a refused upgrade: error, no close), 'hang' (nothing).
 */
function fakeWebSocketClass(behaviour = 'open') {
  const instances = [];
  class FakeWebSocket extends EventTarget {
    constructor(url, second) {
      super();
      this.url = url;
      this.second = second;
      this.argumentCount = arguments.length;
      this.readyState = 0;
      this.frames = [];
      instances.push(this);
      if (behaviour === 'open') setTimeout(() => this.serverOpen(), 0);
      if (behaviour === 'error') setTimeout(() => this.serverFail(), 0);
    }

    send(text) {
      if (this.readyState !== 1) throw new Error('InvalidStateError');
      assert.equal(typeof text, 'string', 'frames are text');
      this.frames.push(text);
    }

    close(code = 1000, reason = '') {
      if (this.readyState >= 2) return;
      this.readyState = 3;
      this.dispatchEvent(Object.assign(new Event('close'), { code, reason, wasClean: true }));
    }

    // ---- what the server does ----
    serverOpen() {
      this.readyState = 1;
      this.dispatchEvent(new Event('open'));
    }

    serverFail() {
      this.readyState = 3;
      this.dispatchEvent(new Event('error'));
    }

    serverSend(message) {
      const data = typeof message === 'string' ? message : JSON.stringify(message);
      this.dispatchEvent(Object.assign(new Event('message'), { data }));
    }

    serverClose(code = 1006, reason = '') {
      this.readyState = 3;
      this.dispatchEvent(Object.assign(new Event('close'), { code, reason, wasClean: false }));
    }

    /** The requests sent so far, parsed. */
    get requests() {
      return this.frames.map((f) => JSON.parse(f));
    }
  }
  FakeWebSocket.instances = instances;
  return FakeWebSocket;
}

/** A fetch whose answer is decided per call by `respond(url, init, n)`; records every call. */
function fakeFetch(respond) {
  const calls = [];
  const fn = async (url, init = {}) => {
    calls.push({ url, init });
    const r = await respond(url, init, calls.length);
    return {
      ok: r.status >= 200 && r.status < 300,
      status: r.status,
      type: init.mode === 'no-cors' ? 'opaque' : 'basic',
      json: async () => (typeof r.body === 'string' ? JSON.parse(r.body) : r.body),
    };
  };
  fn.calls = calls;
  return fn;
}

const infoFetch = (body = INFO) => fakeFetch(() => ({ status: 200, body }));
const failingFetch = () => fakeFetch(() => {
  throw new TypeError('Failed to fetch');
});

/** A Permissions API fake; `states` is a list consumed one query at a time (last one repeats). */
function fakePermissions(states, { unknownNames = [] } = {}) {
  const queries = [];
  return {
    queries,
    async query({ name }) {
      queries.push(name);
      if (unknownNames.includes(name)) {
        throw new TypeError(`The provided value '${name}' is not a valid enum value of type PermissionName.`);
      }
      const state = states.length > 1 ? states.shift() : states[0];
      return { state, name };
    },
  };
}

async function connected(extra = {}) {
  const WebSocket = fakeWebSocketClass('open');
  const client = await connect({ WebSocket, fetch: infoFetch(), permissions: null, ...extra });
  return { client, ws: WebSocket.instances[0], WebSocket };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

// ---- connecting -------------------------------------------------------------------------------

describe('connect', () => {
  test('whenEverythingAnswers_thenFetchesInfoThenOpensTheSocketWithTheGivenOptions', async () => {
    const WebSocket = fakeWebSocketClass('open');
    const fetch = infoFetch();
    const wsOptions = { headers: { Origin: 'https://portal.example' } };
    const client = await connect({ WebSocket, fetch, permissions: null, webSocketOptions: wsOptions });

    assert.equal(fetch.calls.length, 1);
    assert.equal(fetch.calls[0].url, 'https://127.0.0.1:27321/v1/info');
    assert.equal(fetch.calls[0].init.method, 'GET');
    assert.equal(WebSocket.instances.length, 1);
    assert.equal(WebSocket.instances[0].url, 'wss://127.0.0.1:27321/v1/ws');
    assert.equal(WebSocket.instances[0].second, wsOptions);
    assert.deepEqual(client.serverInfo, INFO);
    assert.equal(client.url, 'https://127.0.0.1:27321');
    assert.equal(client.closed, false);
  });

  test('whenNoWebSocketOptions_thenTheConstructorGetsOneArgumentOnly', async () => {
    const { ws } = await connected({ url: 'https://localhost:4444/' });
    assert.equal(ws.argumentCount, 1, 'a browser WebSocket takes protocols as its 2nd argument');
    assert.equal(ws.url, 'wss://localhost:4444/v1/ws');
  });

  test('whenFetchOptionsGiven_thenTheyReachTheInfoRequest', async () => {
    const fetch = infoFetch();
    await connect({
      WebSocket: fakeWebSocketClass('open'), fetch, permissions: null,
      fetchOptions: { headers: { Origin: 'https://portal.example' } },
    });
    assert.deepEqual(fetch.calls[0].init.headers, { Origin: 'https://portal.example' });
  });

  test('whenPermissionDeniedAndPechatkaUnreachable_thenPermissionDeniedErrorWithoutASocket', async () => {
    const WebSocket = fakeWebSocketClass('open');
    const fetch = failingFetch();
    const permissions = fakePermissions(['denied']);
    await assert.rejects(connect({ WebSocket, fetch, permissions }), (e) => {
      assert.ok(e instanceof PermissionDeniedError);
      assert.ok(e instanceof PechatkaError);
      assert.ok(!(e instanceof NotRunningError), 'portals must show a different help');
      assert.equal(e.name, 'PermissionDeniedError');
      assert.equal(e.reason, 'PERMISSION_DENIED');
      assert.match(e.message, /Apps on this device/);
      return true;
    });
    assert.equal(fetch.calls.length, 1, 'the info request only: a denied permission explains the failure');
    assert.equal(WebSocket.instances.length, 0);
    assert.equal(permissions.queries[0], 'loopback-network');
  });

  test('whenPermissionReportedDeniedButTheRequestGoesThrough_thenConnects', async () => {
    // a page on loopback itself needs no permission; some browsers still report 'denied'
    const client = await connect({ WebSocket: fakeWebSocketClass('open'), fetch: infoFetch(),
      permissions: fakePermissions(['denied']) });
    assert.equal(client.closed, false);
  });

  test('whenLoopbackNetworkUnknown_thenFallsBackToLocalNetworkAccess', async () => {
    const fetch = failingFetch();
    const permissions = fakePermissions(['denied'], { unknownNames: ['loopback-network'] });
    await assert.rejects(connect({ WebSocket: fakeWebSocketClass(), fetch, permissions }), PermissionDeniedError);
    assert.deepEqual(permissions.queries.slice(0, 2), ['loopback-network', 'local-network-access']);
    assert.equal(fetch.calls.length, 1);
  });

  test('whenNeitherPermissionNameIsKnown_thenConnectsNormally', async () => {
    const permissions = fakePermissions(['denied'], { unknownNames: ['loopback-network', 'local-network-access'] });
    const client = await connect({ WebSocket: fakeWebSocketClass('open'), fetch: infoFetch(), permissions });
    assert.equal(client.closed, false);
  });

  test('whenFetchFailsAndPermissionIsPrompt_thenNotRunningError', async () => {
    const WebSocket = fakeWebSocketClass('open');
    await assert.rejects(connect({ WebSocket, fetch: failingFetch(), permissions: fakePermissions(['prompt']) }),
      (e) => {
        assert.ok(e instanceof NotRunningError);
        assert.equal(e.name, 'NotRunningError');
        assert.equal(e.reason, 'NOT_RUNNING');
        assert.match(e.message, /Start Pechatka/);
        assert.match(e.message, /https:\/\/127\.0\.0\.1:27321\//, 'tells how to check the certificate');
        return true;
      });
    assert.equal(WebSocket.instances.length, 0);
  });

  test('whenFetchFailsAndNoPermissionsApi_thenNotRunningError', async () => {
    const fetch = failingFetch();
    await assert.rejects(connect({ WebSocket: fakeWebSocketClass(), fetch, permissions: null }), NotRunningError);
    assert.equal(fetch.calls.length, 2, 'the info request, then the no-cors probe');
    assert.equal(fetch.calls[1].init.mode, 'no-cors');
    assert.equal(fetch.calls[1].init.redirect, undefined, "Chromium fails no-cors fetches with redirect: 'error'");
  });

  test('whenFetchFailsAndPermissionBecomesDenied_thenPermissionDeniedError', async () => {
    // 'prompt' before the fetch (the browser asks), 'denied' after: the person said no
    const permissions = fakePermissions(['prompt', 'denied']);
    const fetch = failingFetch();
    await assert.rejects(connect({ WebSocket: fakeWebSocketClass(), fetch, permissions }), (e) => {
      assert.ok(e instanceof PermissionDeniedError);
      assert.equal(e.data.stage, 'info');
      return true;
    });
    assert.equal(fetch.calls.length, 1);
  });

  test('whenCorsFetchFailsButPechatkaAnswersNoCors_thenOriginNotAllowedError', async () => {
    const fetch = fakeFetch((url, init) => {
      if (init.mode === 'no-cors') return { status: 0, body: null };
      throw new TypeError('Failed to fetch'); // CORS refused: no Access-Control-Allow-Origin
    });
    await assert.rejects(connect({ WebSocket: fakeWebSocketClass(), fetch, permissions: fakePermissions(['granted']) }),
      (e) => {
        assert.ok(e instanceof OriginNotAllowedError);
        assert.ok(e instanceof ConnectionRefusedError);
        assert.equal(e.name, 'OriginNotAllowedError');
        assert.equal(e.reason, 'ORIGIN_NOT_ALLOWED');
        return true;
      });
  });

  test('whenInfoAnswers403_thenOriginNotAllowedError', async () => {
    const WebSocket = fakeWebSocketClass('open');
    const fetch = fakeFetch(() => ({ status: 403, body: 'Origin not allowed' }));
    await assert.rejects(connect({ WebSocket, fetch, permissions: null }), OriginNotAllowedError);
    assert.equal(WebSocket.instances.length, 0);
  });

  test('whenWrongProtocol_thenProtocolVersionError', async () => {
    const WebSocket = fakeWebSocketClass('open');
    await assert.rejects(connect({ WebSocket, fetch: infoFetch({ ...INFO, protocol: 2 }), permissions: null }), (e) => {
      assert.ok(e instanceof ProtocolVersionError);
      assert.equal(e.reason, 'PROTOCOL_VERSION');
      assert.equal(e.data.protocol, 2);
      return true;
    });
    assert.equal(WebSocket.instances.length, 0);
  });

  test('whenSomethingElseAnswers_thenProtocolVersionError', async () => {
    await assert.rejects(connect({
      WebSocket: fakeWebSocketClass(), fetch: infoFetch({ name: 'NCALayer', protocol: 1 }), permissions: null,
    }), ProtocolVersionError);
    await assert.rejects(connect({
      WebSocket: fakeWebSocketClass(), fetch: fakeFetch(() => ({ status: 200, body: '<html>' })), permissions: null,
    }), ProtocolVersionError);
    await assert.rejects(connect({
      WebSocket: fakeWebSocketClass(), fetch: fakeFetch(() => ({ status: 404, body: {} })), permissions: null,
    }), ProtocolVersionError);
  });

  test('whenSocketFailsBeforeOpenAndPermissionDenied_thenPermissionDeniedError', async () => {
    const permissions = fakePermissions(['granted', 'denied']);
    await assert.rejects(connect({ WebSocket: fakeWebSocketClass('error'), fetch: infoFetch(), permissions }), (e) => {
      assert.ok(e instanceof PermissionDeniedError);
      assert.equal(e.data.stage, 'websocket');
      return true;
    });
  });

  test('whenSocketFailsBeforeOpenAfterInfoAnswered_thenConnectionRefusedError', async () => {
    const WebSocket = fakeWebSocketClass('error');
    await assert.rejects(connect({ WebSocket, fetch: infoFetch(), permissions: fakePermissions(['prompt']) }),
      (e) => {
        assert.ok(e instanceof ConnectionRefusedError);
        assert.ok(!(e instanceof NotRunningError));
        assert.equal(e.data.stage, 'websocket');
        return true;
      });
    assert.equal(WebSocket.instances[0].readyState, 3, 'the failed socket is closed');
  });

  test('whenSocketNeverOpens_thenNotRunningErrorAfterTheTimeout', async () => {
    const started = Date.now();
    await assert.rejects(connect({
      WebSocket: fakeWebSocketClass('hang'), fetch: infoFetch(), permissions: null, timeoutMs: 50,
    }), (e) => e instanceof NotRunningError && e.data.timedOut === true);
    assert.ok(Date.now() - started < 2000);
  });

  test('whenInfoNeverAnswers_thenNotRunningErrorAfterTheTimeout', async () => {
    const fetch = fakeFetch(() => new Promise(() => {}));
    await assert.rejects(connect({ WebSocket: fakeWebSocketClass(), fetch, permissions: null, timeoutMs: 50 }),
      (e) => e instanceof NotRunningError && e.data.timedOut === true);
  });

  test('whenUrlIsNotHttps_thenTypeError', async () => {
    await assert.rejects(connect({ url: 'ftp://127.0.0.1', WebSocket: fakeWebSocketClass(), fetch: infoFetch() }),
      TypeError);
  });
});

// ---- JSON-RPC framing -------------------------------------------------------------------------

describe('JSON-RPC', () => {
  test('whenCalling_thenOneRequestObjectPerTextFrameWithDistinctIds', async () => {
    const { client, ws } = await connected();
    const a = client.info();
    const b = client.listTokens();
    assert.equal(ws.frames.length, 2);
    const [ra, rb] = ws.requests;
    assert.deepEqual(Object.keys(ra).sort(), ['id', 'jsonrpc', 'method', 'params']);
    assert.equal(ra.jsonrpc, '2.0');
    assert.equal(ra.method, 'app.info');
    assert.deepEqual(ra.params, {});
    assert.equal(rb.method, 'tokens.list');
    assert.notEqual(ra.id, rb.id);
    assert.ok(typeof ra.id === 'number' || typeof ra.id === 'string');

    // answered out of order: each promise gets its own result
    ws.serverSend({ jsonrpc: '2.0', id: rb.id, result: { tokens: [] } });
    ws.serverSend({ jsonrpc: '2.0', id: ra.id, result: { name: 'Pechatka', protocol: 1, capabilities: [] } });
    assert.deepEqual(await b, { tokens: [] });
    assert.equal((await a).name, 'Pechatka');
    client.close();
  });

  test('whenResponseIdDiffersInType_thenItIsNotMatched', async () => {
    const { client, ws } = await connected();
    const p = client.info();
    const { id } = ws.requests[0];
    let settled = false;
    p.then(() => { settled = true; }, () => { settled = true; });
    ws.serverSend({ jsonrpc: '2.0', id: String(id), result: { wrong: true } }); // "1" is not 1
    ws.serverSend({ jsonrpc: '2.0', id: id + 1000, result: { wrong: true } });
    ws.serverSend('not json');
    ws.serverSend([1, 2]);
    await tick();
    assert.equal(settled, false);
    ws.serverSend({ jsonrpc: '2.0', id, result: { right: true } });
    assert.deepEqual(await p, { right: true });
    client.close();
  });

  test('whenServerAnswersWithStringId_thenTheRawCallMatchesIt', async () => {
    // a server may echo any id type; matching is exact, so an echoed number stays a number
    const { client, ws } = await connected();
    const p = client.call('app.info');
    const { id } = ws.requests[0];
    ws.serverSend(`{"jsonrpc":"2.0","id":${JSON.stringify(id)},"result":{"ok":1}}`);
    assert.deepEqual(await p, { ok: 1 });
    client.close();
  });

  test('whenErrorResponse_thenRejectsWithTheTypedError', async () => {
    const { client, ws } = await connected();
    const p = client.signCms({ certId: 'ab', data: new Uint8Array([1]), documentName: 'x' });
    ws.serverSend({
      jsonrpc: '2.0', id: ws.requests[0].id,
      error: { code: 2001, message: 'PIN incorrect', data: { reason: 'PIN_INCORRECT', retriesLeft: 1, finalTry: true } },
    });
    await assert.rejects(p, (e) => {
      assert.ok(e instanceof PinIncorrectError);
      assert.equal(e.code, 2001);
      assert.equal(e.retriesLeft, 1);
      assert.equal(e.finalTry, true);
      assert.equal(e.message, 'PIN incorrect');
      return true;
    });
    client.close();
  });

  test('whenNotificationArrives_thenListenersGetItsParamsUntilRemoved', async () => {
    const { client, ws } = await connected();
    const seen = [];
    const other = [];
    const listener = (params) => seen.push(params);
    const unsubscribe = client.on('tokens.changed', listener);
    client.on('tokens.changed', () => { throw new Error('a broken listener'); });
    client.on('tokens.changed', (params) => other.push(params));
    assert.equal(client.listenerCount('tokens.changed'), 3);

    ws.serverSend({ jsonrpc: '2.0', method: 'tokens.changed', params: { tokens: [{ tokenId: 't1' }] } });
    ws.serverSend({ jsonrpc: '2.0', method: 'something.else', params: {} });
    assert.deepEqual(seen, [{ tokens: [{ tokenId: 't1' }] }]);
    assert.equal(other.length, 1, 'a throwing listener does not stop the others');

    assert.equal(client.off('tokens.changed', listener), true);
    assert.equal(client.off('tokens.changed', listener), false);
    assert.equal(unsubscribe(), false);
    ws.serverSend({ jsonrpc: '2.0', method: 'tokens.changed', params: { tokens: [] } });
    assert.equal(seen.length, 1);
    assert.equal(other.length, 2);
    client.close();
  });

  test('whenSocketCloses_thenPendingCallsRejectWithConnectionClosedError', async () => {
    const { client, ws } = await connected();
    const closes = [];
    client.on('close', (info) => closes.push(info));
    const a = client.authenticate({ challengeNonce: 'n'.repeat(44) });
    const b = client.listTokens();
    ws.serverClose(1009, 'message too big');
    for (const p of [a, b]) {
      await assert.rejects(p, (e) => {
        assert.ok(e instanceof ConnectionClosedError);
        assert.equal(e.reason, 'CONNECTION_CLOSED');
        assert.equal(e.data.closeCode, 1009);
        return true;
      });
    }
    assert.equal(client.closed, true);
    assert.deepEqual(closes, [{ code: 1009, reason: 'message too big' }]);
    await assert.rejects(client.info(), ConnectionClosedError, 'later calls fail at once');
    assert.equal(ws.frames.length, 2);
  });

  test('whenSocketErrorsAfterOpen_thenPendingCallsReject', async () => {
    const { client, ws } = await connected();
    const p = client.listTokens();
    ws.serverFail();
    await assert.rejects(p, ConnectionClosedError);
  });

  test('whenPageCloses_thenPendingCallsRejectAndTheSocketIsClosed', async () => {
    const { client, ws } = await connected();
    const p = client.selectCertificate({ purpose: 'auth' });
    client.close();
    await assert.rejects(p, ConnectionClosedError);
    assert.equal(ws.readyState, 3);
    assert.equal(client.closed, true);
  });

  test('whenNoAnswerInTime_thenRequestTimeoutErrorAndALateAnswerIsIgnored', async () => {
    const { client, ws } = await connected({ requestTimeoutMs: 20 });
    const p = client.info();
    await assert.rejects(p, (e) => e instanceof RequestTimeoutError && e.data.method === 'app.info');
    ws.serverSend({ jsonrpc: '2.0', id: ws.requests[0].id, result: {} });
    assert.equal(client.closed, false, 'a late answer does not break the connection');
    client.close();
  });

  test('whenCallTimeoutGiven_thenItOverridesTheDefault', async () => {
    const { client } = await connected();
    await assert.rejects(client.call('app.info', {}, { timeoutMs: 10 }), RequestTimeoutError);
    client.close();
  });
});

// ---- methods and parameters -------------------------------------------------------------------

describe('methods', () => {
  const CERT_ID = 'a'.repeat(64);

  async function sentBy(invoke) {
    const { client, ws } = await connected();
    const p = invoke(client);
    p.catch(() => {});
    const request = ws.requests.at(-1);
    client.close();
    return request;
  }

  test('whenEachWrapperIsCalled_thenItSendsTheProtocolMethodWithExactlyItsParams', async () => {
    const cases = [
      [(c) => c.info(), 'app.info', {}],
      [(c) => c.listTokens(), 'tokens.list', {}],
      [(c) => c.selectCertificate({ purpose: 'auth', attributes: ['fullName'], reason: 'Login', extra: 1 }),
        'certificates.select', { purpose: 'auth', attributes: ['fullName'], reason: 'Login' }],
      [(c) => c.authenticate({ challengeNonce: 'N'.repeat(44), filter: { validOnly: true }, attributes: ['unp'] }),
        'auth.authenticate', { challengeNonce: 'N'.repeat(44), filter: { validOnly: true }, attributes: ['unp'] }],
      [(c) => c.signCms({ certId: CERT_ID, data: new Uint8Array([0, 255]), detached: false, documentName: 'd' }),
        'sign.cms', { certId: CERT_ID, data: 'AP8=', detached: false, documentName: 'd' }],
      [(c) => c.signCms({ certId: CERT_ID, hash: 'q'.repeat(43) + '=', hashAlgorithm: 'SHA-256', documentName: 'd',
        description: 'x' }),
      'sign.cms', { certId: CERT_ID, hash: 'q'.repeat(43) + '=', hashAlgorithm: 'SHA-256', documentName: 'd',
        description: 'x' }],
      [(c) => c.signHash({ certId: CERT_ID, hash: new Uint8Array(32), hashAlgorithm: 'SHA-256', documentName: 'h' }),
        'sign.hash', { certId: CERT_ID, hash: 'A'.repeat(43) + '=', hashAlgorithm: 'SHA-256', documentName: 'h' }],
      [(c) => c.signBatch({ certId: CERT_ID, detached: true, items: [
        { data: new Uint8Array([1]).buffer, documentName: 'one' },
        { hash: new Uint8Array(32), hashAlgorithm: 'SHA-256', documentName: 'two', pin: '1234' },
      ] }), 'sign.batch', { certId: CERT_ID, detached: true, items: [
        { data: 'AQ==', documentName: 'one' },
        { hash: 'A'.repeat(43) + '=', hashAlgorithm: 'SHA-256', documentName: 'two' },
      ] }],
      [(c) => c.createCsr({ keyAlgorithm: 'EC-P256', subject: [{ type: 'CN', value: 'X' }], renewOf: CERT_ID }),
        'csr.create', { keyAlgorithm: 'EC-P256', subject: [{ type: 'CN', value: 'X' }], renewOf: CERT_ID }],
      [(c) => c.importCertificate({ certificate: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n',
        chain: [new Uint8Array([48])] }), 'cert.import',
      { certificate: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n', chain: ['MA=='] }],
    ];
    for (const [invoke, method, params] of cases) {
      const request = await sentBy(invoke);
      assert.equal(request.method, method);
      assert.deepEqual(request.params, params, method);
    }
  });

  test('whenAPinIsPassed_thenItIsNeverSent', async () => {
    const request = await sentBy((c) => c.signCms({ certId: CERT_ID, data: 'AQ==', documentName: 'd', pin: '1234' }));
    assert.equal(JSON.stringify(request).includes('1234'), false);
    assert.equal('pin' in request.params, false);

    const { client, ws } = await connected();
    await assert.rejects(client.call('sign.cms', { certId: CERT_ID, pin: '1234' }), InvalidParamsError);
    assert.equal(ws.frames.length, 0);
    client.close();
  });

  test('whenBinaryStringIsNotBase64_thenInvalidParamsErrorAndNothingIsSent', async () => {
    const { client, ws } = await connected();
    await assert.rejects(client.signCms({ certId: CERT_ID, data: 'Заява', documentName: 'd' }), (e) => {
      assert.ok(e instanceof InvalidParamsError);
      assert.equal(e.data.field, 'data');
      assert.match(e.message, /TextEncoder/);
      return true;
    });
    await assert.rejects(client.signHash({ certId: CERT_ID, hash: 42, hashAlgorithm: 'SHA-256', documentName: 'd' }),
      InvalidParamsError);
    assert.equal(ws.frames.length, 0);
    client.close();
  });

  test('whenResultHasBase64_thenItStaysAString', async () => {
    const { client, ws } = await connected();
    const p = client.signCms({ certId: CERT_ID, data: new Uint8Array([1, 2, 3]), documentName: 'd' });
    ws.serverSend({ jsonrpc: '2.0', id: ws.requests[0].id, result: { cms: 'MIAGCSqGSIb3DQEHAqCAMIACAQE=',
      signatureAlgorithm: 'SHA256withECDSA' } });
    const result = await p;
    assert.equal(typeof result.cms, 'string');
    assert.equal(base64ToBytes(result.cms)[0], 0x30);
    client.close();
  });
});

// ---- errors -----------------------------------------------------------------------------------

describe('errors', () => {
  const TABLE = [
    [ParseError, -32700, 'PARSE_ERROR'],
    [InvalidRequestError, -32600, 'INVALID_REQUEST'],
    [MethodNotFoundError, -32601, 'METHOD_NOT_FOUND'],
    [InvalidParamsError, -32602, 'INVALID_PARAMS'],
    [InternalError, -32603, 'INTERNAL'],
    [UserCancelledError, 1001, 'USER_CANCELLED'],
    [UserTimeoutError, 1002, 'USER_TIMEOUT'],
    [ActionPendingError, 1004, 'ACTION_PENDING'],
    [PinIncorrectError, 2001, 'PIN_INCORRECT'],
    [PinLockedError, 2002, 'PIN_LOCKED'],
    [TokenNotPresentError, 3001, 'TOKEN_NOT_PRESENT'],
    [TokenRemovedError, 3002, 'TOKEN_REMOVED'],
    [TokenError, 3004, 'TOKEN_ERROR'],
    [KeyNotFoundError, 4001, 'KEY_NOT_FOUND'],
    [CertificateUnusableError, 4002, 'CERTIFICATE_UNUSABLE'],
    [AlgorithmUnsupportedError, 4003, 'ALGORITHM_UNSUPPORTED'],
    [OperationNotAllowedError, 4004, 'OPERATION_NOT_ALLOWED'],
  ];

  test('whenErrorHasAReason_thenItsClassIsChosenByTheReason', () => {
    for (const [cls, code, reason] of TABLE) {
      const e = errorFromRpc({ code, message: `m ${reason}`, data: { reason } });
      assert.ok(e instanceof cls, reason);
      assert.ok(e instanceof PechatkaError, reason);
      assert.ok(e instanceof Error, reason);
      assert.equal(e.name, cls.name, reason);
      assert.equal(e.code, code, reason);
      assert.equal(e.reason, reason, reason);
      assert.equal(e.message, `m ${reason}`);
      assert.equal(cls.code, code);
      assert.equal(cls.reason, reason);
    }
    const names = new Set(TABLE.map(([cls]) => cls.name));
    assert.equal(names.size, TABLE.length, 'one class per reason');
  });

  test('whenReasonIsMissing_thenTheCodeDecides', () => {
    for (const [cls, code] of TABLE) {
      assert.ok(errorFromRpc({ code, message: 'x' }) instanceof cls, String(code));
    }
  });

  test('whenReasonAndCodeDisagree_thenTheReasonWinsAndTheServersCodeIsKept', () => {
    const e = errorFromRpc({ code: 1001, message: 'x', data: { reason: 'PIN_LOCKED' } });
    assert.ok(e instanceof PinLockedError);
    assert.equal(e.code, 1001);
  });

  test('whenErrorIsUnknown_thenThePlainBaseClassKeepsCodeReasonAndData', () => {
    const e = errorFromRpc({ code: 5005, message: 'new', data: { reason: 'SOMETHING_NEW', x: 1 } });
    assert.equal(e.constructor, PechatkaError);
    assert.equal(e.code, 5005);
    assert.equal(e.reason, 'SOMETHING_NEW');
    assert.deepEqual(e.data, { reason: 'SOMETHING_NEW', x: 1 });
    const empty = errorFromRpc(undefined);
    assert.equal(empty.constructor, PechatkaError);
    assert.equal(empty.reason, 'UNKNOWN');
  });

  test('whenPinIncorrectOrTokenError_thenTheirDataIsExposed', () => {
    const pin = errorFromRpc({ code: 2001, message: 'x', data: { reason: 'PIN_INCORRECT', finalTry: false } });
    assert.equal(pin.retriesLeft, null, 'retriesLeft only when the token tells');
    assert.equal(pin.finalTry, false);
    const token = errorFromRpc({ code: 3004, message: 'x', data: { reason: 'TOKEN_ERROR', ckr: 'CKR_DEVICE_ERROR' } });
    assert.equal(token.ckr, 'CKR_DEVICE_ERROR');
  });

  test('whenClientSideErrors_thenEachHasItsOwnClassAndReason', () => {
    const table = [
      [NotRunningError, 'NOT_RUNNING'], [PermissionDeniedError, 'PERMISSION_DENIED'],
      [ConnectionRefusedError, 'CONNECTION_REFUSED'], [OriginNotAllowedError, 'ORIGIN_NOT_ALLOWED'],
      [ProtocolVersionError, 'PROTOCOL_VERSION'], [ConnectionClosedError, 'CONNECTION_CLOSED'],
      [RequestTimeoutError, 'REQUEST_TIMEOUT'],
    ];
    for (const [cls, reason] of table) {
      const e = new cls();
      assert.ok(e instanceof PechatkaError);
      assert.equal(e.name, cls.name);
      assert.equal(e.reason, reason);
      assert.equal(e.code, null);
      assert.ok(e.message.length > 20, 'a default message a page can show');
    }
  });

  test('whenImportedAsDefaultOrNamespace_thenTheSameApiIsThere', () => {
    assert.equal(DefaultExport.connect, connect);
    assert.equal(DefaultExport.base64ToBytes, base64ToBytes);
    assert.equal(Pechatka.bytesToBase64, bytesToBase64);
    assert.equal(DefaultExport.PermissionDeniedError, PermissionDeniedError);
  });
});

// ---- base64 -----------------------------------------------------------------------------------

describe('base64', () => {
  test('whenAnyBytes_thenRoundTripMatchesNodesEncoder', () => {
    const all = new Uint8Array(256).map((_, i) => i);
    for (let len = 0; len <= 256; len++) {
      const bytes = all.subarray(256 - len);
      const b64 = bytesToBase64(bytes);
      assert.equal(b64, Buffer.from(bytes).toString('base64'), `length ${len}`);
      assert.deepEqual(base64ToBytes(b64), new Uint8Array(bytes));
    }
  });

  test('whenNonAsciiText_thenUtf8BytesSurviveTheRoundTrip', () => {
    const text = 'Заява на атрыманне даведкі: ўЎ іІ ёЁ — «паслугі» €𝄞';
    const bytes = new TextEncoder().encode(text);
    const b64 = bytesToBase64(bytes);
    assert.equal(b64, Buffer.from(text, 'utf8').toString('base64'));
    assert.equal(new TextDecoder().decode(base64ToBytes(b64)), text);
  });

  test('whenLargeInput_thenChunksJoinCorrectly', () => {
    const bytes = new Uint8Array(100_003).map((_, i) => (i * 7919) & 255);
    const b64 = bytesToBase64(bytes);
    assert.equal(b64, Buffer.from(bytes).toString('base64'));
    assert.deepEqual(base64ToBytes(b64), bytes);
  });

  test('whenArrayBufferOrView_thenOnlyTheViewedBytesAreEncoded', () => {
    const buffer = new Uint8Array([9, 1, 2, 3, 9]).buffer;
    assert.equal(bytesToBase64(buffer), 'CQECAwk=');
    assert.equal(bytesToBase64(new Uint8Array(buffer, 1, 3)), 'AQID');
    assert.equal(bytesToBase64(new DataView(buffer, 1, 3)), 'AQID');
  });

  test('whenNotStandardBase64_thenDecodingThrows', () => {
    for (const bad of ['A', 'AB=', 'ab-_', 'AQ==AQ==', 'A===', ' AQID', 'AQID\n', '€€€€', 'AQ=A']) {
      assert.equal(isBase64(bad), false, bad);
      assert.throws(() => base64ToBytes(bad), TypeError, bad);
    }
    assert.equal(isBase64(''), true);
    assert.deepEqual(base64ToBytes(''), new Uint8Array(0));
    assert.throws(() => bytesToBase64('text'), TypeError);
  });
});
