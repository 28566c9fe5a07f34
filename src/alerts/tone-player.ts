/**
 * Alert sounds synthesised with Web Audio (no audio files, works offline). Browsers start audio only after a
 * user gesture: `unlock()` is called from the first click or key press, and until then `play()` reports that it
 * could not sound, so the page can say so.
 */
import type { AlertTone } from '../monitor/alerts/rule';

/** A note: frequency (Hz), start and length (s) after the tone starts, oscillator shape. */
type Note = { hz: number; at: number; length: number; wave: OscillatorType };

const TONES: Record<AlertTone, Note[]> = {
  chime: [
    { hz: 880, at: 0, length: 0.35, wave: 'sine' },
    { hz: 1318.5, at: 0.18, length: 0.5, wave: 'sine' },
  ],
  beep: [
    { hz: 1000, at: 0, length: 0.12, wave: 'square' },
    { hz: 1000, at: 0.2, length: 0.12, wave: 'square' },
  ],
  siren: [0, 0.3, 0.6, 0.9].map((at, i) => ({ hz: i % 2 ? 660 : 960, at, length: 0.3, wave: 'sawtooth' as const })),
  ding: [{ hz: 1568, at: 0, length: 0.8, wave: 'triangle' }],
};

export class TonePlayer {
  private context: AudioContext | null = null;
  /** Tones that really started on a running audio context (diagnostics, tests). */
  played = 0;

  /** From a user gesture: creates or resumes the audio context so that later alerts can sound. */
  async unlock(): Promise<void> {
    const context = this.ensureContext();
    if (context && context.state !== 'running') await context.resume().catch(() => undefined);
  }

  get state(): AudioContextState | 'unavailable' {
    return this.context?.state ?? (typeof AudioContext === 'undefined' ? 'unavailable' : 'suspended');
  }

  /** Plays a tone; resolves false when the browser does not let it sound (no gesture yet, no audio). */
  async play(tone: AlertTone, volume: number): Promise<boolean> {
    const context = this.ensureContext();
    if (!context) return false;
    if (context.state !== 'running') await context.resume().catch(() => undefined);
    if (context.state !== 'running') return false;
    const start = context.currentTime + 0.02;
    for (const note of TONES[tone]) this.schedule(context, note, start, volume);
    this.played++;
    return true;
  }

  private schedule(context: AudioContext, note: Note, start: number, volume: number): void {
    const oscillator = new OscillatorNode(context, { type: note.wave, frequency: note.hz });
    const gain = new GainNode(context, { gain: 0 });
    const t0 = start + note.at;
    // A short attack and an exponential release: no clicks.
    gain.gain.linearRampToValueAtTime(Math.max(0.0001, volume * 0.5), t0 + 0.01);
    gain.gain.exponentialRampToValueAtTime(0.0001, t0 + note.length);
    oscillator.connect(gain).connect(context.destination);
    oscillator.start(t0);
    oscillator.stop(t0 + note.length + 0.05);
  }

  private ensureContext(): AudioContext | null {
    if (this.context) return this.context;
    if (typeof AudioContext === 'undefined') return null;
    this.context = new AudioContext();
    return this.context;
  }
}
