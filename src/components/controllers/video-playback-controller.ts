import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** What `video-ready` carries: the playing video and the source it plays. */
export interface VideoReadyDetail {
  video: HTMLVideoElement;
  stream: MediaStream | null;
  url: string | null;
}

/** An element that shows a camera's stream or a video file in a <video> of its own. */
export interface VideoHost extends ReactiveControllerHost, EventTarget {
  readonly video: HTMLVideoElement;
  stream: MediaStream | null;
  videoUrl: string | null;
  paused: boolean;
}

/**
 * Plays its host's `stream` or `videoUrl` (looped) in the host's <video>, pauses it while `paused`, and dispatches
 * `video-ready` (VideoReadyDetail) on the host each time it starts playing, or `video-error` ({ message }) when it
 * cannot. Only the latest source reports: a source replaced while it was starting says nothing.
 */
export class VideoPlaybackController implements ReactiveController {
  private stream: MediaStream | null | undefined = undefined;
  private url: string | null | undefined = undefined;
  private paused = false;
  /** Counts play and pause requests: only the latest one may report. */
  private turn = 0;

  constructor(private readonly host: VideoHost) {
    host.addController(this);
  }

  hostUpdated(): void {
    const { stream, videoUrl, paused } = this.host;
    if (stream !== this.stream || videoUrl !== this.url) {
      [this.stream, this.url, this.paused] = [stream, videoUrl, paused];
      this.load();
    } else if (paused !== this.paused) {
      this.paused = paused;
      if (paused) this.pause();
      else void this.play();
    }
  }

  private load(): void {
    const video = this.host.video;
    if (this.url) video.src = this.url;
    else video.removeAttribute('src');
    video.loop = this.url !== null;
    // Setting it (null too) reloads the element: a source that was stopped is let go.
    video.srcObject = this.stream ?? null;
    if (this.paused) this.pause();
    else void this.play();
  }

  private pause(): void {
    this.turn++;
    this.host.video.pause();
  }

  private async play(): Promise<void> {
    const { video, stream, videoUrl: url } = this.host;
    const turn = ++this.turn;
    if (!stream && !url) return;
    try {
      await video.play();
    } catch (error) {
      if (turn === this.turn) this.emit('video-error', { message: (error as Error).message });
      return;
    }
    if (turn === this.turn) this.emit('video-ready', { video, stream, url } satisfies VideoReadyDetail);
  }

  /** For the host's parent only: neither bubbles nor leaves the shadow root. */
  private emit(type: string, detail: unknown): void {
    this.host.dispatchEvent(new CustomEvent(type, { detail }));
  }
}
