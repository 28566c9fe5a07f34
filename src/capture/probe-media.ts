/**
 * Checks that a picked file really is a picture or a playable video before the running source is given up for it:
 * a file that cannot be decoded leaves the camera (or the file before it) running, with the decoder's reason.
 */

/** Resolves when the image decodes; rejects with a reason in words. */
export async function probeImage(file: Blob): Promise<void> {
  try {
    const bitmap = await createImageBitmap(file);
    bitmap.close();
  } catch {
    throw new Error('this image could not be read (it is damaged or not an image format the browser knows)');
  }
}

/** Resolves once the video's first frame decodes; rejects with the media element's own error, not a play() race. */
export function probeVideo(file: Blob, timeoutMs = 15_000): Promise<void> {
  const url = URL.createObjectURL(file);
  const video = document.createElement('video');
  video.muted = true;
  video.preload = 'auto';
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('its first frame did not decode in time')), timeoutMs);
    video.addEventListener('loadeddata', () => {
      clearTimeout(timer);
      resolve();
    });
    video.addEventListener('error', () => {
      clearTimeout(timer);
      const error = video.error;
      const why =
        error?.message ||
        (error?.code === MediaError.MEDIA_ERR_SRC_NOT_SUPPORTED
          ? 'the format is not supported'
          : 'it could not be decoded');
      reject(new Error(`it could not be decoded (${why})`));
    });
    video.src = url;
  }).finally(() => {
    video.removeAttribute('src');
    video.load();
    URL.revokeObjectURL(url);
  });
}
