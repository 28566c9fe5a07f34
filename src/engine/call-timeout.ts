import { DetectorError } from '../detection/errors';

/**
 * A worker call that may never answer (Comlink's pending calls never reject when the worker hangs, closes or drops
 * a message): rejects with a 'worker-unresponsive' DetectorError after `ms`, so the caller can rebuild the worker.
 */
export function withTimeout<T>(call: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new DetectorError(
            'worker-unresponsive',
            `the detector did not answer "${what}" within ${Math.round(ms / 1000)} s`,
          ),
        ),
      ms,
    );
  });
  return Promise.race([call, timeout]).finally(() => clearTimeout(timer));
}
