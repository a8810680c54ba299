/**
 * Turns raw body bytes into the payload: undoes `Content-Encoding: gzip`
 * (a server compressing on the fly), then gunzips again if the bytes start
 * with the gzip magic (a `.gz` file served as is by a static server). NDJSON
 * and JSON never start with 0x1f, so sniffing cannot misread a payload.
 *
 * A truncated or corrupt gzip stream is a `malformed` KbSyncError; so is a
 * payload bigger than `maxBytes` (a gzip bomb, or a page far over any limit).
 */
import { createGunzip } from 'node:zlib';
import { Readable } from 'node:stream';
import { KbSyncError } from './kb-sync-error.js';

export interface DecodeOptions {
  readonly what: string;
  readonly contentEncoding: string;
  readonly maxBytes: number;
}

export async function* decodeBody(raw: AsyncIterable<Buffer>, options: DecodeOptions): AsyncGenerator<Buffer> {
  let source: AsyncIterable<Buffer> = raw;
  switch (options.contentEncoding) {
    case '':
    case 'identity':
      break;
    case 'gzip':
    case 'x-gzip':
      source = gunzip(source, options.what);
      break;
    default:
      throw new KbSyncError('malformed', `${options.what}: unsupported Content-Encoding "${options.contentEncoding.slice(0, 40)}"`);
  }
  let total = 0;
  for await (const chunk of sniffGzip(source, options.what)) {
    total += chunk.length;
    if (total > options.maxBytes) {
      throw new KbSyncError('malformed', `${options.what}: larger than the limit of ${options.maxBytes} bytes`);
    }
    yield chunk;
  }
}

/** Reads a whole (bounded) decoded body. */
export async function readAll(decoded: AsyncIterable<Buffer>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of decoded) chunks.push(chunk);
  return Buffer.concat(chunks);
}

async function* sniffGzip(source: AsyncIterable<Buffer>, what: string): AsyncGenerator<Buffer> {
  const it = source[Symbol.asyncIterator]();
  let head = Buffer.alloc(0);
  let done = false;
  while (head.length < 2 && !done) {
    const next = await it.next();
    if (next.done) done = true;
    else head = Buffer.concat([head, next.value]);
  }
  async function* rest(): AsyncGenerator<Buffer> {
    if (head.length > 0) yield head;
    if (done) return;
    for (;;) {
      const next = await it.next();
      if (next.done) return;
      yield next.value;
    }
  }
  if (head[0] === 0x1f && head[1] === 0x8b) yield* gunzip(rest(), what);
  else yield* rest();
}

async function* gunzip(source: AsyncIterable<Buffer>, what: string): AsyncGenerator<Buffer> {
  const input = Readable.from(source, { objectMode: false });
  const inflate = createGunzip();
  let inputError: unknown = null;
  input.on('error', (error) => {
    inputError = error;
    inflate.destroy(error);
  });
  input.pipe(inflate);
  try {
    for await (const chunk of inflate) yield chunk as Buffer;
  } catch (error) {
    if (inputError) throw inputError instanceof KbSyncError ? inputError : new KbSyncError('offline', `${what}: ${String(inputError)}`);
    const code = (error as { code?: unknown }).code;
    if (code === 'Z_BUF_ERROR') throw new KbSyncError('malformed', `${what}: the gzip data is truncated (unexpected end of file)`);
    throw new KbSyncError('malformed', `${what}: not valid gzip data (${error instanceof Error ? error.message : String(error)})`);
  } finally {
    input.destroy();
  }
}
