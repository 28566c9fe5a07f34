import type { BackendName } from '../engine/types';
import type { BareMessage, BareReply } from './bare-inference.worker';

/** The page's handle on the bare-inference worker: load once, then time blocks of bare `session.run`. */
export class BareInference {
  private constructor(private readonly worker: Worker) {}

  static async open(modelUrl: string, backend: BackendName, image: ImageBitmap): Promise<BareInference> {
    const bare = new BareInference(
      new Worker(new URL('./bare-inference.worker.ts', import.meta.url), { type: 'module', name: 'bare-inference' }),
    );
    try {
      await bare.ask({ load: { modelUrl, backend, image } }, [image]);
      return bare;
    } catch (error) {
      bare.close();
      throw error;
    }
  }

  /** Milliseconds of each of `runs` back-to-back `session.run` calls. */
  async run(runs: number): Promise<number[]> {
    const reply = await this.ask({ run: runs });
    if (!('samples' in reply)) throw new Error('The bare-inference worker did not run');
    return reply.samples;
  }

  close(): void {
    this.worker.terminate();
  }

  private ask(message: BareMessage, transfer: Transferable[] = []): Promise<BareReply> {
    return new Promise((resolve, reject) => {
      this.worker.onmessage = ({ data }: MessageEvent<BareReply>) =>
        'error' in data ? reject(new Error(data.error)) : resolve(data);
      this.worker.onerror = (event) => reject(new Error(event.message || 'the bare-inference worker failed'));
      this.worker.postMessage(message, transfer);
    });
  }
}
