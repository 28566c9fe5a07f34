import { describe, expect, it } from 'vitest';
import { detectorErrorCode } from '../../../src/detection/errors';
import { withTimeout } from '../../../src/engine/call-timeout';

describe('withTimeout', () => {
  it('rejects a call that never answers with a worker-unresponsive error that names the call', async () => {
    const never = new Promise<never>(() => undefined);
    const error = await withTimeout(never, 20, 'loadModel').catch((e: unknown) => e);
    expect(detectorErrorCode(error)).toBe('worker-unresponsive');
    expect((error as Error).message).toContain('"loadModel"');
  });

  it('passes an answer (or the call’s own error) through unchanged', async () => {
    await expect(withTimeout(Promise.resolve(7), 1000, 'x')).resolves.toBe(7);
    await expect(withTimeout(Promise.reject(new Error('own')), 1000, 'x')).rejects.toThrow('own');
  });
});
