/** Debian Chromium and the flags it needs on this machine: for the Playwright configs and tests, and the scripts that drive a browser. */
const BROWSER = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * In a worker of a Playwright run with several (playwright.shared.ts: pinnedWorkers), the browser is started on
 * that worker's share of the cores (tests/support/chromium-on-cores.sh); elsewhere it is the browser itself.
 */
const pinned = Number(process.env.TEST_WORKERS ?? 1) > 1 && process.env.TEST_PARALLEL_INDEX !== undefined;
export const CHROMIUM_PATH = pinned ? new URL('chromium-on-cores.sh', import.meta.url).pathname : BROWSER;
process.env.CHROMIUM_BINARY = BROWSER;

export function chromiumArgs(options: { webgpu: boolean; fakeCamera?: string | null; fakeUi?: boolean }): string[] {
  const args = [
    '--no-sandbox',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-quic',
  ];
  if (options.webgpu) {
    args.push(
      '--enable-unsafe-webgpu',
      '--enable-features=Vulkan',
      '--use-vulkan=swiftshader',
      '--use-angle=swiftshader',
    );
  }
  if (options.fakeCamera) {
    args.push('--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${options.fakeCamera}`);
    if (options.fakeUi !== false) args.push('--use-fake-ui-for-media-stream');
  }
  return args;
}
