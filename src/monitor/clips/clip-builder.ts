/**
 * When a clip starts, grows and ends, and which chunks and events it holds. Pure: the worker feeds it the
 * encoder's chunks and, for every analysed frame, its time, its events and whether anything is tracked.
 *
 * idle ──event──▶ recording (pre-roll from the ring) ──activity──▶ recording (extended)
 * recording ──no activity for postCaptureSeconds, or maxSeconds long──▶ finished clip ▶ idle
 * Several events during one clip give one clip that lists them all.
 */
import { PrerollRing, type TimedChunk } from './preroll-ring';

export interface ClipTiming {
  preRollSeconds: number;
  postCaptureSeconds: number;
  /** A clip ends at this length even if activity goes on (bounded memory); the next event starts another. */
  maxSeconds: number;
}

/** Five minutes at the encoder's rate is a few tens of MB: the most a clip holds in memory. */
export const MAX_CLIP_SECONDS = 300;

export interface FinishedClip<T extends TimedChunk> {
  /** In decode order; the first is a key frame. */
  chunks: T[];
  /** Every event the clip covers, in order. */
  eventIds: string[];
  /** First chunk's time: the start of the pre-roll. */
  startT: number;
  firstEventT: number;
  /** The last frame with an event or a tracked object. */
  lastActivityT: number;
  /** End of the last chunk. */
  endT: number;
  byteLength: number;
}

interface Recording<T> {
  chunks: T[];
  eventIds: string[];
  firstEventT: number;
  lastActivityT: number;
}

export class ClipBuilder<T extends TimedChunk> {
  private readonly ring: PrerollRing<T>;
  private recording: Recording<T> | null = null;

  constructor(private timing: ClipTiming) {
    this.ring = new PrerollRing<T>(timing.preRollSeconds);
  }

  get isRecording(): boolean {
    return this.recording !== null;
  }

  /** New timings apply to the next clip (the ring's length at once). */
  setTiming(timing: ClipTiming): void {
    this.timing = timing;
    this.ring.seconds = timing.preRollSeconds;
  }

  /** An encoded chunk, in decode order. */
  addChunk(chunk: T): void {
    this.ring.push(chunk);
    const recording = this.recording;
    // A recording that has no key frame yet (empty ring at its start) waits for one.
    if (recording && (recording.chunks.length > 0 || chunk.key)) recording.chunks.push(chunk);
  }

  /**
   * One analysed frame at time `t` (seconds, the chunks' clock): its events' ids and whether any object is
   * tracked in it. Returns the clip that this frame finishes, if any.
   */
  observe(t: number, eventIds: readonly string[], objectsPresent: boolean): FinishedClip<T> | null {
    const active = eventIds.length > 0 || objectsPresent;
    let recording = this.recording;
    if (!recording) {
      if (eventIds.length === 0) return null;
      recording = { chunks: this.ring.items(), eventIds: [], firstEventT: t, lastActivityT: t };
      this.recording = recording;
    }
    recording.eventIds.push(...eventIds);
    if (active) recording.lastActivityT = t;
    const start = recording.chunks[0]?.timestamp ?? recording.firstEventT;
    const quiet = t - recording.lastActivityT >= this.timing.postCaptureSeconds;
    if (quiet || t - start >= this.timing.maxSeconds) return this.finish(t);
    return null;
  }

  /** Ends the clip being recorded now (the source stops or changes), and forgets the pre-roll. */
  reset(): FinishedClip<T> | null {
    const clip = this.recording ? this.finish(Infinity) : null;
    this.ring.clear();
    return clip;
  }

  private finish(endT: number): FinishedClip<T> | null {
    const recording = this.recording!;
    this.recording = null;
    // Chunks of frames after the end (the encoder runs ahead of detection) are left to the next clip's pre-roll.
    const kept = recording.chunks.filter((c) => c.timestamp <= endT);
    // The ring was taken when the event was seen, before the encoder had output the latest frames, so it may
    // reach further back than the pre-roll: start on the latest key frame that still gives the whole pre-roll.
    const wanted = recording.firstEventT - this.timing.preRollSeconds + 1e-6;
    const from = kept.reduce((best, c, i) => (c.key && c.timestamp <= wanted ? i : best), 0);
    const chunks = kept.slice(from);
    if (chunks.length === 0) return null;
    const last = chunks[chunks.length - 1];
    return {
      chunks,
      eventIds: recording.eventIds,
      startT: chunks[0].timestamp,
      firstEventT: recording.firstEventT,
      lastActivityT: recording.lastActivityT,
      endT: last.timestamp + last.duration,
      byteLength: chunks.reduce((sum, c) => sum + c.byteLength, 0),
    };
  }
}
