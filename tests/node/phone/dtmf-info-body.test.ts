import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dtmfContentType, parseDtmfInfo } from '../../../main/core/phone/sipjs/dtmf-info-body.js';

describe('SIP INFO DTMF bodies', () => {
  it.each([
    ['Signal=5\r\nDuration=160\r\n', '5', 160],
    ['Duration=250\r\nSignal=9\r\n', '9', 250],
    ['Signal=*', '*', null],
    ['Signal=#\nDuration=100', '#', 100],
    ['signal = a\n', 'A', null],
    ['  SIGNAL= 7  \r\n  duration =  80 ', '7', 80],
    ['Signal=11\r\nDuration=100', '#', 100],
    ['Signal=10', '*', null],
    ['\r\n\r\nSignal=0\r\n', '0', null],
    ['Signal: 3\r\nDuration: 90', '3', 90],
    ['Signal=4\r\nDuration=abc', '4', null],
  ])('dtmf-relay %j → %s', (body, digit, durationMs) => {
    expect(parseDtmfInfo('application/dtmf-relay', body)).toEqual({ digit, durationMs });
  });

  it.each([['Signal='], ['Duration=160'], [''], ['Signal=E'], ['Signal=16'], ['Signal=55'], ['hello']])('dtmf-relay %j carries no digit', (body) => {
    expect(parseDtmfInfo('application/dtmf-relay', body)).toBeNull();
  });

  it.each([
    ['5', '5'],
    [' # \r\n', '#'],
    ['b', 'B'],
    ['11', '#'],
  ])('dtmf %j → %s', (body, digit) => {
    expect(parseDtmfInfo('application/dtmf', body)).toEqual({ digit, durationMs: null });
  });

  it('application/dtmf with more than one key is not a digit', () => {
    expect(parseDtmfInfo('application/dtmf', '123')).toBeNull();
    expect(parseDtmfInfo('application/dtmf', '1 2')).toBeNull();
    expect(parseDtmfInfo('application/dtmf', '')).toBeNull();
  });

  it('content types: parameters and case are ignored; others carry no digit', () => {
    expect(dtmfContentType('Application/DTMF-Relay; charset=utf-8')).toBe('application/dtmf-relay');
    expect(dtmfContentType(' application/dtmf ')).toBe('application/dtmf');
    expect(dtmfContentType('application/sdp')).toBeNull();
    expect(dtmfContentType(undefined)).toBeNull();
  });

  it('never throws and only ever returns a keypad digit', () => {
    fc.assert(
      fc.property(fc.constantFrom('application/dtmf-relay' as const, 'application/dtmf' as const), fc.string({ maxLength: 200 }), (type, body) => {
        const parsed = parseDtmfInfo(type, body);
        if (parsed) expect(parsed.digit).toMatch(/^[0-9*#A-D]$/);
      }),
    );
  });
});
