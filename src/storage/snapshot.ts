/** Event snapshots: a small JPEG of the frame with the object's box drawn (about 20–50 KB). */
import type { Frame } from '../capture/frame';
import type { Box } from '../detection/types';
import type { PrivacyMask } from '../monitor/types';
import { paintMasks } from '../recording/paint-masks';

/** Snapshots are at most this wide: enough to recognise a person, small enough to keep thousands. */
export const SNAPSHOT_WIDTH = 480;

/** A scaled copy of the frame taken while it is still open; events of the same frame share it. */
export function grabFrame(frame: Frame, width: number, height: number): Promise<ImageBitmap> {
  const scale = Math.min(1, SNAPSHOT_WIDTH / width);
  return createImageBitmap(frame, {
    resizeWidth: Math.round(width * scale),
    resizeHeight: Math.round(height * scale),
    resizeQuality: 'medium',
  });
}

const canvas = () => new OffscreenCanvas(1, 1);
let shared: OffscreenCanvas | null = null;

/** The grabbed frame with `box` (frame pixels) outlined and labelled, as a JPEG. */
export async function snapshotJpeg(
  picture: ImageBitmap,
  frameWidth: number,
  box: Box,
  caption: string,
  masks: readonly PrivacyMask[] = [],
): Promise<Blob> {
  shared ??= canvas();
  const target = shared;
  target.width = picture.width;
  target.height = picture.height;
  const context = target.getContext('2d')!;
  context.drawImage(picture, 0, 0);
  // Privacy masks: blacked out before anything else is drawn, so no snapshot (nor MQTT image) shows them.
  paintMasks(context, masks, picture.width, picture.height);
  const scale = picture.width / frameWidth;
  const [x1, y1, x2, y2] = box.map((v) => v * scale);
  context.lineWidth = 3;
  context.strokeStyle = '#ffd400';
  context.strokeRect(x1, y1, x2 - x1, y2 - y1);
  context.font = '600 14px system-ui, sans-serif';
  const textWidth = context.measureText(caption).width + 8;
  const labelY = y1 >= 20 ? y1 - 20 : y1;
  context.fillStyle = '#ffd400';
  context.fillRect(x1 - 1.5, labelY, textWidth, 20);
  context.fillStyle = '#000';
  context.textBaseline = 'top';
  context.fillText(caption, x1 + 3, labelY + 3);
  return target.convertToBlob({ type: 'image/jpeg', quality: 0.75 });
}
