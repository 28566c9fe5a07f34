/** Debian Chromium and the flags it needs on this machine: for the Playwright configs and tests, and the scripts that drive a browser. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

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
