import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { ScreenWakeLock } from '../../app/wake-lock';
import { listCameras, openCamera, type CameraChoice } from '../../capture/camera';
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
}

/**
 * What the app detects on: the camera (which one, its torch), a video file or an image. It hands `<source-view>`
 * the stream or the file's URL (revoked when replaced) and the detector the video once it plays. A hidden page
 * releases the camera (or pauses the video) and resumes when shown; the screen is kept on while a live picture
 * is detected.
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

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly config: SourceControllerConfig,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    document.addEventListener('visibilitychange', this.onVisibilityChange);
    this.wakeLock = new ScreenWakeLock();
    this.wakeLock.addEventListener('change', this.onWakeLockChange);
  }

  hostDisconnected(): void {
    document.removeEventListener('visibilitychange', this.onVisibilityChange);
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
    let stream: MediaStream;
    try {
      stream = await openCamera(choice);
    } catch (error) {
      this.config.say((error as Error).message);
      return;
    }
    const track = stream.getVideoTracks()[0];
    this.config.rememberCamera({ cameraId: track?.getSettings().deviceId ?? choice.deviceId ?? null, facing: choice.facing ?? this.config.savedCamera().facing });
    this.torch = torchSupported(track) ? 'off' : 'unsupported';
    track?.addEventListener('ended', () => this.config.say('The camera stopped (disconnected or taken by another app). Press Camera to reconnect.'));
    this.stream = stream;
    this.setKind('camera');
    this.cameras = await listCameras().catch(() => []);
    this.host.requestUpdate();
  }

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
    await this.stop();
    this.videoUrl = URL.createObjectURL(file);
    this.setKind('video');
  }

  private async openImage(file: File): Promise<void> {
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
    const hidden = document.visibilityState === 'hidden';
    this.visibilityTask = this.visibilityTask.then(() => (hidden ? this.pauseWhileHidden() : this.resumeWhenShown())).catch(() => undefined);
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
