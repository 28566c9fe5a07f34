/**
 * The import rules of ARCHITECTURE.md ("Folders"), checked on every source file, and the guide's own paths.
 * Every import counts: `import`, `import type`, `export … from`, dynamic `import()` and `import('…').Type`.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');

/** One import as written and where it leads: a repo path (`src/engine/types.ts`) or a package name (`lit`). */
interface Import {
  specifier: string;
  /** Repo-relative path of a relative import (with its file extension when the file exists), else null. */
  path: string | null;
  /** The package of a bare import (`lit/directives/repeat.js` → `lit`), else null. */
  pkg: string | null;
}

interface Rule {
  /** What the guide says, and what a violation message quotes. */
  text: string;
  /** Files the rule is about (repo-relative path prefix). */
  files: (file: string) => boolean;
  /** Whether this import is allowed in such a file. */
  allows: (imp: Import, file: string) => boolean;
}

const under = (dir: string) => (path: string | null) => path !== null && (path === dir || path.startsWith(`${dir}/`));
const inSrc = under('src');
const inDetection = under('src/detection');
const inMonitor = under('src/monitor');
const inGpu = under('src/gpu');
const inEngine = under('src/engine');
/** The only engine files the UI may import: the worker's typed client and the types it passes. */
const ENGINE_FOR_UI = ['src/engine/detector-client.ts', 'src/engine/types.ts'];

const RULES: Rule[] = [
  {
    text: 'src/components/ never imports onnxruntime-web, src/gpu/, or src/engine/ other than detector-client.ts and types.ts',
    files: (f) => under('src/components')(f),
    allows: ({ path, pkg }) =>
      pkg !== 'onnxruntime-web' && !inGpu(path) && (!inEngine(path) || ENGINE_FOR_UI.includes(path!)),
  },
  {
    text: 'src/detection/ imports only src/detection/ (no packages)',
    files: (f) => inDetection(f),
    allows: ({ path }) => inDetection(path),
  },
  {
    text: 'src/monitor/ imports only src/monitor/ and src/detection/ (no packages: no lit, idb, onnxruntime-web)',
    files: (f) => inMonitor(f),
    allows: ({ path }) => inMonitor(path) || inDetection(path),
  },
  {
    text: 'src/gpu/ imports only src/gpu/ (its .wgsl files) and src/detection/ (no packages, never src/components/)',
    files: (f) => inGpu(f),
    allows: ({ path }) => inGpu(path) || inDetection(path),
  },
  {
    text: 'workers/ imports only src/engine/ and comlink',
    files: (f) => under('workers')(f),
    allows: ({ path, pkg }) => inEngine(path) || pkg === 'comlink',
  },
  {
    text: 'src/ imports nothing outside src/ (no tests/, scripts/, workers/)',
    files: (f) => inSrc(f),
    allows: ({ path, pkg }) => pkg !== null || inSrc(path),
  },
  {
    text: 'onnxruntime-web is imported in src/ only by src/engine/ and src/bench/ (the baseline)',
    files: (f) => inSrc(f),
    allows: ({ pkg }, file) => pkg !== 'onnxruntime-web' || inEngine(file) || under('src/bench')(file),
  },
  {
    text: 'lit is imported only by src/components/ (elements and controllers)',
    files: (f) => inSrc(f) || under('workers')(f),
    allows: ({ pkg }, file) => pkg !== 'lit' || under('src/components')(file),
  },
  {
    text: 'idb is imported only by src/storage/',
    files: (f) => inSrc(f) || under('workers')(f),
    allows: ({ pkg }, file) => pkg !== 'idb' || under('src/storage')(file),
  },
];

/** Every import of one source text, as it appears in `file` (repo-relative). */
function importsOf(file: string, text: string): Import[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const specifiers: string[] = [];
  const visit = (node: ts.Node): void => {
    if (
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      specifiers.push(node.moduleSpecifier.text);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [arg] = node.arguments;
      specifiers.push(arg && ts.isStringLiteralLike(arg) ? arg.text : '<computed import()>');
    } else if (
      ts.isImportTypeNode(node) &&
      ts.isLiteralTypeNode(node.argument) &&
      ts.isStringLiteral(node.argument.literal)
    ) {
      specifiers.push(node.argument.literal.text);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      const expr = node.moduleReference.expression;
      if (ts.isStringLiteral(expr)) specifiers.push(expr.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return specifiers.map((specifier) => resolveImport(file, specifier));
}

function resolveImport(file: string, specifier: string): Import {
  const bare = specifier.replace(/\?.*$/, ''); // Vite suffixes: ?raw, ?inline
  if (bare.startsWith('.') || bare.startsWith('/')) {
    const joined = bare.startsWith('/') ? posix.normalize(bare.slice(1)) : posix.join(posix.dirname(file), bare);
    const candidates = [joined, `${joined}.ts`, `${joined}/index.ts`, joined.replace(/\.js$/, '.ts')];
    const found = candidates.find((c) => existsSync(join(ROOT, c)) && statSync(join(ROOT, c)).isFile());
    return { specifier, path: found ?? joined, pkg: null };
  }
  if (specifier === '<computed import()>') return { specifier, path: null, pkg: specifier };
  const parts = bare.split('/');
  return { specifier, path: null, pkg: bare.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0] };
}

/** The rule breaches of some files: one message per import, naming the file, the import and the rule. */
function violations(files: Array<{ file: string; text: string }>): string[] {
  const found: string[] = [];
  for (const { file, text } of files) {
    const rules = RULES.filter((r) => r.files(file));
    if (!rules.length) continue;
    for (const imp of importsOf(file, text)) {
      for (const rule of rules) {
        if (!rule.allows(imp, file)) {
          const target = imp.path && imp.path !== imp.specifier ? ` (${imp.path})` : '';
          found.push(`${file} imports '${imp.specifier}'${target}: ${rule.text}`);
        }
      }
    }
  }
  return found;
}

/** Repo-relative paths of the files under `dir` (all of them, or those whose name matches `name`). */
function filesUnder(dir: string, name = /./): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    for (const entry of readdirSync(join(ROOT, rel), { withFileTypes: true })) {
      const path = posix.join(rel, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (name.test(entry.name)) out.push(path);
    }
  };
  if (existsSync(join(ROOT, dir))) walk(dir);
  return out;
}

const SOURCE = /^(?!.*\.d\.ts$).*\.(ts|mts|js|mjs)$/;

describe('import rules (ARCHITECTURE.md, "Folders")', () => {
  const files = [...filesUnder('src', SOURCE), ...filesUnder('workers', SOURCE)].map((file) => ({
    file,
    text: readFileSync(join(ROOT, file), 'utf8'),
  }));

  it('finds the source files and their imports', () => {
    expect(files.length).toBeGreaterThan(50);
    const engine = files.find((f) => f.file === 'src/engine/engine.ts');
    expect(engine && importsOf(engine.file, engine.text).some((i) => i.pkg === 'onnxruntime-web')).toBe(true);
  });

  it("every file keeps its folder's import rules", () => {
    expect(violations(files)).toEqual([]);
  });

  it('catches every kind of import, and names the file and the import', () => {
    const bad = [
      {
        file: 'src/components/bad.ts',
        text: [
          "import * as ort from 'onnxruntime-web';",
          "import type { GpuThing } from '../gpu/postprocess-pipeline';",
          "export { DetectorEngine } from '../engine/engine';",
          "const later = () => import('../engine/backend');",
          "type Lazy = import('../engine/cpu-pipeline').CpuPipeline;",
          "import { DetectorClient } from '../engine/detector-client';", // allowed
          "import type { FrameResult } from '../engine/types';", // allowed
        ].join('\n'),
      },
      {
        file: 'src/detection/bad.ts',
        text: "import type { MonitorEvent } from '../monitor/types';\nimport { html } from 'lit';",
      },
      {
        file: 'src/monitor/bad.ts',
        text: "import { openDB } from 'idb';\nimport type { Settings } from '../app/settings';",
      },
      { file: 'src/gpu/bad.ts', text: "import shader from './x.wgsl?raw';\nimport '../components/detector-app';" },
      { file: 'workers/bad.worker.ts', text: "import { Monitor } from '../src/monitor/monitor';" },
      {
        file: 'src/app/bad.ts',
        text: "import { stillVideo } from '../../scripts/lib/coco';\nimport { x } from '../../tests/browser/helpers';",
      },
      { file: 'src/capture/bad.ts', text: "import { LitElement } from 'lit';\nimport { openDB } from 'idb';" },
    ];
    const found = violations(bad);
    const expected: Array<[string, string]> = [
      ['src/components/bad.ts', 'onnxruntime-web'],
      ['src/components/bad.ts', '../gpu/postprocess-pipeline'],
      ['src/components/bad.ts', '../engine/engine'],
      ['src/components/bad.ts', '../engine/backend'],
      ['src/components/bad.ts', '../engine/cpu-pipeline'],
      ['src/detection/bad.ts', '../monitor/types'],
      ['src/detection/bad.ts', 'lit'],
      ['src/monitor/bad.ts', 'idb'],
      ['src/monitor/bad.ts', '../app/settings'],
      ['src/gpu/bad.ts', '../components/detector-app'],
      ['workers/bad.worker.ts', '../src/monitor/monitor'],
      ['src/app/bad.ts', '../../scripts/lib/coco'],
      ['src/app/bad.ts', '../../tests/browser/helpers'],
      ['src/capture/bad.ts', 'lit'],
      ['src/capture/bad.ts', 'idb'],
    ];
    // Each bad import is reported (some break two rules), each message names the file and the import,
    // and nothing allowed (detector-client, engine types, the shader) is reported.
    const reported = new Set(found.map((m) => /^(\S+) imports '([^']+)'/.exec(m)!.slice(1, 3).join(' → ')));
    expect([...reported].sort()).toEqual(expected.map(([file, specifier]) => `${file} → ${specifier}`).sort());
  });
});

describe('ARCHITECTURE.md', () => {
  const guide = readFileSync(join(ROOT, 'ARCHITECTURE.md'), 'utf8');
  /** Made by scripts or tests, git-ignored, or outside the repository: named in the guide but not checked. */
  const GENERATED = ['.cache/', 'public/ort/', 'dist/', 'test-results/', 'node_modules/', '../'];
  const FILE = /\.(ts|mts|mjs|js|json|md|html|wgsl|svg|webmanifest)$/;

  /** Path-like words in code: `src/gpu/nms.wgsl`, `tests/unit/`, and the commands of the fenced blocks. */
  function guidePaths(): string[] {
    const fenced = [...guide.matchAll(/```[^\n]*\n([\s\S]*?)```/g)].map((m) => m[1].replace(/#.*$/gm, ''));
    const inline = [...guide.replace(/```[\s\S]*?```/g, '').matchAll(/`([^`\n]+)`/g)].map((m) => m[1]);
    const words = [...fenced, ...inline].flatMap((code) => code.split(/[\s,()]+/));
    const paths = words
      .map((w) => w.replace(/^['"]|['":;.]+$/g, '').replace(/^\.\//, ''))
      .filter((w) => w && !/[<>{}$=]|^https?:|^-/.test(w))
      .filter((w) => /^[\w.@*-]+(\/[\w.@*-]*)+$/.test(w) || (FILE.test(w) && !w.includes('*')))
      .filter((w) => !GENERATED.some((g) => w.startsWith(g)));
    return [...new Set(paths)];
  }

  function allFiles(): string[] {
    return ['src', 'workers', 'tests', 'scripts', 'public', '.ci']
      .flatMap((dir) => filesUnder(dir))
      .concat(readdirSync(ROOT));
  }

  it('names only paths that exist', () => {
    const paths = guidePaths();
    expect(paths.length).toBeGreaterThan(30);
    const basenames = new Set(allFiles().map((f) => posix.basename(f)));
    const missing = paths.filter((p) => {
      if (p.includes('*')) {
        // A glob: its folder part must exist (`src/gpu/*.wgsl` → src/gpu, `src/components/**` → src/components).
        const folder = p.slice(0, p.indexOf('*')).replace(/\/[^/]*$/, '');
        return !existsSync(join(ROOT, folder));
      }
      if (p.includes('/')) return !existsSync(join(ROOT, p));
      return !basenames.has(p); // a bare file name (`engine.ts`) must exist somewhere in the repo
    });
    expect(missing, `ARCHITECTURE.md names paths that do not exist: ${missing.join(', ')}`).toEqual([]);
  });

  it('lists every npm script of package.json', () => {
    const scripts = Object.keys(
      (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts,
    );
    const missing = scripts.filter((name) => !guide.includes(`\`${name}\``));
    expect(missing, `ARCHITECTURE.md does not describe npm scripts: ${missing.join(', ')}`).toEqual([]);
    // …and describes no script that package.json lacks (the first column of the "npm scripts" table).
    const section = guide.slice(guide.indexOf('## 5. npm scripts'));
    const listed = [...section.matchAll(/^\| ([^|]+) \|/gm)].flatMap((m) =>
      [...m[1].matchAll(/`([^`]+)`/g)].map((n) => n[1]),
    );
    expect(listed.length).toBeGreaterThan(10);
    const stale = listed.filter((name) => !scripts.includes(name));
    expect(stale, `ARCHITECTURE.md describes npm scripts that package.json lacks: ${stale.join(', ')}`).toEqual([]);
  });
});
