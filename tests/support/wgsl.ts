/** Helpers of the shader unit tests (tests/unit/gpu/): WGSL read as text, no GPU. */

/** WGSL without its comments. */
export function withoutComments(code: string): string {
  return code.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/[^\n]*/g, '');
}

/** Upper-case names the code uses that nothing in it declares (`const NAME`, `alias NAME`). */
export function undeclaredNames(code: string): string[] {
  const source = withoutComments(code);
  const declared = new Set([...source.matchAll(/\b(?:const|alias)\s+([A-Z][A-Z0-9_]*)\b/g)].map((m) => m[1]));
  const used = new Set([...source.matchAll(/\b[A-Z][A-Z0-9_]+\b/g)].map((m) => m[0]));
  return [...used].filter((name) => !declared.has(name));
}
