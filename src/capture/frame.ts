/** A frame the engine accepts: camera and video frames, decoded images. The one frame type of the app. */
export type Frame = VideoFrame | ImageBitmap;

/** A frame's size in pixels (a VideoFrame's display size). */
export function frameSize(frame: Frame): { width: number; height: number } {
  return 'displayWidth' in frame
    ? { width: frame.displayWidth, height: frame.displayHeight }
    : { width: frame.width, height: frame.height };
}
