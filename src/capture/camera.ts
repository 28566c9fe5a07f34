/** Opening cameras and naming their failures in words a user can act on. */

export interface CameraChoice {
  /** A specific camera (from listCameras), or none to let `facing` choose. */
  deviceId?: string;
  facing?: 'user' | 'environment';
}

export class CameraError extends Error {
  constructor(
    readonly kind: 'denied' | 'missing' | 'busy' | 'unsupported' | 'failed',
    message: string,
  ) {
    super(message);
    this.name = 'CameraError';
  }
}

/** A 720p-ish stream at up to 30 fps: enough detail for the model, light enough for phones. */
export async function openCamera(choice: CameraChoice): Promise<MediaStream> {
  if (!navigator.mediaDevices?.getUserMedia) {
    throw new CameraError(
      'unsupported',
      'This browser cannot open a camera on this page (cameras need HTTPS or localhost).',
    );
  }
  const video: MediaTrackConstraints = { width: { ideal: 1280 }, height: { ideal: 720 }, frameRate: { ideal: 30 } };
  if (choice.deviceId) video.deviceId = { exact: choice.deviceId };
  else if (choice.facing) video.facingMode = { ideal: choice.facing };
  try {
    return await navigator.mediaDevices.getUserMedia({ video, audio: false });
  } catch (error) {
    throw cameraError(error);
  }
}

export async function listCameras(): Promise<MediaDeviceInfo[]> {
  const devices = (await navigator.mediaDevices?.enumerateDevices?.()) ?? [];
  return devices.filter((d) => d.kind === 'videoinput');
}

export function cameraError(error: unknown): CameraError {
  const name = (error as { name?: string } | null)?.name ?? '';
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return new CameraError(
        'denied',
        'Camera access was denied. Allow the camera for this site in the browser settings, or open a video file or an image instead.',
      );
    case 'NotFoundError':
    case 'OverconstrainedError':
    case 'DevicesNotFoundError':
      return new CameraError(
        'missing',
        'No camera was found. Connect a camera, or open a video file or an image instead.',
      );
    case 'NotReadableError':
    case 'AbortError':
      return new CameraError('busy', 'The camera is in use by another application or could not be started.');
    default:
      return new CameraError('failed', `The camera could not be opened: ${(error as Error)?.message ?? error}`);
  }
}
