/**
 * Sizes and member offsets of WGSL structs, computed from the shader source by WGSL's memory layout rules
 * (alignment and size of each type), so that the TypeScript that sizes and fills a buffer takes them from the
 * struct the shader declares instead of keeping copies of the numbers.
 *
 * Covers what host-shareable structs in our shaders use: f32, i32, u32, f16, vecN<T> (and vec4f-style
 * shorthands), atomic<T>, array<T, N> with N a literal or a name given in `constants`, a runtime-sized
 * array<T> as the last member, and other structs of the same source. Anything else is an error, not a guess.
 */

export interface StructLayout {
  /** The struct's size in bytes (with a runtime-sized array last: the fixed part, without the array). */
  size: number;
  align: number;
  /** Byte offset of each member, by name. */
  offsets: Record<string, number>;
}

interface TypeLayout {
  size: number;
  align: number;
}

const SCALARS: Record<string, TypeLayout> = {
  f32: { size: 4, align: 4 },
  i32: { size: 4, align: 4 },
  u32: { size: 4, align: 4 },
  f16: { size: 2, align: 2 },
};

const SHORTHAND_SCALAR: Record<string, string> = { f: 'f32', i: 'i32', u: 'u32', h: 'f16' };

const roundUp = (align: number, n: number) => Math.ceil(n / align) * align;

/** The source without comments (line and block comments). */
function stripComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/[^\n]*/g, '');
}

/** Splits `a, b<c, d>, e` at the commas outside angle brackets. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '<') depth++;
    else if (ch === '>') depth--;
    else if (ch === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((p) => p.trim()).filter(Boolean);
}

class WgslLayout {
  private readonly source: string;
  private readonly structs = new Map<string, StructLayout & { runtimeSized: boolean }>();

  constructor(
    source: string,
    private readonly constants: Record<string, number>,
  ) {
    this.source = stripComments(source);
  }

  struct(name: string): StructLayout & { runtimeSized: boolean } {
    const known = this.structs.get(name);
    if (known) return known;
    const match = new RegExp(`\\bstruct\\s+${name}\\s*\\{([^}]*)\\}`).exec(this.source);
    if (!match) throw new Error(`WGSL layout: no struct ${name} in the shader`);
    const members = splitTopLevel(match[1]);
    const offsets: Record<string, number> = {};
    let end = 0;
    let align = 1;
    let runtimeSized = false;
    members.forEach((member, i) => {
      const m = /^(\w+)\s*:\s*(.+)$/s.exec(member);
      if (!m)
        throw new Error(`WGSL layout: cannot read member "${member}" of struct ${name} (attributes are not supported)`);
      const [, memberName, typeText] = m;
      const runtime = /^array\s*<[^,]+>$/.test(typeText.replace(/\s+/g, ''));
      if (runtime && i !== members.length - 1)
        throw new Error(`WGSL layout: ${name}.${memberName}: a runtime-sized array must come last`);
      const type = this.type(typeText.trim(), `${name}.${memberName}`);
      const offset = roundUp(type.align, end);
      offsets[memberName] = offset;
      end = offset + (runtime ? 0 : type.size);
      align = Math.max(align, type.align);
      runtimeSized ||= runtime;
    });
    const layout = { size: roundUp(align, end), align, offsets, runtimeSized };
    this.structs.set(name, layout);
    return layout;
  }

  private type(text: string, where: string): TypeLayout {
    const compact = text.replace(/\s+/g, '');
    if (SCALARS[compact]) return SCALARS[compact];
    const vector = /^vec([234])(?:<(\w+)>|([fiuh]))$/.exec(compact);
    if (vector) {
      const n = Number(vector[1]);
      const scalar = SCALARS[vector[2] ?? SHORTHAND_SCALAR[vector[3]]];
      if (!scalar) throw new Error(`WGSL layout: ${where}: unsupported vector element in ${text}`);
      return { size: n * scalar.size, align: (n === 2 ? 2 : 4) * scalar.size };
    }
    const atomic = /^atomic<(u32|i32)>$/.exec(compact);
    if (atomic) return SCALARS[atomic[1]];
    const array = /^array<(.+)>$/.exec(compact);
    if (array) {
      const [elementText, countText] = splitTopLevel(array[1]);
      const element = this.type(elementText, where);
      const stride = roundUp(element.align, element.size);
      if (countText === undefined) return { size: stride, align: element.align }; // runtime-sized
      const count = this.count(countText, where);
      return { size: count * stride, align: element.align };
    }
    if (/^\w+$/.test(compact)) {
      const struct = this.struct(compact);
      if (struct.runtimeSized)
        throw new Error(`WGSL layout: ${where}: struct ${compact} ends in a runtime-sized array`);
      return struct;
    }
    throw new Error(`WGSL layout: ${where}: unsupported type ${text}`);
  }

  private count(text: string, where: string): number {
    const literal = /^(\d+)u?$/.exec(text);
    const value = literal ? Number(literal[1]) : this.constants[text];
    if (!(Number.isInteger(value) && value > 0))
      throw new Error(
        `WGSL layout: ${where}: array count ${text} is not a positive integer literal or a given constant`,
      );
    return value;
  }
}

/** The layout of struct `name` declared in `source`; array counts that are names are looked up in `constants`. */
export function structLayout(source: string, name: string, constants: Record<string, number> = {}): StructLayout {
  const { size, align, offsets } = new WgslLayout(source, constants).struct(name);
  return { size, align, offsets };
}
