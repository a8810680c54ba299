#!/usr/bin/env node
/**
 * Draws the tray icons (resources/tray/*.png) — the source of those binaries.
 * One round badge per seat state, 16 and 32 px (`@2x`), antialiased, in
 * plain Node (zlib for the PNG stream, no image library):
 *
 *   ready      green   registered, agent Ready
 *   busy       blue    registered, a call ringing or up
 *   not-ready  amber   registered, agent Not ready / wrap-up / signed out
 *   offline    red     not registered (connecting, failed, no settings)
 *
 *   node build/make-tray-icons.mjs   (writes the files; commit them)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const outDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'resources', 'tray');

export const trayColours = {
  ready: [0x2e, 0xa0, 0x43],
  busy: [0x1f, 0x6f, 0xeb],
  'not-ready': [0xd9, 0x8e, 0x04],
  offline: [0xcf, 0x22, 0x2e],
};

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** RGBA PNG of a filled disc with a white ring, `size` px square, 4×4 supersampled. */
export function badgePng(size, [r, g, b]) {
  const rows = [];
  const centre = size / 2;
  const outer = size / 2 - 0.5;
  const ring = outer - Math.max(1, size / 10);
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 4);
    for (let x = 0; x < size; x++) {
      let fill = 0;
      let white = 0;
      for (let sy = 0; sy < 4; sy++) {
        for (let sx = 0; sx < 4; sx++) {
          const d = Math.hypot(x + (sx + 0.5) / 4 - centre, y + (sy + 0.5) / 4 - centre);
          if (d <= ring) fill++;
          else if (d <= outer) white++;
        }
      }
      const alpha = (fill + white) / 16;
      const mix = fill + white === 0 ? 0 : fill / (fill + white);
      const o = 1 + x * 4;
      row[o] = Math.round(r * mix + 255 * (1 - mix));
      row[o + 1] = Math.round(g * mix + 255 * (1 - mix));
      row[o + 2] = Math.round(b * mix + 255 * (1 - mix));
      row[o + 3] = Math.round(alpha * 255);
    }
    rows.push(row);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.concat(rows), { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  mkdirSync(outDir, { recursive: true });
  for (const [name, colour] of Object.entries(trayColours)) {
    writeFileSync(join(outDir, `${name}.png`), badgePng(16, colour));
    writeFileSync(join(outDir, `${name}@2x.png`), badgePng(32, colour));
  }
  process.stdout.write(`make-tray-icons: wrote ${Object.keys(trayColours).length * 2} icons to ${outDir}\n`);
}
