import { describe, expect, it } from 'vitest';
import { configUrlOf } from '../../../src/app/config-url';

const PAGE = 'https://cam.example.test/app/';

describe('configUrlOf', () => {
  it('is null without ?config=', () => {
    expect(configUrlOf(PAGE)).toBeNull();
    expect(configUrlOf(`${PAGE}?model=yolox`)).toBeNull();
  });

  it('takes paths and addresses on the same site, relative ones against the page', () => {
    expect(configUrlOf(`${PAGE}?config=/deploy/door.json`)).toEqual({ url: '/deploy/door.json' });
    expect(configUrlOf(`${PAGE}?config=door.json`)).toEqual({ url: '/app/door.json' });
    expect(configUrlOf(`${PAGE}?config=${encodeURIComponent('https://cam.example.test/c.json?v=2')}`)).toEqual({
      url: '/c.json?v=2',
    });
  });

  it('refuses other sites, protocol-relative tricks and other schemes, naming the address', () => {
    for (const other of [
      'https://evil.test/c.json',
      '//evil.test/c.json',
      'http://cam.example.test/c.json',
      'data:application/json,{}',
    ]) {
      const result = configUrlOf(`${PAGE}?config=${encodeURIComponent(other)}`);
      expect(result && 'error' in result && result.error, other).toContain(`?config=${other} was not loaded`);
    }
  });

  it('refuses an empty value', () => {
    const result = configUrlOf(`${PAGE}?config=`);
    expect(result && 'error' in result && result.error).toContain('names no file');
  });
});
