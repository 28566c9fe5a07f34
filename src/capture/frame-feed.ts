import type { DetectorClient } from '../engine/detector-client';

type TrackProcessorConstructor = new (init: { track: MediaStreamTrack; maxBufferSize?: number }) => {
  readable: ReadableStream<VideoFrame>;
};

/** MediaStreamTrackProcessor (Chromium; not yet in TypeScript's DOM types), or undefined where there is none. */
export function trackProcessor(): TrackProcessorConstructor | undefined {
  return (globalThis as { MediaStreamTrackProcessor?: TrackProcessorConstructor }).MediaStreamTrackProcessor;
}

/**
 * Sends a playing video's frames to the worker without blocking the page. Where the browser has
 * MediaStreamTrackProcessor, its stream is transferred to the worker once; elsewhere each painted frame
 * becomes a VideoFrame that is sent only when the worker has finished the previous one.
 */
export class FrameFeed {
  private stopCallbacks: Array<() => void> = [];
  private awaitingResult = false;

  constructor(private readonly client: DetectorClient) {}

  async start(video: HTMLVideoElement, stream: MediaStream | null): Promise<void> {
    await this.stop();
    const Processor = trackProcessor();
    const track = (stream ?? captureStream(video))?.getVideoTracks()[0];
    if (Processor && track) {
      // A clone, so that stopping the feed never stops the picture the user sees.
      const feedTrack = track.clone();
      const { readable } = new Processor({ track: feedTrack, maxBufferSize: 1 });
      await this.client.attachStream(readable);
      this.stopCallbacks.push(() => feedTrack.stop());
    } else {
      this.pumpPaintedFrames(video);
    }
  }

  /** The worker reported a result: the painted-frame pump may send the next frame. */
  resultArrived(): void {
    this.awaitingResult = false;
  }

  async stop(): Promise<void> {
    const callbacks = this.stopCallbacks;
    this.stopCallbacks = [];
    callbacks.forEach((stop) => stop());
    this.awaitingResult = false;
    await this.client.detachStream().catch(() => undefined);
  }

  private pumpPaintedFrames(video: HTMLVideoElement): void {
    let active = true;
    const onFrame = () => {
      if (!active) return;
      if (!this.awaitingResult && video.videoWidth > 0) {
        this.awaitingResult = true;
        void this.client.submitFrame(new VideoFrame(video, { timestamp: performance.now() * 1000 }));
      }
      schedule();
    };
    const schedule = () =>
      'requestVideoFrameCallback' in video ? video.requestVideoFrameCallback(onFrame) : requestAnimationFrame(onFrame);
    schedule();
    this.stopCallbacks.push(() => (active = false));
  }
}

function captureStream(video: HTMLVideoElement): MediaStream | null {
  const capture = (video as HTMLVideoElement & { captureStream?: () => MediaStream }).captureStream;
  return capture ? capture.call(video) : null;
}
