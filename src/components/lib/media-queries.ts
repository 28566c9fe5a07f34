/**
 * The phone layout's breakpoint, shared by the components' CSS (through unsafeCSS) and the code that needs to
 * know (the live picture fills the screen there). Narrow portrait screens and short landscape ones.
 */
export const PHONE_QUERY = '(max-width: 640px), (max-height: 500px)';
export const PHONE_LANDSCAPE_QUERY = '(max-height: 500px) and (orientation: landscape)';

/** Calls `onChange` now and whenever the media query starts or stops matching; returns the unsubscribe. */
export function watchMedia(query: string, onChange: (matches: boolean) => void): () => void {
  if (typeof matchMedia !== 'function') {
    onChange(false);
    return () => undefined;
  }
  const list = matchMedia(query);
  const listener = () => onChange(list.matches);
  list.addEventListener('change', listener);
  onChange(list.matches);
  return () => list.removeEventListener('change', listener);
}
