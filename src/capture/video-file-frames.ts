/**
 * Every frame of a video file, decoded with WebCodecs (through mediabunny's demuxers), each a VideoFrame
 * stamped with its own presentation time: what the offline analysis feeds the engine, however long each
 * frame takes to detect.
 */
import { ALL_FORMATS, BlobSource, Input, VideoSampleSink } from 'mediabunny';

export interface VideoFileInfo {
  width: number;
  height: number;
  durationSeconds: number;
}

export async function openVideoFile(
  file: Blob,
): Promise<{ info: VideoFileInfo; frames: () => AsyncGenerator<VideoFrame> }> {
  const input = new Input({ source: new BlobSource(file), formats: ALL_FORMATS });
  const track = await input.getPrimaryVideoTrack();
  if (!track) throw new Error('The file has no video track.');
  if (!(await track.canDecode()))
    throw new Error(`This browser cannot decode the file's video (${track.codec ?? 'unknown codec'}).`);
  const info = {
    width: track.displayWidth,
    height: track.displayHeight,
    durationSeconds: await input.computeDuration(),
  };
  const sink = new VideoSampleSink(track);
  async function* frames(): AsyncGenerator<VideoFrame> {
    for await (const sample of sink.samples()) {
      const frame = sample.toVideoFrame();
      sample.close();
      yield frame;
    }
  }
  return { info, frames };
}
