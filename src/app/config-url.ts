/**
 * `?config=URL`: the monitor configuration a page address asks for (a deployment is a URL and a JSON file).
 * Pure: the caller passes the page's address. Only this site's files are taken: a link from elsewhere must not
 * be able to point the app's alerts and webhooks at someone else's configuration.
 */
export type ConfigUrlRequest = { url: string } | { error: string } | null;

export function configUrlOf(pageHref: string): ConfigUrlRequest {
  const page = new URL(pageHref);
  const asked = page.searchParams.get('config');
  if (asked === null) return null;
  if (asked.trim() === '')
    return {
      error:
        '?config= names no file: give the address of a monitor configuration on this site, e.g. ?config=/monitor.json',
    };
  let address: URL;
  try {
    address = new URL(asked, page);
  } catch {
    return { error: `?config=${asked} is not an address.` };
  }
  if (address.origin !== page.origin) {
    return { error: `?config=${asked} was not loaded: configurations load from this site (${page.origin}) only.` };
  }
  return { url: address.pathname + address.search };
}
