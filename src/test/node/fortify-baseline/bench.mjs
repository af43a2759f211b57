// The engine of Fortify (node-webcrypto-p11 over pkcs11js and graphene-pk11) timed on a SoftHSM2
// token: the peer baseline of Pechatka's end-to-end benchmark (EndToEndBench.java), which starts this
// script on the token it created and interleaves its rounds with Pechatka's.
//
// It opens the token by label, logs in once, finds the private keys by CKA_ID (made by the Java
// side) and times crypto.subtle.sign calls one after another, each awaited: RSASSA-PKCS1-v1_5 with
// SHA-256 for RSA keys, ECDSA with SHA-256 for EC keys, over a small document. Per-call times are
// wall-clock (process.hrtime) around the awaited call, in milliseconds.
//
//   node bench.mjs --module LIB --token-label LABEL --pin PIN --key rsa=e1 --key ec=e2 [--count N]
//       prints one JSON object: per key the number of calls and the median and p99 in ms
//   node bench.mjs ... --serve
//       prints {"ready":true,...}, then answers lines "sign KEY N" on stdin with
//       {"key":KEY,"ms":[...]} (one line each); "quit" or end of input ends it
//
// SOFTHSM2_CONF (environment) must point at the token's SoftHSM2 configuration. Arguments may also
// come from the environment: PECHATKA_P11_MODULE, PECHATKA_TOKEN_LABEL, PECHATKA_PIN.

import { createRequire } from "node:module";
import { createInterface } from "node:readline";

const require = createRequire(import.meta.url);
const graphene = require("graphene-pk11");
const { Crypto } = require("node-webcrypto-p11");

const DOCUMENT = Buffer.from("Pechatka benchmark: заява на атрыманне даведкі, адзін невялікі дакумент.", "utf8");

function parseArgs(argv) {
  const opts = {
    module: process.env.PECHATKA_P11_MODULE,
    label: process.env.PECHATKA_TOKEN_LABEL,
    pin: process.env.PECHATKA_PIN,
    keys: {},
    count: 200,
    serve: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    switch (a) {
      case "--module": opts.module = next(); break;
      case "--token-label": opts.label = next(); break;
      case "--pin": opts.pin = next(); break;
      case "--count": opts.count = Number.parseInt(next(), 10); break;
      case "--serve": opts.serve = true; break;
      case "--key": {
        const [name, id] = next().split("=");
        if (!name || !/^[0-9a-fA-F]+$/.test(id || "")) throw new Error("--key takes NAME=HEXID");
        opts.keys[name] = id.toLowerCase();
        break;
      }
      default: throw new Error(`unknown argument ${a}`);
    }
  }
  if (!opts.module || !opts.label || !opts.pin || Object.keys(opts.keys).length === 0) {
    throw new Error("need --module, --token-label, --pin and at least one --key NAME=HEXID");
  }
  if (!(opts.count > 0)) throw new Error("--count must be positive");
  return opts;
}

/** The index, among the slots with a token, of the token with this label (what Crypto's `slot` means). */
function slotIndex(library, label) {
  const mod = graphene.Module.load(library, "SoftHSM2");
  mod.initialize();
  try {
    const slots = mod.getSlots(true);
    for (let i = 0; i < slots.length; i++) {
      if (slots.items(i).getToken().label.trim() === label) return i;
    }
    throw new Error(`no token labelled "${label}"`);
  } finally {
    mod.finalize();
  }
}

async function findKeys(crypto, wanted) {
  const indexes = await crypto.keyStorage.keys();
  // KeyStorage ids are "<private|public|secret>-<handle hex>-<CKA_ID hex>"
  const byId = (kind, id) => indexes.find((k) => k.startsWith(`${kind}-`) && k.endsWith(`-${id}`));
  const keys = {};
  for (const [name, id] of Object.entries(wanted)) {
    const index = byId("private", id);
    if (!index) throw new Error(`no private key with CKA_ID ${id} on the token`);
    const key = await crypto.keyStorage.getItem(index);
    const algorithm = key.algorithm.name === "ECDSA"
      ? { name: "ECDSA", hash: { name: "SHA-256" } }
      : { name: "RSASSA-PKCS1-v1_5" }; // the key's hash is SHA-256 (getItem's default)
    const publicIndex = byId("public", id);
    const publicKey = publicIndex ? await crypto.keyStorage.getItem(publicIndex) : null;
    keys[name] = { key, publicKey, algorithm };
  }
  return keys;
}

async function timeSigns(crypto, entry, n) {
  const ms = new Array(n);
  for (let i = 0; i < n; i++) {
    const t0 = process.hrtime.bigint();
    const sig = await crypto.subtle.sign(entry.algorithm, entry.key, DOCUMENT);
    ms[i] = Number(process.hrtime.bigint() - t0) / 1e6;
    if (!sig || sig.byteLength === 0) throw new Error("empty signature");
  }
  return ms;
}

function percentile(values, p) {
  const v = [...values].sort((a, b) => a - b);
  if (p === 50) {
    const n = v.length;
    return n % 2 ? v[(n - 1) / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }
  return v[Math.max(0, Math.ceil((p / 100) * v.length) - 1)];
}

function versions() {
  const v = (p) => {
    try {
      return require(`${p}/package.json`).version;
    } catch {
      return "?";
    }
  };
  return { node: process.version, "node-webcrypto-p11": v("node-webcrypto-p11"), pkcs11js: v("pkcs11js"),
    "graphene-pk11": v("graphene-pk11") };
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const slot = slotIndex(opts.module, opts.label);
  const crypto = new Crypto({ library: opts.module, name: "SoftHSM2", slot, readWrite: false, pin: opts.pin });
  try {
    const keys = await findKeys(crypto, opts.keys);
    for (const entry of Object.values(keys)) {
      // check once that the engine makes real signatures, then warm up
      const sig = await crypto.subtle.sign(entry.algorithm, entry.key, DOCUMENT);
      if (entry.publicKey && !(await crypto.subtle.verify(entry.algorithm, entry.publicKey, sig, DOCUMENT))) {
        throw new Error("the engine's signature does not verify");
      }
      await timeSigns(crypto, entry, 20);
    }
    if (!opts.serve) {
      const out = { ...versions() };
      for (const [name, entry] of Object.entries(keys)) {
        const ms = await timeSigns(crypto, entry, opts.count);
        out[name] = { algorithm: entry.algorithm.name, n: ms.length, medianMs: percentile(ms, 50),
          p99Ms: percentile(ms, 99) };
      }
      process.stdout.write(`${JSON.stringify(out)}\n`);
      return;
    }
    const algorithms = Object.fromEntries(Object.entries(keys).map(([n, e]) => [n, e.algorithm.name]));
    process.stdout.write(`${JSON.stringify({ ready: true, ...versions(), keys: algorithms })}\n`);
    const lines = createInterface({ input: process.stdin, terminal: false });
    for await (const line of lines) {
      const [cmd, name, count] = line.trim().split(/\s+/);
      if (cmd === "quit") break;
      if (cmd !== "sign" || !keys[name]) {
        process.stdout.write(`${JSON.stringify({ error: `bad command: ${line}` })}\n`);
        continue;
      }
      const ms = await timeSigns(crypto, keys[name], Number.parseInt(count, 10));
      process.stdout.write(`${JSON.stringify({ key: name, ms })}\n`);
    }
  } finally {
    try {
      if (crypto.isLoggedIn && crypto.isLoginRequired) crypto.logout();
      crypto.close();
    } catch {
      // exiting anyway
    }
  }
}

main().catch((e) => {
  process.stderr.write(`fortify-baseline: ${e && e.stack ? e.stack : e}\n`);
  process.exit(1);
});
