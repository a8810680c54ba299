/**
 * Phone numbers, one way, in one place: every number the seat stores or
 * shows goes through `normalizeNumber`. libphonenumber's metadata (China as
 * the default region) does the work — +86, 0086, a trunk 0 before a mobile
 * number, landline area codes — after NFKC turns full-width digits into
 * ASCII ones.
 *
 * ```
 * +8613800138000 | 13800138000 | 008613800138000 | １３８００１３８０００
 *     → normalized +8613800138000, display 138 0013 8000
 * 037167890000 | 0371-6789 0000 | +86 371 6789 0000
 *     → normalized +8637167890000, display 0371-6789 0000
 * 12320 | 1001 (short codes, extensions) → their digits, shown as they are
 * ```
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

export interface NormalizedNumber {
  /** E.164 when valid, else the cleaned digits (with a leading + kept), else the trimmed raw text. */
  readonly normalized: string;
  /** How a Chinese agent reads it aloud. */
  readonly display: string;
  /** Country code and national significant number, for the region lookup; null if not a valid number. */
  readonly national: { readonly countryCode: string; readonly number: string } | null;
}

const decoration = /[\s\-.()\u00a0\u3000\u2010-\u2015]/g;

/** Cleans what a caller id or an agent's paste looks like: NFKC, no spaces, dashes or brackets. */
export function cleanNumberText(raw: string): string {
  return raw.normalize('NFKC').trim().replace(decoration, '').replace(/^tel:/i, '');
}

/**
 * Recent answers, by raw text: a ring normalizes its caller's number for the
 * call row and again for the context, and libphonenumber allocates a good
 * deal per parse (its garbage showed up as the ring's p99 in bench:desk).
 */
const recent = new Map<string, NormalizedNumber>();
const recentMax = 2_000;

export function normalizeNumber(raw: string): NormalizedNumber {
  const hit = recent.get(raw);
  if (hit) return hit;
  const result = parseNumber(raw);
  if (recent.size >= recentMax) recent.delete(recent.keys().next().value!);
  recent.set(raw, result);
  return result;
}

function parseNumber(raw: string): NormalizedNumber {
  const cleaned = cleanNumberText(raw);
  if (!/^\+?[0-9]{3,20}$/.test(cleaned)) {
    return { normalized: cleaned === '' ? raw.trim() : cleaned, display: cleaned === '' ? raw.trim() : cleaned, national: null };
  }
  const parsed = parsePhoneNumberFromString(cleaned, 'CN');
  if (!parsed || !parsed.isValid()) return { normalized: cleaned, display: cleaned, national: null };
  const national = { countryCode: parsed.countryCallingCode, number: parsed.nationalNumber };
  if (parsed.countryCallingCode !== '86') {
    return { normalized: parsed.number, display: parsed.formatInternational(), national };
  }
  const type = parsed.getType();
  const spaced = parsed.formatNational();
  // Landlines: area code, dash, then the local number in groups (0371-6789 0000, 010-1234 5678).
  const display = type === 'FIXED_LINE' || type === 'FIXED_LINE_OR_MOBILE' ? spaced.replace(' ', '-') : spaced;
  return { normalized: parsed.number, display, national };
}

/** The display form of an already normalized number (what the database holds). */
export function displayNumber(normalized: string): string {
  return normalizeNumber(normalized).display;
}
