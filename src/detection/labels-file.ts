/**
 * A labels file a user picks with their own model, for files that carry no class names: one name per line (line i
 * names class i), a JSON array of names, or a JSON object {"0": "person", ...} (ids not named become `class N`).
 * Pure: the page reads the file's text and passes the names with the model request.
 */

/** Beyond this many classes a file is more likely something else than a labels file. */
const MAX_LABELS = 100_000;

export class LabelsFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LabelsFileError';
  }
}

/** Class names by class id; throws a LabelsFileError that says what is wrong and where. */
export function parseLabelsFile(text: string): string[] {
  const body = text.replace(/^\uFEFF/, '');
  const trimmed = body.trim();
  if (!trimmed) throw new LabelsFileError('The labels file is empty: expected one class name per line, or JSON.');
  const names = trimmed.startsWith('[') || trimmed.startsWith('{') ? fromJson(trimmed) : fromLines(body);
  if (names.length > MAX_LABELS)
    throw new LabelsFileError(`The labels file names ${names.length} classes; at most ${MAX_LABELS} are supported.`);
  return names;
}

function fromLines(body: string): string[] {
  const lines = body.split(/\r\n|\n|\r/).map((line) => line.trim());
  while (lines.length && !lines[lines.length - 1]) lines.pop();
  const blank = lines.findIndex((line) => !line);
  // A blank line inside the list would shift every later id by one: say so rather than guess.
  if (blank >= 0)
    throw new LabelsFileError(
      `Line ${blank + 1} of the labels file is empty: every line names one class, in id order.`,
    );
  return lines;
}

function fromJson(text: string): string[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new LabelsFileError(`The labels file looks like JSON but is not valid JSON (${(error as Error).message}).`);
  }
  if (Array.isArray(value)) {
    const bad = value.findIndex((v) => typeof v !== 'string' || !v.trim());
    if (bad >= 0)
      throw new LabelsFileError(`Entry ${bad} of the labels array is not a class name: ${JSON.stringify(value[bad])}.`);
    if (!value.length) throw new LabelsFileError('The labels array is empty.');
    return value.map((v: string) => v.trim());
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (!entries.length) throw new LabelsFileError('The labels object is empty.');
  const ids = new Map<number, string>();
  for (const [key, name] of entries) {
    const id = /^\s*\d+\s*$/.test(key) ? Number(key) : NaN;
    if (!(id < MAX_LABELS))
      throw new LabelsFileError(`Key "${key}" of the labels object is not a class id (0, 1, 2, ...).`);
    if (typeof name !== 'string' || !name.trim())
      throw new LabelsFileError(`Class ${key} of the labels object has no name: ${JSON.stringify(name)}.`);
    ids.set(id, name.trim());
  }
  const count = Math.max(...ids.keys()) + 1;
  return Array.from({ length: count }, (_, i) => ids.get(i) ?? `class ${i}`);
}
