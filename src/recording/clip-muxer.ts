/**
 * Encoded chunks → a playable file, with mediabunny: MP4 for H.264, WebM for VP8/VP9. The clip's time
 * starts at 0 on its first (key) frame; each frame lasts until the next one (the encoder skips frames).
 * Times are snapped to a 1/CLIP_FRAME_RATE grid, strictly increasing: players and ffmpeg then see a steady
 * time base instead of jittery camera timestamps (off by at most half a slot, 33 ms).
 */
import {
  BufferTarget,
  EncodedPacket,
  EncodedVideoPacketSource,
  Mp4OutputFormat,
  Output,
  WebMOutputFormat,
} from 'mediabunny';
import { CLIP_FRAME_RATE, type ClipChunk } from './clip-encoder';

export async function muxClip(chunks: readonly ClipChunk[]): Promise<Blob> {
  if (chunks.length === 0 || !chunks[0].key) throw new Error('a clip must start on a key frame');
  const { codec, decoderConfig } = chunks[0];
  const mp4 = codec === 'avc';
  const output = new Output({
    format: mp4 ? new Mp4OutputFormat({ fastStart: 'in-memory' }) : new WebMOutputFormat(),
    target: new BufferTarget(),
  });
  const source = new EncodedVideoPacketSource(codec);
  output.addVideoTrack(source, { frameRate: CLIP_FRAME_RATE });
  await output.start();
  const slots = gridSlots(chunks.map((c) => c.timestamp - chunks[0].timestamp));
  const lastSlots = Math.max(1, Math.round(chunks[chunks.length - 1].duration * CLIP_FRAME_RATE));
  for (let i = 0; i < chunks.length; i++) {
    const chunk = chunks[i];
    const slot = slots[i];
    const length = i + 1 < slots.length ? slots[i + 1] - slot : lastSlots;
    const packet = new EncodedPacket(
      chunk.data,
      chunk.key ? 'key' : 'delta',
      slot / CLIP_FRAME_RATE,
      length / CLIP_FRAME_RATE,
    );
    await source.add(packet, i === 0 ? { decoderConfig } : undefined);
  }
  await output.finalize();
  return new Blob([output.target.buffer!], { type: mp4 ? 'video/mp4' : 'video/webm' });
}

/** Each time (seconds from the clip's start) on the frame-rate grid, every slot after the one before. */
export function gridSlots(times: readonly number[]): number[] {
  const slots: number[] = [];
  for (const t of times)
    slots.push(Math.max(Math.round(t * CLIP_FRAME_RATE), slots.length ? slots[slots.length - 1] + 1 : 0));
  return slots;
}
