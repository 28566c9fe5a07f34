/**
 * `npm run lint:wgsl`: compiles every WGSL program the app builds with Chromium's own WGSL compiler (Tint, on the
 * software WebGPU adapter, so no GPU is needed) and fails on any error or warning, with the line in the .wgsl file
 * it comes from. The programs are the real ones: pre-processing, and post-processing generated for each built-in
 * model's output layout (constants, the format's decoder, postprocess.wgsl), so a decoder, a constant or a struct
 * that does not fit is caught before any test runs. No WGSL linter is maintained for npm; the browser's compiler is
 * the reference anyway.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { openApp } from './lib/browser';

interface Diagnostic {
  program: string;
  type: string;
  line: number;
  column: number;
  message: string;
}

const root = resolve(import.meta.dirname, '..');
const gpuDir = resolve(root, 'src/gpu');
const sources = readdirSync(gpuDir)
  .filter((name) => name.endsWith('.wgsl'))
  .map((name) => ({ file: `src/gpu/${name}`, text: readFileSync(resolve(gpuDir, name), 'utf8') }));

const app = await openApp({ webgpu: true });
try {
  const result = await app.page.evaluate(async () => {
    const adapter = await navigator.gpu?.requestAdapter();
    if (!adapter) return { error: 'no WebGPU adapter (Chromium needs --enable-unsafe-webgpu)' };
    const device = await adapter.requestDevice({
      requiredFeatures: adapter.features.has('shader-f16') ? ['shader-f16'] : [],
    });
    // Vite serves the app's modules (and their `?raw` WGSL imports) to the page as the app gets them; typed as the
    // modules they are, since the type checker cannot follow the page's absolute URLs.
    const load = (path: string): Promise<unknown> => import(/* @vite-ignore */ path);
    const [post, pre, model, onnx, catalogModule, backend, tensors] = (await Promise.all([
      load('/src/gpu/postprocess-pipeline.ts'),
      load('/src/gpu/preprocess-pipeline.ts'),
      load('/src/detection/model.ts'),
      load('/src/detection/onnx-metadata.ts'),
      load('/src/app/model-catalog.ts'),
      load('/src/engine/backend.ts'),
      load('/src/engine/tensors.ts'),
    ])) as [
      typeof import('../src/gpu/postprocess-pipeline'),
      typeof import('../src/gpu/preprocess-pipeline'),
      typeof import('../src/detection/model'),
      typeof import('../src/detection/onnx-metadata'),
      typeof import('../src/app/model-catalog'),
      typeof import('../src/engine/backend'),
      typeof import('../src/engine/tensors'),
    ];
    const programs: { name: string; code: string }[] = [
      { name: 'preprocess (f32 input)', code: pre.preprocessShaderCode(false) },
    ];
    if (device.features.has('shader-f16'))
      programs.push({ name: 'preprocess (f16 input)', code: pre.preprocessShaderCode(true) });
    const skipped: string[] = [];
    if (!device.features.has('shader-f16')) skipped.push('preprocess (f16 input): this adapter has no shader-f16');
    const catalog = await catalogModule.fetchCatalog('/');
    for (const entry of catalog.models) {
      const response = await fetch(`/models/${entry.file}`);
      if (!response.ok) {
        skipped.push(`${entry.id}: not installed (npm run setup)`);
        continue;
      }
      const bytes = new Uint8Array(await response.arrayBuffer());
      const info = onnx.readOnnxModelInfo(bytes);
      // A file that leaves output sizes symbolic (DETR exports) is described after a blank run, as the app does.
      let description;
      if (model.needsTrialRun(info)) {
        const { session } = await backend.createWasmSession(bytes, 'check-wgsl');
        description = await tensors.describeWithSession(info, session);
        await session.release();
      } else {
        description = model.describeModel(info);
      }
      const { outputLayout } = description;
      if (!post.gpuDecodable(outputLayout)) {
        skipped.push(`${entry.id}: the ${outputLayout.format} format is post-processed on the CPU`);
        continue;
      }
      programs.push({
        name: `postprocess for ${entry.id} (${outputLayout.format})`,
        code: post.postprocessShaderCode(outputLayout),
      });
    }
    const diagnostics: { program: string; type: string; line: number; column: number; message: string }[] = [];
    for (const { name, code } of programs) {
      device.pushErrorScope('validation');
      const module = device.createShaderModule({ code, label: name });
      const messages = (await module.getCompilationInfo()).messages;
      for (const m of messages) {
        diagnostics.push({ program: name, type: m.type, line: m.lineNum, column: m.linePos, message: m.message });
      }
      const moduleError = await device.popErrorScope();
      if (moduleError || messages.some((m) => m.type === 'error')) {
        // The compiler's message names the line (":24:32 error: ..."); the pipelines would only repeat it.
        if (!messages.length && moduleError) {
          const [, line = '0', column = '0'] = /:(\d+):(\d+) error/.exec(moduleError.message) ?? [];
          const text = /error: ([^\n]*)/.exec(moduleError.message)?.[1] ?? moduleError.message;
          diagnostics.push({ program: name, type: 'error', line: Number(line), column: Number(column), message: text });
        }
        continue;
      }
      // Every entry point must also make a pipeline: that checks what compiling alone does not (layouts, limits).
      for (const [, entryPoint] of code.matchAll(/@compute[^f]*fn\s+(\w+)/g)) {
        device.pushErrorScope('validation');
        await device
          .createComputePipelineAsync({ layout: 'auto', compute: { module, entryPoint } })
          .catch((e: Error) => {
            diagnostics.push({
              program: name,
              type: 'error',
              line: 0,
              column: 0,
              message: `entry point ${entryPoint}: ${e.message}`,
            });
          });
        const error = await device.popErrorScope();
        if (error)
          diagnostics.push({
            program: name,
            type: 'error',
            line: 0,
            column: 0,
            message: `entry point ${entryPoint}: ${error.message}`,
          });
      }
    }
    device.destroy();
    return { checked: programs.map((p) => ({ name: p.name, code: p.code })), skipped, diagnostics };
  });

  if ('error' in result) throw new Error(`check-wgsl: ${result.error}`);
  const problems = result.diagnostics.map((d) =>
    describe(d, result.checked.find((p) => p.name === d.program)?.code ?? ''),
  );
  for (const note of result.skipped) console.log(`check-wgsl: skipped ${note}`);
  for (const problem of problems) console.error(problem);
  console.log(`check-wgsl: ${result.checked.length} programs, ${problems.length} problems`);
  process.exitCode = problems.length ? 1 : 0;
} finally {
  await app.close();
}

/** "src/gpu/postprocess.wgsl:120:5 error: ..." where the line lies in a source file, else the generated line. */
function describe(d: Diagnostic, code: string): string {
  const generatedLine = code.split('\n')[d.line - 1] ?? '';
  const origin = d.line > 0 ? locate(code, d.line) : null;
  const where = origin
    ? `${origin.file}:${origin.line}:${d.column}`
    : `${d.program}${d.line ? ` (generated line ${d.line})` : ''}`;
  return `${where} ${d.type}: ${d.message}${origin || !generatedLine ? '' : `\n    ${generatedLine.trim()}`}  [${d.program}]`;
}

/** Which .wgsl file, and which of its lines, a line of a generated program comes from. */
function locate(code: string, line: number): { file: string; line: number } | null {
  const offset =
    code
      .split('\n')
      .slice(0, line - 1)
      .join('\n').length + (line > 1 ? 1 : 0);
  for (const source of sources) {
    const start = code.indexOf(source.text);
    if (start >= 0 && offset >= start && offset < start + source.text.length) {
      return { file: source.file, line: code.slice(start, offset).split('\n').length };
    }
  }
  return null;
}
