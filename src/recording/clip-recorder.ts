/**
 * Event clips in the worker: every incoming video frame is painted with the privacy masks and encoded into
 * the pre-roll ring; the clip builder (pure, src/monitor/clips/) decides from each analysed frame when a clip
 * starts and ends; a finished clip is muxed to MP4/WebM and handed to `save` with the events it covers.
 */
import type { Frame } from '../capture/frame';
import { ClipBuilder, MAX_CLIP_SECONDS, type FinishedClip } from '../monitor/clips/clip-builder';
import type { ClipsConfig, PrivacyMask } from '../monitor/types';
import type { NewClip } from '../storage/event-store';
import { ClipEncoder, type ClipChunk } from './clip-encoder';
import { muxClip } from './clip-muxer';
import { clipSize, MaskedFramePainter } from './masked-frame';

/** A finished clip file and what it covers (the event store's input). */
export type RecordedClip = NewClip;

export class ClipRecorder {
  private readonly painter = new MaskedFramePainter();
  private readonly encoder = new ClipEncoder(
    (chunk) => this.builder.addChunk(chunk),
    () => this.finish(this.builder.reset()),
  );
  private readonly builder = new ClipBuilder<ClipChunk>({
    preRollSeconds: 5,
    postCaptureSeconds: 5,
    maxSeconds: MAX_CLIP_SECONDS,
  });
  private enabled = false;
  private addedMs = 0;
  private notices: string[] = [];
  private failureSaid = false;

  constructor(private readonly save: (clip: RecordedClip) => void) {}

  /** The configuration's "clips" and "masks"; clips off (or absent) stops the encoder and ends a clip. */
  configure(clips: ClipsConfig | undefined, masks: PrivacyMask[] | undefined): void {
    this.painter.masks = masks ?? [];
    this.enabled = clips?.enabled === true;
    if (clips)
      this.builder.setTiming({
        preRollSeconds: clips.preRollSeconds,
        postCaptureSeconds: clips.postCaptureSeconds,
        maxSeconds: MAX_CLIP_SECONDS,
      });
    if (!this.enabled) this.reset();
  }

  /** Every video frame as it arrives, before detection (which may skip it); the frame stays the caller's. */
  addFrame(frame: Frame): void {
    if (!this.enabled || !('timestamp' in frame)) return;
    const started = performance.now();
    const size = clipSize(frame.displayWidth, frame.displayHeight);
    if (!this.encoder.wants(frame.timestamp / 1e6, size)) return;
    const masked = this.painter.paint(frame, size);
    try {
      this.encoder.encode(masked);
    } finally {
      masked.close();
    }
    this.addedMs += performance.now() - started;
  }

  /** An analysed frame: its events and whether objects are tracked in it (activity extends a clip). */
  observe(t: number, eventIds: readonly string[], objectsPresent: boolean): void {
    if (!this.enabled) return;
    this.finish(this.builder.observe(t, eventIds, objectsPresent));
  }

  /** The source stops or changes: the clip being recorded is kept, the pre-roll forgotten, the encoder closed. */
  reset(): void {
    this.finish(this.builder.reset());
    this.encoder.close();
  }

  /** Milliseconds spent painting and handing frames to the encoder since the last call. */
  takeAddedMs(): number {
    const ms = this.addedMs;
    this.addedMs = 0;
    return ms;
  }

  takeNotices(): string[] {
    if (this.encoder.failure && this.enabled && !this.failureSaid) this.say(this.encoder.failure);
    this.failureSaid ||= this.encoder.failure !== null;
    const notices = this.notices;
    this.notices = [];
    return notices;
  }

  private finish(clip: FinishedClip<ClipChunk> | null): void {
    if (!clip) return;
    const { eventIds, startT, firstEventT, lastActivityT, endT } = clip;
    muxClip(clip.chunks).then(
      (blob) => this.save({ blob, eventIds, startT, firstEventT, lastActivityT, endT }),
      (error: unknown) => this.say(`A clip could not be written: ${(error as Error).message}`),
    );
  }

  private say(text: string): void {
    if (!this.notices.includes(text)) this.notices.push(text);
  }
}
