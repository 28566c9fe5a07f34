/** The camera's torch (flash used as a lamp), where the track says it has one: mostly back cameras of phones. */

type TorchCapabilities = MediaTrackCapabilities & { torch?: boolean };
type TorchConstraints = MediaTrackConstraintSet & { torch?: boolean };

export function torchSupported(track: MediaStreamTrack | null | undefined): boolean {
  if (!track || track.readyState === 'ended' || typeof track.getCapabilities !== 'function') return false;
  return (track.getCapabilities() as TorchCapabilities).torch === true;
}

/** Turns the torch on or off; resolves with the state the track reports afterwards. */
export async function setTorch(track: MediaStreamTrack, on: boolean): Promise<boolean> {
  await track.applyConstraints({ advanced: [{ torch: on } as TorchConstraints] });
  const settings = track.getSettings() as MediaTrackSettings & { torch?: boolean };
  return settings.torch ?? on;
}
