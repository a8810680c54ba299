/**
 * Small helpers shared by the call manager and the transfers.
 */
import { randomUUID } from 'node:crypto';
import { normalizeDialTarget } from '../../contract/index.js';
import { CoreError } from '../base/core-error.js';

/** The contract already normalised it; this keeps the service safe when called directly. */
export function validTarget(target: string): string {
  const normalized = normalizeDialTarget(target);
  if (normalized === null) throw new CoreError('invalid', `not a number or SIP URI: ${target.slice(0, 64)}`);
  return normalized;
}

export function newCallId(): string {
  return `c-${randomUUID()}`;
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function rethrowAs(action: string): (error: unknown) => never {
  return (error) => {
    if (error instanceof CoreError) throw error;
    throw new CoreError('unavailable', `${action} failed: ${messageOf(error)}`);
  };
}

