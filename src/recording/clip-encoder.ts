/**
 * The clip encoder: WebCodecs VideoEncoder in realtime mode, H.264 for MP4 where the browser can encode it,
 * else VP9 or VP8 for WebM. Frames are offered as they come; it skips frames rather than ever queueing
 * work that would slow detection.
 */

/** One encoded chunk, copied out of the encoder, with what a muxer needs. Times in seconds. */
export interface ClipChunk {
  data: Uint8Array;
  timestamp: number;
  duration: number;
  key: boolean;
  byteLength: number;
  /** The decoder configuration in force when this chunk was made (the muxer needs the first one's). */
  decoderConfig: VideoDecoderConfig;
  codec: ClipCodec;
}

export type ClipCodec = 'avc' | 'vp9' | 'vp8';

/** A key frame at least this often: the pre-roll is never more than this longer than asked. */
export const KEY_FRAME_INTERVAL_SECONDS = 1;
/** At most this many frames a second are encoded: plenty for an event clip; the file's time grid too. */
export const CLIP_FRAME_RATE = 15;
const MIN_FRAME_INTERVAL_SECONDS = 1 / CLIP_FRAME_RATE;
/** More frames than this waiting in the encoder: skip, the encoder is behind. */
const MAX_QUEUE = 2;
const BITRATE = 1_000_000;

const CANDIDATES: Array<{ codec: ClipCodec; string: string }> = [
  { codec: 'avc', string: 'avc1.42E01F' },
  { codec: 'vp9', string: 'vp09.00.31.08' },
  { codec: 'vp8', string: 'vp8' },
];

export class ClipEncoder {
  private encoder: VideoEncoder | null = null;
  private size: { width: number; height: number } | null = null;
  private codec: ClipCodec = 'avc';
  private decoderConfig: VideoDecoderConfig | null = null;
  private lastT = -Infinity;
  private lastKeyT = -Infinity;
  /** Why the browser cannot record clips, once that is known. */
  failure: string | null = null;
  skipped = 0;

  /** `onRestart`: a new encoder (new size, or after an error); chunks before it cannot share a file with those after. */
  constructor(
    private readonly onChunk: (chunk: ClipChunk) => void,
    private readonly onRestart: () => void,
  ) {}

  /** Whether a frame at `t` (seconds) of this size would be encoded now; a new size reconfigures. */
  wants(t: number, size: { width: number; height: number }): boolean {
    if (this.failure) return false;
    if (!this.size || this.size.width !== size.width || this.size.height !== size.height) {
      this.start(size);
      return false;
    }
    // Null until the asynchronous support check has configured one.
    if (!this.encoder || this.encoder.state !== 'configured') return false;
    if (t - this.lastT < MIN_FRAME_INTERVAL_SECONDS && t >= this.lastT) return false;
    if (this.encoder.encodeQueueSize > MAX_QUEUE) {
      this.skipped++;
      return false;
    }
    return true;
  }

  /** Encodes a frame `wants` accepted; the caller closes the frame. */
  encode(frame: VideoFrame): void {
    const t = frame.timestamp / 1e6;
    const keyFrame = t - this.lastKeyT >= KEY_FRAME_INTERVAL_SECONDS || t < this.lastKeyT;
    if (keyFrame) this.lastKeyT = t;
    this.lastT = t;
    this.encoder!.encode(frame, { keyFrame });
  }

  /** Stops encoding; the next frame starts afresh with a key frame. */
  close(): void {
    if (this.encoder && this.encoder.state !== 'closed') this.encoder.close();
    this.encoder = null;
    this.size = null;
    this.decoderConfig = null;
    this.lastT = this.lastKeyT = -Infinity;
  }

  private start(size: { width: number; height: number }): void {
    this.close();
    this.onRestart();
    this.size = size;
    void this.configure(size).catch((error: unknown) => {
      this.failure = `Clips cannot be recorded in this browser (${(error as Error).message}).`;
    });
  }

  private async configure(size: { width: number; height: number }): Promise<void> {
    if (typeof VideoEncoder === 'undefined') throw new Error('no WebCodecs VideoEncoder');
    for (const candidate of CANDIDATES) {
      const config: VideoEncoderConfig = {
        codec: candidate.string,
        width: size.width,
        height: size.height,
        bitrate: BITRATE,
        latencyMode: 'realtime',
        hardwareAcceleration: 'no-preference',
        ...(candidate.codec === 'avc' ? { avc: { format: 'avc' as const } } : {}),
      };
      const support = await VideoEncoder.isConfigSupported(config).catch(() => null);
      if (!support?.supported) continue;
      if (this.size !== size) return; // Another size arrived meanwhile.
      const encoder = new VideoEncoder({
        output: (chunk, meta) => this.output(chunk, meta),
        error: (error) => {
          // The next frame reconfigures.
          this.failure = null;
          this.size = null;
          console.warn('clip encoder:', error.message);
        },
      });
      encoder.configure(config);
      this.codec = candidate.codec;
      this.encoder = encoder;
      return;
    }
    throw new Error(
      `none of ${CANDIDATES.map((c) => c.string).join(', ')} can be encoded at ${size.width}×${size.height}`,
    );
  }

  private output(chunk: EncodedVideoChunk, meta?: EncodedVideoChunkMetadata): void {
    if (meta?.decoderConfig) this.decoderConfig = meta.decoderConfig;
    if (!this.decoderConfig) return;
    const data = new Uint8Array(chunk.byteLength);
    chunk.copyTo(data);
    this.onChunk({
      data,
      timestamp: chunk.timestamp / 1e6,
      duration: chunk.duration ? chunk.duration / 1e6 : MIN_FRAME_INTERVAL_SECONDS,
      key: chunk.type === 'key',
      byteLength: chunk.byteLength,
      decoderConfig: this.decoderConfig,
      codec: this.codec,
    });
  }
}
