import { describe, expect, it } from 'vitest';
import { linearAssignment, solveLinearSum } from '../../../../src/monitor/track/assignment';

/** The smallest total over every way to pair min(rows, cols) rows with distinct columns. */
function bruteForceMinimum(cost: number[][]): number {
  const rows = cost.length;
  const cols = cost[0].length;
  let best = Infinity;
  const used = new Array<boolean>(cols).fill(false);
  const visit = (r: number, total: number, skipsLeft: number) => {
    if (r === rows) {
      best = Math.min(best, total);
      return;
    }
    if (skipsLeft > 0) visit(r + 1, total, skipsLeft - 1); // this row stays unassigned
    for (let c = 0; c < cols; c++) {
      if (used[c]) continue;
      used[c] = true;
      visit(r + 1, total + cost[r][c], skipsLeft);
      used[c] = false;
    }
  };
  visit(0, 0, Math.max(0, rows - cols));
  return best;
}

function totalOf(cost: number[][], rowToCol: Int32Array): number {
  let total = 0;
  rowToCol.forEach((c, r) => {
    if (c >= 0) total += cost[r][c];
  });
  return total;
}

function checkIsAssignment(rowToCol: Int32Array, rows: number, cols: number) {
  const assigned = [...rowToCol].filter((c) => c >= 0);
  expect(assigned.length).toBe(Math.min(rows, cols));
  expect(new Set(assigned).size).toBe(assigned.length);
}

let seed = 12345;
const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;

describe('solveLinearSum (optimal rectangular assignment)', () => {
  it('solves a square problem', () => {
    const cost = [
      [4, 1, 3],
      [2, 0, 5],
      [3, 2, 2],
    ];
    const rowToCol = solveLinearSum(cost.flat(), 3, 3);
    expect([...rowToCol]).toEqual([1, 0, 2]); // 1 + 2 + 2 = 5
  });

  it('solves wide and tall problems', () => {
    const wide = [
      [5, 1, 9, 3],
      [2, 8, 1, 7],
    ];
    expect([...solveLinearSum(wide.flat(), 2, 4)]).toEqual([1, 2]);
    const tall = transpose(wide);
    expect([...solveLinearSum(tall.flat(), 4, 2)]).toEqual([-1, 0, 1, -1]);
  });

  it('finds the brute-force optimum on random matrices', () => {
    for (let trial = 0; trial < 300; trial++) {
      const rows = 1 + Math.floor(random() * 6);
      const cols = 1 + Math.floor(random() * 6);
      const cost = Array.from({ length: rows }, () =>
        Array.from({ length: cols }, () => Math.round(random() * 100) / 10),
      );
      const rowToCol = solveLinearSum(cost.flat(), rows, cols);
      checkIsAssignment(rowToCol, rows, cols);
      expect(totalOf(cost, rowToCol)).toBeCloseTo(bruteForceMinimum(cost), 9);
    }
  });

  it('handles empty problems and rejects non-finite costs', () => {
    expect([...solveLinearSum([], 0, 3)]).toEqual([]);
    expect([...solveLinearSum([], 2, 0)]).toEqual([-1, -1]);
    expect(() => solveLinearSum([1, Infinity], 1, 2)).toThrow(/finite/);
  });
});

describe('linearAssignment (lapjv with extend_cost and cost_limit, as ByteTrack)', () => {
  it('never matches a pair over the limit, nor one exactly at it', () => {
    const result = linearAssignment([0.1, 0.9, 0.9, 0.95], 2, 2, 0.8);
    expect(result.matches).toEqual([[0, 0]]);
    expect(result.unmatchedRows).toEqual([1]);
    expect(result.unmatchedCols).toEqual([1]);
    expect(linearAssignment([0.8], 1, 1, 0.8).matches).toEqual([]);
    expect(linearAssignment([0.79999], 1, 1, 0.8).matches).toEqual([[0, 0]]);
  });

  it('treats Infinity and NaN as never matching', () => {
    const result = linearAssignment([Infinity, 0.3, NaN, Infinity], 2, 2, 0.8);
    expect(result.matches).toEqual([[0, 1]]);
    expect(result.unmatchedRows).toEqual([1]);
    expect(result.unmatchedCols).toEqual([0]);
  });

  it('is optimal where greedy is not', () => {
    // Greedy takes the cheapest pair (0,0) = 0.1 and is left with (1,1) = 0.7: total 0.8.
    // Optimal: (0,1) + (1,0) = 0.2 + 0.15 = 0.35.
    expect(linearAssignment([0.1, 0.2, 0.15, 0.7], 2, 2, 0.8).matches).toEqual([
      [0, 1],
      [1, 0],
    ]);
    // Under a limit of 0.5 greedy matches one pair: (0,0), then (1,1) = 0.9 is over the limit.
    // Two pairs at 0.25 gain more: Σ (cost − limit) = −0.5 against −0.4.
    expect(linearAssignment([0.1, 0.25, 0.25, 0.9], 2, 2, 0.5).matches).toEqual([
      [0, 1],
      [1, 0],
    ]);
  });

  it('maximises Σ (limit − cost) over matched pairs, as lapjv on the extended matrix', () => {
    for (let trial = 0; trial < 300; trial++) {
      const rows = Math.floor(random() * 6);
      const cols = Math.floor(random() * 6);
      const limit = 0.3 + random() * 0.6;
      const cost = Array.from({ length: rows }, () =>
        Array.from({ length: cols }, () => (random() < 0.15 ? Infinity : random())),
      );
      const { matches, unmatchedRows, unmatchedCols } = linearAssignment(cost.flat(), rows, cols, limit);
      expect(matches.length + unmatchedRows.length).toBe(rows);
      expect(matches.length + unmatchedCols.length).toBe(cols);
      for (const [r, c] of matches) expect(cost[r][c]).toBeLessThan(limit);
      const gain = matches.reduce((sum, [r, c]) => sum + cost[r][c] - limit, 0);
      // Brute force on the gains min(cost − limit, 0), padded with zero columns so any row may stay out.
      const gains = cost.map((row) => [...row.map((c) => Math.min(c - limit, 0)), ...new Array<number>(rows).fill(0)]);
      const best = rows === 0 ? 0 : bruteForceMinimum(gains);
      expect(gain).toBeCloseTo(best, 9);
    }
  });
});

function transpose(a: number[][]): number[][] {
  return a[0].map((_, j) => a.map((row) => row[j]));
}
