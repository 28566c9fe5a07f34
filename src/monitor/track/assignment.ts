/**
 * Optimal linear assignment (rectangular), by shortest augmenting paths with dual potentials
 * (the Hungarian method in its Jonker-Volgenant form, O(n²·m) for n ≤ m).
 *
 * Cost matrices are flat, row-major: cost[r * cols + c]. Scratch space is kept between calls and
 * only grows, so a tracker calling this every frame does not allocate beyond the result.
 */

let u = new Float64Array(0);
let v = new Float64Array(0);
let minToColumn = new Float64Array(0);
let rowOfColumn = new Int32Array(0);
let previousColumn = new Int32Array(0);
let visited = new Uint8Array(0);
let transposed = new Float64Array(0);

function reserve(rows: number, cols: number): void {
  if (u.length < rows + 1) u = new Float64Array(2 * (rows + 1));
  if (v.length < cols + 1) {
    const size = 2 * (cols + 1);
    v = new Float64Array(size);
    minToColumn = new Float64Array(size);
    rowOfColumn = new Int32Array(size);
    previousColumn = new Int32Array(size);
    visited = new Uint8Array(size);
  }
}

/** Rows ≤ columns: every row gets a column. Indices inside are 1-based, column 0 is the virtual start. */
function solveWide(cost: ArrayLike<number>, rows: number, cols: number, rowToCol: Int32Array): void {
  reserve(rows, cols);
  u.fill(0, 0, rows + 1);
  v.fill(0, 0, cols + 1);
  rowOfColumn.fill(0, 0, cols + 1);
  for (let row = 1; row <= rows; row++) {
    rowOfColumn[0] = row;
    let column = 0;
    minToColumn.fill(Infinity, 0, cols + 1);
    visited.fill(0, 0, cols + 1);
    // Grow a shortest-path tree from `row` until it reaches a free column.
    do {
      visited[column] = 1;
      const r = rowOfColumn[column];
      let delta = Infinity;
      let next = -1;
      for (let c = 1; c <= cols; c++) {
        if (visited[c]) continue;
        const reduced = cost[(r - 1) * cols + (c - 1)] - u[r] - v[c];
        if (reduced < minToColumn[c]) {
          minToColumn[c] = reduced;
          previousColumn[c] = column;
        }
        if (minToColumn[c] < delta) {
          delta = minToColumn[c];
          next = c;
        }
      }
      for (let c = 0; c <= cols; c++) {
        if (visited[c]) {
          u[rowOfColumn[c]] += delta;
          v[c] -= delta;
        } else {
          minToColumn[c] -= delta;
        }
      }
      column = next;
    } while (rowOfColumn[column] !== 0);
    // Flip the path: each column on it takes the row of the column before it.
    do {
      const before = previousColumn[column];
      rowOfColumn[column] = rowOfColumn[before];
      column = before;
    } while (column !== 0);
  }
  rowToCol.fill(-1);
  for (let c = 1; c <= cols; c++) if (rowOfColumn[c] !== 0) rowToCol[rowOfColumn[c] - 1] = c - 1;
}

/**
 * Minimum-total-cost assignment that pairs min(rows, cols) rows with distinct columns.
 * Costs must be finite (map "forbidden" to a large value first). Returns, per row, its column or −1.
 */
export function solveLinearSum(cost: ArrayLike<number>, rows: number, cols: number): Int32Array {
  const rowToCol = new Int32Array(rows).fill(-1);
  if (rows === 0 || cols === 0) return rowToCol;
  for (let i = 0; i < rows * cols; i++) {
    if (!Number.isFinite(cost[i])) throw new Error(`solveLinearSum: cost[${i}] is ${cost[i]}; costs must be finite`);
  }
  if (rows <= cols) {
    solveWide(cost, rows, cols, rowToCol);
    return rowToCol;
  }
  if (transposed.length < rows * cols) transposed = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) transposed[c * rows + r] = cost[r * cols + c];
  const colToRow = new Int32Array(cols);
  solveWide(transposed, cols, rows, colToRow);
  for (let c = 0; c < cols; c++) if (colToRow[c] >= 0) rowToCol[colToRow[c]] = c;
  return rowToCol;
}

export interface Assignment {
  /** [row, column] pairs, by row. */
  matches: Array<[number, number]>;
  unmatchedRows: number[];
  unmatchedCols: number[];
}

let limited = new Float64Array(0);

/**
 * Optimal assignment under a cost limit, as `lap.lapjv(cost, extend_cost=True, cost_limit=limit)`
 * (ByteTrack's `linear_assignment`). lapjv pads the matrix so that leaving a row and a column
 * unmatched costs `limit` in all; that is the same as minimising Σ (cost − limit) over matched pairs,
 * so only pairs under the limit are worth matching. We solve it directly on min(cost, limit) − limit:
 * pairs at or over the limit (and non-finite costs) cost 0, as much as leaving both unmatched, and are
 * dropped from the result.
 */
export function linearAssignment(cost: ArrayLike<number>, rows: number, cols: number, limit: number): Assignment {
  const size = rows * cols;
  if (limited.length < size) limited = new Float64Array(Math.max(size, 2 * limited.length));
  for (let i = 0; i < size; i++) {
    const c = cost[i];
    limited[i] = c < limit ? c - limit : 0; // NaN and ±Infinity over the limit fall to 0 too
  }
  const rowToCol = solveLinearSum(limited.subarray(0, size), rows, cols);
  const matches: Array<[number, number]> = [];
  const columnTaken = new Uint8Array(cols);
  const unmatchedRows: number[] = [];
  for (let r = 0; r < rows; r++) {
    const c = rowToCol[r];
    if (c >= 0 && cost[r * cols + c] < limit) {
      matches.push([r, c]);
      columnTaken[c] = 1;
    } else {
      unmatchedRows.push(r);
    }
  }
  const unmatchedCols: number[] = [];
  for (let c = 0; c < cols; c++) if (!columnTaken[c]) unmatchedCols.push(c);
  return { matches, unmatchedRows, unmatchedCols };
}
