/** `--name value` and `--flag` command-line options. */
export function parseArgs(argv: string[]): Map<string, string> {
  const options = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) throw new Error(`Unexpected argument "${arg}"`);
    const next = argv[i + 1];
    if (next === undefined || next.startsWith('--')) options.set(arg.slice(2), 'true');
    else options.set(arg.slice(2), argv[++i]);
  }
  return options;
}

export function required(options: Map<string, string>, name: string, usage: string): string {
  const value = options.get(name);
  if (!value) {
    console.error(`Missing --${name}\n${usage}`);
    process.exit(2);
  }
  return value;
}
