import { describe, expect, it } from 'vitest';
import { connectionErrorText, notAllowedText } from '../../../../src/alerts/mqtt/errors';

describe('MQTT error messages', () => {
  it('names a refused password, an unreachable broker and a lost connection', () => {
    expect(connectionErrorText({ code: 5, message: 'Connection refused: Not authorized' }, 'ws://b', false)).toMatch(
      /refused the user name or password/,
    );
    expect(connectionErrorText({ code: 4 }, 'ws://b', false)).toMatch(/"username" and "password"/);
    expect(connectionErrorText(null, 'ws://b:1', false)).toMatch(/^Cannot reach the MQTT broker at ws:\/\/b:1/);
    expect(connectionErrorText(null, 'ws://b:1', true)).toMatch(/^Lost the connection/);
    expect(connectionErrorText({ message: 'connack timeout' }, 'ws://b', false)).toBe(
      'MQTT broker ws://b: connack timeout.',
    );
    expect(notAllowedText('ws://b:1')).toMatch(/reload the page/);
  });
});
