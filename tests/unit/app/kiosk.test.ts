import { describe, expect, it } from 'vitest';
import { kioskRequested } from '../../../src/app/kiosk';

describe('kioskRequested', () => {
  it('is on for ?kiosk and ?kiosk=1, beside other parameters, and off otherwise', () => {
    expect(kioskRequested('http://h/?kiosk')).toBe(true);
    expect(kioskRequested('http://h/?config=%2Fa.json&kiosk=1')).toBe(true);
    expect(kioskRequested('http://h/?kiosk=0')).toBe(false);
    expect(kioskRequested('http://h/?kiosk=false')).toBe(false);
    expect(kioskRequested('http://h/')).toBe(false);
  });
});
