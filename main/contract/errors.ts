/**
 * The error shape that crosses every boundary of the contract.
 *
 * Errors never cross as thrown strings: a request either resolves to
 * `{ ok: true, value }` or to `{ ok: false, error }` with one of these codes.
 */

/** Machine-readable reason a request failed. */
export type ErrorCode =
  /** The envelope itself was malformed (not an object, no method name, …). */
  | 'bad-request'
  /** The method name is not part of the contract. */
  | 'unknown-method'
  /** The params failed validation; `issues` says which field and why. */
  | 'invalid'
  /** The thing asked for does not exist (a call id, an article id, …). */
  | 'not-found'
  /** The request is valid but not allowed in the current state (answer while idle, …). */
  | 'conflict'
  /** A dependency is not there right now (renderer media engine gone, centre unreachable). */
  | 'unavailable'
  /** A dependency did not answer in time. */
  | 'timeout'
  /** A bug: logged in full on the core side, summarised here. */
  | 'internal';

/** One invalid field: `path` is dotted (`sipServers.1`), `code` a stable message key. */
export interface FieldIssue {
  readonly path: string;
  /** Stable key such as `sipUri.format`; the renderer translates it. */
  readonly code: string;
  /** English text for logs and non-UI clients. */
  readonly message: string;
}

export interface ContractError {
  readonly code: ErrorCode;
  readonly message: string;
  readonly issues?: readonly FieldIssue[];
}

export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ContractError };
