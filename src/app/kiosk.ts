/** Kiosk mode: asked for by `?kiosk` in the page's address (or the `kiosk` attribute of `<detector-app>`). */
export function kioskRequested(href: string): boolean {
  try {
    const value = new URL(href).searchParams.get('kiosk');
    return value !== null && value !== '0' && value !== 'false';
  } catch {
    return false;
  }
}
