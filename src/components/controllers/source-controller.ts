import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { backoffDelay } from '../../app/backoff';
import { ScreenWakeLock } from '../../app/wake-lock';
import { CameraError, listCameras, openCamera, type CameraChoice } from '../../capture/camera';
import { probeImage, probeVideo } from '../../capture/probe-media';
import { logSystemEvent } from '../../storage/system-log';
import { setTorch, torchSupported } from '../../capture/torch';
import type { SourceKind, TorchState } from '../source-bar';
import type { DetectorController } from './detector-controller';
import type { Say } from './messages-controller';
import type { VideoReadyDetail } from './video-playback-controller';

/** The camera the user chose, as the settings keep it. */
export interface SavedCamera {
  cameraId: string | null;
  facing: 'user' | 'environment';
}

export interface SourceControllerConfig {
  detector: DetectorController;
  say: Say;
  /** The camera chosen last. */
  savedCamera(): SavedCamera;
  /** A camera was opened: remember it. */
  rememberCamera(camera: SavedCamera): void;
  /** Kiosk: detection goes on while the page is hidden (a phone releases the camera to save battery). */
  keepRunningWhenHidden?(): boolean;
}

/** A camera muted (no frames) this long counts as lost. */
const MUTED_LOST_MS = 3000;
/** How often the camera's track is looked at: a track stopped by the page fires no `ended`. */
const CAMERA_CHECK_MS = 1000;

/**
 * What the app detects on: the camera (which one, its torch), a video file or an image. It hands `<source-view>`
 * the stream or the file's URL (revoked when replaced) and the detector the video once it plays. A camera that
 * stops (unplugged, its track ended or muted) is reopened by itself, with backoff and on `devicechange`. A hidden
 * page releases the camera (or pauses the video) and resumes when shown, except in a kiosk; the screen is kept on
 * while a live picture is detected.
 */
export class SourceController implements ReactiveController {
  kind: SourceKind | null = null;
  /** For `<source-view>`: the camera's stream, a video file's URL, an image's URL. */
  stream: MediaStream | null = null;
  videoUrl: string | null = null;
  imageUrl: string | null = null;
  /** The video file is paused while the page is hidden. */
  paused = false;
  cameras: MediaDeviceInfo[] = [];
  torch: TorchState = 'unsupported';

  private wakeLock: ScreenWakeLock | null = null;
  private wakeLockWanted = false;
  /** What was running when the page was hidden, to resume when it is shown again. */
  private hiddenWith: { camera?: CameraChoice; video?: true } | null = null;
  private visibilityTask: Promise<void> = Promise.resolve();
  /** Changes whenever the source changes: a reconnection loop for an older camera gives up. */
  private session = 0;
  /** The camera is lost and being reopened. */
  reconnecting = false;
  private cameraCheck: ReturnType<typeof setInterval> | null = null;
  private wakeReconnect: (() => void) | null = null;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly config: SourceControllerConfig,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    document.addEventListener('visibilitychange', this.onVisibilityChange);
    navigator.mediaDevices?.addEventListener?.('devicechange', this.onDeviceChange);
    this.wakeLock = new ScreenWakeLock();
    this.wakeLock.addEventListener('change', this.onWakeLockChange);
  }

  hostDisconnected(): void {
    document.removeEventListener('visibilitychange', this.onVisibilityChange);
    navigator.mediaDevices?.removeEventListener?.('devicechange', this.onDeviceChange);
    this.wakeLock?.removeEventListener('change', this.onWakeLockChange);
    this.wakeLock?.dispose();
    this.wakeLock = null;
    this.wakeLockWanted = false;
    void this.stop();
  }

  hostUpdated(): void {
    // Keep the screen on while a live picture is being detected.
    const live = this.kind === 'camera' || this.kind === 'video';
    if (live === this.wakeLockWanted || !this.wakeLock) return;
    this.wakeLockWanted = live;
    void this.wakeLock.set(live);
  }

  /** The screen wake lock's state in words, for the About panel. */
  get wakeLockText(): string {
    const lock = this.wakeLock;
    if (lock?.active) return 'yes (while detecting)';
    if (!lock?.supported) return 'unsupported by this browser';
    if (lock.error) return `no (${lock.error})`;
    return this.kind === 'camera' || this.kind === 'video' ? 'no' : 'not needed (not detecting)';
  }

  async startCamera(choice: CameraChoice): Promise<void> {
    await this.stop();
    const session = this.session;
    let stream: MediaStream;
    try {
      stream = await this.openChosenCamera(choice);
    } catch (error) {
      this.config.say((error as Error).message);
      return;
    }
    if (session !== this.session) {
      stream.getTracks().forEach((t) => t.stop());
      return;
    }
    await this.useCamera(stream, choice);
  }

  /** The chosen camera; a saved one that is no longer there falls back to the default camera, and says so. */
  private async openChosenCamera(choice: CameraChoice): Promise<MediaStream> {
    try {
      return await openCamera(choice);
    } catch (error) {
      if (!choice.deviceId || !(error instanceof CameraError) || error.kind !== 'missing') throw error;
      const stream = await openCamera({ facing: choice.facing ?? this.config.savedCamera().facing });
      this.config.say('The camera chosen before is not connected; the default camera is used instead.', 'info');
      return stream;
    }
  }

  private async useCamera(stream: MediaStream, choice: CameraChoice): Promise<void> {
    const track = stream.getVideoTracks()[0];
    this.config.rememberCamera({
      cameraId: track?.getSettings().deviceId ?? choice.deviceId ?? null,
      facing: choice.facing ?? this.config.savedCamera().facing,
    });
    this.torch = torchSupported(track) ? 'off' : 'unsupported';
    this.stream = stream;
    this.setKind('camera');
    if (track) this.watchCamera(track, this.session);
    this.cameras = await listCameras().catch(() => []);
    this.host.requestUpdate();
  }

  /** The camera track's health: ended (unplugged, stopped) or muted too long means lost. */
  private watchCamera(track: MediaStreamTrack, session: number): void {
    let mutedSince: number | null = null;
    track.addEventListener('ended', () => this.cameraLost(session, 'disconnected or stopped'));
    track.addEventListener('mute', () => (mutedSince = performance.now()));
    track.addEventListener('unmute', () => (mutedSince = null));
    if (this.cameraCheck !== null) clearInterval(this.cameraCheck);
    this.cameraCheck = setInterval(() => {
      if (track.readyState === 'ended') this.cameraLost(session, 'disconnected or stopped');
      else if (mutedSince !== null && performance.now() - mutedSince > MUTED_LOST_MS)
        this.cameraLost(session, 'it sends no picture');
    }, CAMERA_CHECK_MS);
  }

  /** Says so, stops detecting (nothing may look watched), and reopens the camera until it is back. */
  private cameraLost(session: number, reason: string): void {
    if (session !== this.session || this.reconnecting) return;
    if (this.cameraCheck !== null) clearInterval(this.cameraCheck);
    this.cameraCheck = null;
    this.reconnecting = true;
    const message = `The camera stopped (${reason}); reconnecting…`;
    this.config.say(message);
    void logSystemEvent('camera-lost', message);
    void this.config.detector.stop();
    this.stream?.getTracks().forEach((t) => t.stop());
    this.stream = null;
    this.torch = 'unsupported';
    this.host.requestUpdate();
    void this.reconnect(session);
  }

  private async reconnect(session: number): Promise<void> {
    const { cameraId, facing } = this.config.savedCamera();
    const lostAt = performance.now();
    for (let attempt = 0; session === this.session; attempt++) {
      try {
        const stream = await openCamera({ deviceId: cameraId ?? undefined, facing }).catch((error: unknown) => {
          // The same camera, else any: a kiosk watches with whatever camera is there.
          if (cameraId && error instanceof CameraError && error.kind === 'missing') return openCamera({ facing });
          throw error;
        });
        if (session !== this.session) {
          stream.getTracks().forEach((t) => t.stop());
          return;
        }
        this.reconnecting = false;
        await this.useCamera(stream, { deviceId: cameraId ?? undefined, facing });
        const message = `The camera is back after ${((performance.now() - lostAt) / 1000).toFixed(1)} s; detecting again.`;
        this.config.say(message, 'info');
        void logSystemEvent('camera-back', message);
        return;
      } catch {
        // Not there yet: wait, or less if a device is plugged in meanwhile.
        await new Promise<void>((resume) => {
          const timer = setTimeout(resume, backoffDelay(attempt));
          this.wakeReconnect = () => {
            clearTimeout(timer);
            resume();
          };
        });
        this.wakeReconnect = null;
      }
    }
  }

  private readonly onDeviceChange = (): void => this.wakeReconnect?.();

  /** An image, a video or an .onnx model (picked or dropped). */
  async openFile(file: File): Promise<void> {
    if (file.type.startsWith('image/')) return this.openImage(file);
    if (file.type.startsWith('video/')) return this.openVideo(file);
    if (file.name.toLowerCase().endsWith('.onnx')) return this.config.detector.loadModelFile(file);
    this.config.say(`"${file.name}" is not an image, a video or an .onnx model.`);
  }

  /** `<source-view>`'s video plays: detect on it, unless it was replaced or paused meanwhile. */
  async videoReady({ video, stream, url }: VideoReadyDetail): Promise<void> {
    if (stream !== this.stream || url !== this.videoUrl || this.paused) return;
    try {
      await this.config.detector.detectVideo(video, stream);
    } catch (error) {
      this.videoFailed((error as Error).message);
    }
  }

  videoFailed(reason: string): void {
    this.config.say(`The video could not be played: ${reason}`);
  }

  async toggleTorch(on: boolean): Promise<void> {
    const track = this.stream?.getVideoTracks()[0];
    if (!track) return;
    try {
      this.torch = (await setTorch(track, on)) ? 'on' : 'off';
      this.host.requestUpdate();
    } catch (error) {
      this.config.say(`The torch could not be switched ${on ? 'on' : 'off'}: ${(error as Error).message}`);
    }
  }

  /** Stops detecting and releases the camera or the file. */
  async stop(): Promise<void> {
    this.session++;
    this.reconnecting = false;
    this.wakeReconnect?.();
    if (this.cameraCheck !== null) clearInterval(this.cameraCheck);
    this.cameraCheck = null;
    // The feed stops sending frames at once; the camera is released without waiting for the worker to answer.
    const detached = this.config.detector.stop();
    this.stream?.getTracks().forEach((t) => t.stop());
    this.stream = null;
    if (this.videoUrl) URL.revokeObjectURL(this.videoUrl);
    if (this.imageUrl) URL.revokeObjectURL(this.imageUrl);
    this.videoUrl = null;
    this.imageUrl = null;
    this.paused = false;
    this.torch = 'unsupported';
    this.setKind(null);
    await detached;
  }

  private async openVideo(file: File): Promise<void> {
    // Decoded first: a file that fails leaves the running source (the camera) as it was.
    try {
      await probeVideo(file);
    } catch (error) {
      this.config.say(
        `"${file.name}" could not be played: ${(error as Error).message}. The current source keeps running.`,
      );
      return;
    }
    await this.stop();
    this.videoUrl = URL.createObjectURL(file);
    this.setKind('video');
  }

  private async openImage(file: File): Promise<void> {
    try {
      await probeImage(file);
    } catch (error) {
      this.config.say(`"${file.name}": ${(error as Error).message}. The current source keeps running.`);
      return;
    }
    await this.stop();
    this.imageUrl = URL.createObjectURL(file);
    this.setKind('image');
    await this.config.detector.detectImage(file);
  }

  private setKind(kind: SourceKind | null): void {
    this.kind = kind;
    this.host.requestUpdate();
  }

  /** Hidden page: the camera is released and the worker gets no frames (it idles); shown again: both resume. */
  private readonly onVisibilityChange = (): void => {
    // A kiosk keeps watching while hidden (its wake lock is taken again when shown: ScreenWakeLock).
    if (this.config.keepRunningWhenHidden?.()) return;
    const hidden = document.visibilityState === 'hidden';
    this.visibilityTask = this.visibilityTask
      .then(() => (hidden ? this.pauseWhileHidden() : this.resumeWhenShown()))
      .catch(() => undefined);
  };

  private async pauseWhileHidden(): Promise<void> {
    if (this.hiddenWith) return;
    if (this.kind === 'camera') {
      const { cameraId, facing } = this.config.savedCamera();
      this.hiddenWith = { camera: { deviceId: cameraId ?? undefined, facing } };
      await this.stop();
    } else if (this.kind === 'video') {
      this.hiddenWith = { video: true };
      this.setPaused(true);
      await this.config.detector.detach();
    }
  }

  private async resumeWhenShown(): Promise<void> {
    const hiddenWith = this.hiddenWith;
    this.hiddenWith = null;
    if (hiddenWith?.camera && this.kind === null) await this.startCamera(hiddenWith.camera);
    // <source-view> plays it again and says so (`video-ready`): the detector gets it then.
    if (hiddenWith?.video && this.kind === 'video') this.setPaused(false);
  }

  private setPaused(paused: boolean): void {
    this.paused = paused;
    this.host.requestUpdate();
  }

  private readonly onWakeLockChange = (): void => this.host.requestUpdate();
}
