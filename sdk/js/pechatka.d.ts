/**
 * Pechatka JS SDK, protocol version 1: TypeScript declarations for `pechatka.js`.
 * The protocol itself is described in Pechatka's docs/protocol.md.
 */

export declare const DEFAULT_URL: 'https://127.0.0.1:27321';
export declare const PROTOCOL_VERSION: 1;

// ---- protocol types ---------------------------------------------------------------------------

/** Standard base64 (with padding). */
export type Base64 = string;

/** Binary input: bytes are base64-encoded by the SDK; a string must already be standard base64. */
export type BinaryInput = Uint8Array | ArrayBuffer | ArrayBufferView | Base64;

export type HashAlgorithm =
  | 'SHA-256' | 'SHA-384' | 'SHA-512' | 'SHA3-256' | 'SHA3-384' | 'SHA3-512'
  | 'BELT-HASH' | 'STREEBOG-256' | 'STREEBOG-512';

export type KeyAlgorithm =
  | 'EC-P256' | 'EC-P384' | 'EC-P521' | 'RSA-2048' | 'RSA-3072' | 'RSA-4096' | 'ED25519'
  | 'BIGN-128' | 'BIGN-192' | 'BIGN-256' | 'GOST-2012-256' | 'GOST-2012-512';

/** Personal data a portal may ask for; the person sees and approves each one. */
export type Attr =
  | 'fullName' | 'surname' | 'givenName' | 'personalNumber' | 'unp' | 'organization' | 'position'
  | 'inn' | 'innLe' | 'snils' | 'ogrn' | 'ogrnip' | 'email' | 'country' | 'locality';

/**
 * Attribute values from the selected certificate. A convenience, NOT signed: take identity from
 * the certificate your server verified.
 */
export type Attributes = Partial<Record<Attr, string>>;

export type Purpose = 'auth' | 'sign';

export type KeyUsageName =
  | 'digitalSignature' | 'nonRepudiation' | 'keyEncipherment' | 'dataEncipherment' | 'keyAgreement'
  | 'keyCertSign' | 'cRLSign' | 'encipherOnly' | 'decipherOnly';

/** Narrows what the certificate picker offers. */
export interface Filter {
  issuerContains?: string;
  subjectContains?: string;
  keyUsage?: KeyUsageName[];
  /** OIDs. */
  extKeyUsage?: string[];
  /** OIDs. */
  policyOids?: string[];
  certIds?: string[];
  /** Default true: only certificates inside their validity period. */
  validOnly?: boolean;
  /** Default false: only certificates that chain to Pechatka's trust store. */
  trustedOnly?: boolean;
}

export interface PinState {
  countLow: boolean;
  finalTry: boolean;
  locked: boolean;
}

/** A token. There is no serial number; `tokenId` is opaque and different for every site. */
export interface Token {
  tokenId: string;
  label: string;
  manufacturer: string;
  model: string;
  present: boolean;
  loginRequired: boolean;
  protectedAuthPath: boolean;
  pin: PinState;
}

/** The Web eID authentication token (format `web-eid:1.0`). Validate it on the server. */
export interface AuthToken {
  /** Base64 DER X.509; untrusted until the server has validated the chain. */
  unverifiedCertificate: Base64;
  algorithm: 'ES256' | 'ES384' | 'ES512' | 'RS256' | 'RS384' | 'RS512' | 'PS256' | 'PS384' | 'PS512'
    | 'BIGN-HBELT' | 'GOST-2012-256' | 'GOST-2012-512' | (string & {});
  /** Signature over H(origin) ‖ H(challengeNonce); ECDSA as raw r‖s. */
  signature: Base64;
  format: 'web-eid:1.0' | (string & {});
  appVersion: string;
}

export interface SigAlg {
  cryptoAlgorithm: 'ECC' | 'RSA' | (string & {});
  hashFunction: HashAlgorithm | (string & {});
  paddingScheme: 'NONE' | 'PKCS1.5' | 'PSS';
}

export interface AppInfo {
  name: 'Pechatka';
  version: string;
  protocol: 1;
  /** Method names, e.g. `sign.cms`. */
  capabilities: string[];
}

/** What `GET /v1/info` answered when connecting. */
export interface ServerInfo {
  name: 'Pechatka';
  version: string;
  protocol: 1;
}

export interface ListTokensResult {
  tokens: Token[];
}

export interface SelectCertificateOptions {
  purpose: Purpose;
  filter?: Filter;
  attributes?: Attr[];
  /** Shown to the person as text from the site; at most 256 characters. */
  reason?: string;
}

export interface SelectCertificateResult {
  certificate: Base64;
  /** Lowercase hex SHA-256 of the certificate DER; use it for the signing methods. */
  certId: string;
  tokenId: string;
  /** Nearest first, leaf excluded; empty when none are known. */
  chain: Base64[];
  attributes: Attributes;
}

export interface AuthenticateOptions {
  /** From your server: 44–128 characters (32 random bytes in base64 = 44). */
  challengeNonce: string;
  filter?: Filter;
  attributes?: Attr[];
}

export interface AuthenticateResult {
  authToken: AuthToken;
  attributes: Attributes;
}

export interface SignCmsOptions {
  certId: string;
  /** The document (at most 12 MiB). Exactly one of `data` and `hash`. */
  data?: BinaryInput;
  /** A precomputed digest (then the CMS is detached and `hashAlgorithm` is required). */
  hash?: BinaryInput;
  hashAlgorithm?: HashAlgorithm;
  /** Default true. */
  detached?: boolean;
  /** Shown to the person; at most 256 characters. */
  documentName: string;
  description?: string;
}

export interface SignCmsResult {
  /** Base64 DER CMS SignedData (CAdES-BES). */
  cms: Base64;
  signatureAlgorithm: string;
}

export interface SignBatchItem {
  data?: BinaryInput;
  hash?: BinaryInput;
  hashAlgorithm?: HashAlgorithm;
  documentName: string;
}

export interface SignBatchOptions {
  certId: string;
  /** At most 1000 items. */
  items: SignBatchItem[];
  detached?: boolean;
}

export interface SignBatchResult {
  /** In item order. */
  results: { cms: Base64 }[];
}

export interface SignHashOptions {
  certId: string;
  hash: BinaryInput;
  hashAlgorithm: HashAlgorithm;
  documentName: string;
  description?: string;
}

export interface SignHashResult {
  signature: Base64;
  signatureAlgorithm: SigAlg;
}

export interface CreateCsrOptions {
  tokenId?: string;
  keyAlgorithm: KeyAlgorithm;
  /** In order; `type` is a short name (`CN`, `SN` …) or an OID. */
  subject?: { type: string; value: string }[];
  challengePassword?: string;
  /** A certId: copy that certificate's subject. */
  renewOf?: string;
  label?: string;
}

export interface CreateCsrResult {
  /** PEM. */
  csr: string;
  tokenId: string;
  /** Hex CKA_ID. */
  keyId: string;
}

export interface ImportCertificateOptions {
  /** DER bytes, base64 DER (a certificate or a PKCS#7 chain), or a PEM string. */
  certificate: BinaryInput;
  /** CA certificates of its chain (DER bytes, base64 or PEM); stored on the token beside it, never trusted. */
  chain?: BinaryInput[];
}

export interface ImportCertificateResult {
  certId: string;
  tokenId: string;
  keyId: string;
}

export interface TokensChangedParams {
  tokens: Token[];
}

export interface CloseInfo {
  code: number;
  reason: string;
}

// ---- connecting -------------------------------------------------------------------------------

export interface ConnectOptions {
  /** Default `https://127.0.0.1:27321`. */
  url?: string;
  /** Limit for the whole connect sequence, including the browser's permission prompt. Default 60 000. */
  timeoutMs?: number;
  /**
   * Limit per request. Default: 60 s for methods that need no person, 10 min for those that wait
   * for one (Pechatka itself closes its dialogs after 120 s). 0 = none.
   */
  requestTimeoutMs?: number;
  /** A WebSocket implementation; default `globalThis.WebSocket`. */
  WebSocket?: new (url: string, second?: any) => WebSocket;
  /** Passed as the WebSocket constructor's second argument (Node: `{headers: {Origin: …}}`). */
  webSocketOptions?: unknown;
  /** Default `globalThis.fetch`. */
  fetch?: (input: string, init?: RequestInit) => Promise<Response>;
  /** Merged into the `/v1/info` request (Node tests: `{headers: {Origin: …}}`). */
  fetchOptions?: RequestInit & { headers?: Record<string, string> };
  /** Default `navigator.permissions`; null for none. */
  permissions?: Pick<Permissions, 'query'> | { query(d: { name: string }): Promise<{ state: string }> } | null;
}

export declare function connect(options?: ConnectOptions): Promise<PechatkaClient>;

export interface CallOptions {
  /** Overrides the client's limit for this call; 0 = none. */
  timeoutMs?: number;
}

export declare class PechatkaClient {
  private constructor();
  /** The endpoint, e.g. `https://127.0.0.1:27321`. */
  readonly url: string;
  readonly serverInfo: ServerInfo | null;
  readonly closed: boolean;

  on(event: 'tokens.changed', listener: (params: TokensChangedParams) => void): () => void;
  on(event: 'close', listener: (info: CloseInfo) => void): () => void;
  on(event: string, listener: (params: any) => void): () => void;
  off(event: string, listener: (params: any) => void): boolean;
  listenerCount(event: string): number;

  /** A raw JSON-RPC call (for methods added later). Params must not contain a `pin`. */
  call<T = unknown>(method: string, params?: Record<string, unknown>, options?: CallOptions): Promise<T>;

  info(): Promise<AppInfo>;
  listTokens(): Promise<ListTokensResult>;
  selectCertificate(options: SelectCertificateOptions): Promise<SelectCertificateResult>;
  authenticate(options: AuthenticateOptions): Promise<AuthenticateResult>;
  signCms(options: SignCmsOptions): Promise<SignCmsResult>;
  signBatch(options: SignBatchOptions): Promise<SignBatchResult>;
  signHash(options: SignHashOptions): Promise<SignHashResult>;
  createCsr(options: CreateCsrOptions): Promise<CreateCsrResult>;
  importCertificate(options: ImportCertificateOptions): Promise<ImportCertificateResult>;
  close(): void;
}

// ---- base64 -----------------------------------------------------------------------------------

export declare function bytesToBase64(bytes: Uint8Array | ArrayBuffer | ArrayBufferView): Base64;
/** Throws a TypeError unless the input is standard base64 with padding. */
export declare function base64ToBytes(base64: Base64): Uint8Array;
export declare function isBase64(value: unknown): value is Base64;

// ---- errors -----------------------------------------------------------------------------------

export type ClientReason =
  | 'NOT_RUNNING' | 'PERMISSION_DENIED' | 'CONNECTION_REFUSED' | 'ORIGIN_NOT_ALLOWED' | 'PROTOCOL_VERSION'
  | 'CONNECTION_CLOSED' | 'REQUEST_TIMEOUT';

export type ServerReason =
  | 'PARSE_ERROR' | 'INVALID_REQUEST' | 'METHOD_NOT_FOUND' | 'INVALID_PARAMS' | 'INTERNAL'
  | 'USER_CANCELLED' | 'USER_TIMEOUT' | 'ACTION_PENDING' | 'PIN_INCORRECT' | 'PIN_LOCKED'
  | 'TOKEN_NOT_PRESENT' | 'TOKEN_REMOVED' | 'TOKEN_ERROR' | 'KEY_NOT_FOUND' | 'CERTIFICATE_UNUSABLE'
  | 'ALGORITHM_UNSUPPORTED' | 'OPERATION_NOT_ALLOWED';

export interface PechatkaErrorOptions {
  code?: number | null;
  reason?: string;
  data?: Record<string, unknown>;
  cause?: unknown;
}

export declare class PechatkaError extends Error {
  constructor(message?: string, options?: PechatkaErrorOptions);
  /** The JSON-RPC error code; null for errors found in the browser. */
  code: number | null;
  reason: ClientReason | ServerReason | 'UNKNOWN' | (string & {});
  data: Record<string, any>;
}

/** The typed error for a JSON-RPC error object. */
export declare function errorFromRpc(error: { code?: number; message?: string; data?: Record<string, unknown> }):
  PechatkaError;

type ErrorOptions_ = Omit<PechatkaErrorOptions, 'code' | 'reason'>;

/** Pechatka does not answer: not running, or its certificate is not trusted by the browser. */
export declare class NotRunningError extends PechatkaError {
  constructor(message?: string, options?: ErrorOptions_);
  static readonly reason: 'NOT_RUNNING';
}
/** The browser's loopback / local network access permission is denied for this site. */
export declare class PermissionDeniedError extends PechatkaError {
  constructor(message?: string, options?: ErrorOptions_);
  static readonly reason: 'PERMISSION_DENIED';
}
/** Pechatka runs but refused the connection (too many pages, or this site is not trusted). */
export declare class ConnectionRefusedError extends PechatkaError {
  constructor(message?: string, options?: ErrorOptions_);
  static readonly reason: 'CONNECTION_REFUSED' | 'ORIGIN_NOT_ALLOWED';
}
/** Pechatka runs and said this site is not trusted. */
export declare class OriginNotAllowedError extends ConnectionRefusedError {
  static readonly reason: 'ORIGIN_NOT_ALLOWED';
}
export declare class ProtocolVersionError extends PechatkaError {
  constructor(message?: string, options?: ErrorOptions_);
  static readonly reason: 'PROTOCOL_VERSION';
}
/** `data.closeCode`, `data.closeReason` when the socket closed under a request. */
export declare class ConnectionClosedError extends PechatkaError {
  constructor(message?: string, options?: ErrorOptions_);
  static readonly reason: 'CONNECTION_CLOSED';
}
export declare class RequestTimeoutError extends PechatkaError {
  constructor(message?: string, options?: ErrorOptions_);
  static readonly reason: 'REQUEST_TIMEOUT';
}

declare class ServerError<C extends number, R extends ServerReason> extends PechatkaError {
  constructor(message?: string, options?: ErrorOptions_);
  static readonly code: number;
  static readonly reason: string;
  code: C;
  reason: R;
}

export declare class ParseError extends ServerError<-32700, 'PARSE_ERROR'> {}
export declare class InvalidRequestError extends ServerError<-32600, 'INVALID_REQUEST'> {}
export declare class MethodNotFoundError extends ServerError<-32601, 'METHOD_NOT_FOUND'> {}
export declare class InvalidParamsError extends ServerError<-32602, 'INVALID_PARAMS'> {}
export declare class InternalError extends ServerError<-32603, 'INTERNAL'> {}
export declare class UserCancelledError extends ServerError<1001, 'USER_CANCELLED'> {}
export declare class UserTimeoutError extends ServerError<1002, 'USER_TIMEOUT'> {}
export declare class ActionPendingError extends ServerError<1004, 'ACTION_PENDING'> {}
export declare class PinIncorrectError extends ServerError<2001, 'PIN_INCORRECT'> {
  /** Only when the token tells; else null. */
  readonly retriesLeft: number | null;
  readonly finalTry: boolean;
}
export declare class PinLockedError extends ServerError<2002, 'PIN_LOCKED'> {}
export declare class TokenNotPresentError extends ServerError<3001, 'TOKEN_NOT_PRESENT'> {}
export declare class TokenRemovedError extends ServerError<3002, 'TOKEN_REMOVED'> {}
export declare class TokenError extends ServerError<3004, 'TOKEN_ERROR'> {
  /** e.g. `CKR_DEVICE_ERROR`, or null. */
  readonly ckr: string | null;
}
export declare class KeyNotFoundError extends ServerError<4001, 'KEY_NOT_FOUND'> {}
export declare class CertificateUnusableError extends ServerError<4002, 'CERTIFICATE_UNUSABLE'> {}
export declare class AlgorithmUnsupportedError extends ServerError<4003, 'ALGORITHM_UNSUPPORTED'> {}
export declare class OperationNotAllowedError extends ServerError<4004, 'OPERATION_NOT_ALLOWED'> {}

declare const Pechatka: {
  readonly DEFAULT_URL: typeof DEFAULT_URL;
  readonly PROTOCOL_VERSION: typeof PROTOCOL_VERSION;
  readonly connect: typeof connect;
  readonly PechatkaClient: typeof PechatkaClient;
  readonly errorFromRpc: typeof errorFromRpc;
  readonly bytesToBase64: typeof bytesToBase64;
  readonly base64ToBytes: typeof base64ToBytes;
  readonly isBase64: typeof isBase64;
  readonly PechatkaError: typeof PechatkaError;
  readonly NotRunningError: typeof NotRunningError;
  readonly PermissionDeniedError: typeof PermissionDeniedError;
  readonly ConnectionRefusedError: typeof ConnectionRefusedError;
  readonly OriginNotAllowedError: typeof OriginNotAllowedError;
  readonly ProtocolVersionError: typeof ProtocolVersionError;
  readonly ConnectionClosedError: typeof ConnectionClosedError;
  readonly RequestTimeoutError: typeof RequestTimeoutError;
  readonly ParseError: typeof ParseError;
  readonly InvalidRequestError: typeof InvalidRequestError;
  readonly MethodNotFoundError: typeof MethodNotFoundError;
  readonly InvalidParamsError: typeof InvalidParamsError;
  readonly InternalError: typeof InternalError;
  readonly UserCancelledError: typeof UserCancelledError;
  readonly UserTimeoutError: typeof UserTimeoutError;
  readonly ActionPendingError: typeof ActionPendingError;
  readonly PinIncorrectError: typeof PinIncorrectError;
  readonly PinLockedError: typeof PinLockedError;
  readonly TokenNotPresentError: typeof TokenNotPresentError;
  readonly TokenRemovedError: typeof TokenRemovedError;
  readonly TokenError: typeof TokenError;
  readonly KeyNotFoundError: typeof KeyNotFoundError;
  readonly CertificateUnusableError: typeof CertificateUnusableError;
  readonly AlgorithmUnsupportedError: typeof AlgorithmUnsupportedError;
  readonly OperationNotAllowedError: typeof OperationNotAllowedError;
};
export { Pechatka };
export default Pechatka;
