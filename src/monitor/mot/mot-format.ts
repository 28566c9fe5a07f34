/**
 * MOTChallenge text files: one box per line, `frame,id,x,y,w,h,conf,...` (x, y = top-left, frames from 1).
 * - Detections and tracker results: `frame,id,x,y,w,h,conf,-1,-1,-1` (id −1 for detections).
 * - MOT15 ground truth: `frame,id,x,y,w,h,conf,wx,wy,wz` (world coordinates, no class).
 * - MOT16/17/20 ground truth: `frame,id,x,y,w,h,conf,class,visibility` (exactly 9 values); conf is the
 *   "consider" flag (0 = not scored).
 */

export interface MotRow {
  frame: number;
  id: number;
  x: number;
  y: number;
  w: number;
  h: number;
  /** Detection score, or the ground truth's "consider" flag. */
  conf: number;
  /** Only for 9-value ground-truth rows (MOT16 and later). */
  classId?: number;
  visibility?: number;
}

/** Parses MOTChallenge text; blank lines are skipped, malformed ones throw with their line number. */
export function parseMot(text: string): MotRow[] {
  const rows: MotRow[] = [];
  const lines = text.split(/\r?\n/);
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n].trim();
    if (line === '') continue;
    const values = line.split(/[,\s]+/).map(Number);
    if (values.length < 6 || values.slice(0, 6).some((value) => !Number.isFinite(value))) {
      throw new Error(`MOT line ${n + 1}: expected frame,id,x,y,w,h,...; got "${line}"`);
    }
    const [frame, id, x, y, w, h] = values;
    const row: MotRow = { frame, id, x, y, w, h, conf: values.length > 6 ? values[6] : 1 };
    if (values.length === 9) {
      row.classId = values[7];
      row.visibility = values[8];
    }
    rows.push(row);
  }
  return rows;
}

function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Math.round(value * 100) / 100);
}

/** Writes tracker results as `frame,id,x,y,w,h,conf,-1,-1,-1`, coordinates to 2 decimals. */
export function formatMot(rows: readonly MotRow[]): string {
  return rows
    .map((r) =>
      [
        r.frame,
        r.id,
        formatNumber(r.x),
        formatNumber(r.y),
        formatNumber(r.w),
        formatNumber(r.h),
        formatNumber(r.conf),
        -1,
        -1,
        -1,
      ].join(','),
    )
    .join('\n')
    .concat(rows.length > 0 ? '\n' : '');
}

/** Rows by frame, frames ascending, rows in file order. */
export function groupByFrame(rows: readonly MotRow[]): Map<number, MotRow[]> {
  const frames = new Map<number, MotRow[]>();
  for (const row of [...rows].sort((a, b) => a.frame - b.frame)) {
    let list = frames.get(row.frame);
    if (!list) frames.set(row.frame, (list = []));
    list.push(row);
  }
  return frames;
}

/** The `frameRate` of a MOTChallenge `seqinfo.ini`, or undefined. */
export function parseSeqinfoFrameRate(text: string): number | undefined {
  const match = /^\s*frameRate\s*=\s*([0-9.]+)\s*$/im.exec(text);
  const rate = match ? Number(match[1]) : NaN;
  return rate > 0 ? rate : undefined;
}
