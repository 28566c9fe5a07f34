/** The download name of an event's clip: what happened, to whom, when; the extension from the file's type. */
export function clipFileName(
  event: { type: string; label: string; trackId: number; timeMs: number },
  mimeType: string,
): string {
  const extension = mimeType.includes('webm') ? 'webm' : 'mp4';
  // Local time, file-name safe: 2026-11-30_10-05-07.
  const d = new Date(event.timeMs);
  const pad = (n: number) => String(n).padStart(2, '0');
  const stamp = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}_${pad(d.getHours())}-${pad(d.getMinutes())}-${pad(d.getSeconds())}`;
  const safe = (s: string) => s.replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '') || 'object';
  return `clip_${stamp}_${safe(event.type)}_${safe(event.label)}-${event.trackId}.${extension}`;
}
