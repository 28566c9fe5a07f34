import { openApp } from './lib/browser';
const s = await openApp({ webgpu: true, mounts: { '/__images/': '/work/shared/data/coco-val2017-subset/images' } });
try {
  for (const m of (process.argv[2] ?? 'yolox-nano-320').split(',')) {
  const r = await s.page.evaluate(async (m) => {
    const h = (globalThis as any).harness;
    const summary = await h.load(`/models/${m}.onnx`, 'webgpu');
    const t0 = performance.now();
    const r = await h.detectUrl('/__images/000000519208.jpg');
    return { b: summary.backend, ms: performance.now() - t0, t: r.timings, d: r.detections.slice(0, 3).map((d: any) => d.label + ' ' + d.score.toFixed(3)) };
  }, m).catch((e) => String(e).slice(0, 300));
  console.log(m, JSON.stringify(r));
  }
} finally { await s.close(); }
