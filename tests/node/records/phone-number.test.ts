import { describe, expect, it } from 'vitest';
import { normalizeNumber } from '../../../main/core/records/phone-number.js';
import { shortRegion } from '../../../main/core/records/number-region.js';
import { regions } from './records-fixture.js';

describe('numbers, one way', () => {
  it.each([
    ['+8613800138000', '+8613800138000', '138 0013 8000'],
    ['13800138000', '+8613800138000', '138 0013 8000'],
    ['008613800138000', '+8613800138000', '138 0013 8000'],
    ['013800138000', '+8613800138000', '138 0013 8000'],
    ['１３８００１３８０００', '+8613800138000', '138 0013 8000'],
    ['138-0013-8000', '+8613800138000', '138 0013 8000'],
    ['037167890000', '+8637167890000', '0371-6789 0000'],
    ['0371-6789 0000', '+8637167890000', '0371-6789 0000'],
    ['+86 371 6789 0000', '+8637167890000', '0371-6789 0000'],
    ['（010）１２３４５６７８', '+861012345678', '010-1234 5678'],
    ['12320', '12320', '12320'],
    ['1001', '1001', '1001'],
    ['anonymous', 'anonymous', 'anonymous'],
  ])('%s → %s, shown %s', (raw, normalized, display) => {
    const n = normalizeNumber(raw);
    expect(n.normalized).toBe(normalized);
    expect(n.display).toBe(display);
  });

  it('finds the region (号码归属地) from the offline zh data', () => {
    expect(regions.regionOf(normalizeNumber('037167890000').national)).toBe('河南 郑州');
    expect(regions.regionOf(normalizeNumber('13800138000').national)).toBe('北京');
    expect(regions.regionOf(normalizeNumber('02087654321').national)).toBe('广东 广州');
    expect(regions.regionOf(normalizeNumber('12320').national)).toBeNull();
    expect(regions.regionOf(normalizeNumber('+14155550100').national)).toBeNull();
  });

  it('shortens the region the way agents say it', () => {
    expect(shortRegion('河南省郑州市')).toBe('河南 郑州');
    expect(shortRegion('广西壮族自治区南宁市')).toBe('广西 南宁');
    expect(shortRegion('上海市')).toBe('上海');
  });
});
