import { defineConfig, type Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { CONTENT_SECURITY_POLICY, SECURITY_HEADERS } from './src/app/security-headers.ts';

/**
 * Every page carries the Content-Security-Policy as a meta tag (the built app ships it whatever the host sends);
 * the servers also send it, with the cross-origin isolation headers that let onnxruntime's WASM backend use
 * threads (SharedArrayBuffer), and the service worker adds them to what it serves (src/sw.ts).
 */
function contentSecurityPolicy(): Plugin {
  return {
    name: 'content-security-policy-meta',
    transformIndexHtml: () => [
      {
        tag: 'meta',
        attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY },
        injectTo: 'head-prepend',
      },
    ],
  };
}

/**
 * onnxruntime-web names its .wasm with `new URL(..., import.meta.url)`, so Vite emits a 28 MB copy into assets/.
 * The app never loads it (wasmPaths points at /ort/): leave it out of the build.
 */
function dropBundledOrtWasm(): Plugin {
  return {
    name: 'drop-bundled-ort-wasm',
    generateBundle(_options, bundle) {
      for (const [fileName, output] of Object.entries(bundle)) {
        if (output.type === 'asset' && /^assets\/ort-wasm.*\.wasm$/.test(fileName)) delete bundle[fileName];
      }
    },
  };
}

const THEME = '#111111';

export default defineConfig({
  server: { headers: SECURITY_HEADERS },
  preview: { headers: SECURITY_HEADERS },
  worker: { format: 'es', plugins: () => [dropBundledOrtWasm()] },
  // onnxruntime-web loads its .wasm from /ort/ (copied there by scripts/setup.ts); don't pre-bundle it.
  // mqtt is imported only with import() (when MQTT is configured), mediabunny only by the worker (clips): pre-bundle
  // them at start, or their first use would make the dev server re-optimise and reload the page.
  optimizeDeps: { exclude: ['onnxruntime-web'], include: ['mqtt', 'mediabunny'] },
  build: { target: 'es2022' },
  plugins: [
    contentSecurityPolicy(),
    dropBundledOrtWasm(),
    // An installable, offline app: Workbox precaches the shell and onnxruntime; models are kept on first use.
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'src',
      filename: 'sw.ts',
      registerType: 'prompt',
      // src/app/pwa.ts registers it (with workbox-window) and offers updates; nothing is injected.
      injectRegister: false,
      manifest: {
        id: '/',
        name: 'Detector: object detection on your device',
        short_name: 'Detector',
        description: 'Real-time object detection in your browser, on your device. Works offline once installed.',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        orientation: 'any',
        theme_color: THEME,
        background_color: THEME,
        categories: ['utilities', 'photo'],
        icons: [
          { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: 'icons/icon-maskable-192.png', sizes: '192x192', type: 'image/png', purpose: 'maskable' },
          { src: 'icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
          { src: 'icons/icon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' },
        ],
      },
      // The glob below already takes every icon (apple-touch-icon included).
      includeManifestIcons: false,
      injectManifest: {
        // The app shell, the detector worker, onnxruntime's runtime (its .wasm is ~28 MB) and the model list.
        // Model weights are not precached: the service worker keeps each one after its first use.
        // (The plugin adds manifest.webmanifest itself.)
        globPatterns: ['**/*.{html,js,css,svg,png}', 'ort/*.{mjs,wasm}', 'models/models.json'],
        globIgnores: ['**/*.onnx', 'icons/icon-maskable.svg'],
        maximumFileSizeToCacheInBytes: 48 * 1024 * 1024,
        rollupFormat: 'iife',
      },
      devOptions: { enabled: false },
    }),
  ],
});
