/** Phones: a short pattern; elsewhere (no Vibration API, or no user gesture yet) nothing happens. */
export function vibrateForAlert(): boolean {
  return typeof navigator.vibrate === 'function' && navigator.vibrate([200, 100, 200]);
}
