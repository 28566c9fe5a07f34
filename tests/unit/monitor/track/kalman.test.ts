import { describe, expect, it } from 'vitest';
import {
  boxToXyah,
  createKalmanState,
  initiate,
  predict,
  project,
  stateToBox,
  update,
} from '../../../../src/monitor/track/kalman';

const at = (covariance: Float64Array, i: number, j: number) => covariance[i * 8 + j];

describe('Kalman filter (ByteTrack / DeepSORT constant velocity)', () => {
  it('converts boxes to (cx, cy, w/h, h) and back', () => {
    const xyah = boxToXyah([10, 20, 30, 60]);
    expect([...xyah]).toEqual([20, 40, 0.5, 40]);
    expect(stateToBox([20, 40, 0.5, 40, 1, 1, 0, 0])).toEqual([10, 20, 30, 60]);
  });

  // By hand, for a box of height 40 (h = 40):
  //   initiate: position std 2·h/20 = 4 (var 16), velocity std 10·h/160 = 2.5 (var 6.25),
  //             aspect std 1e-2 (var 1e-4), aspect velocity std 1e-5 (var 1e-10).
  //   predict:  F P Fᵀ adds P[v][v] to P[x][x] and puts P[v][v] in P[x][v]; Q adds (h/20)² = 4 to
  //             positions and (h/160)² = 0.0625 to velocities:
  //             P[x][x] = 16 + 6.25 + 4 = 26.25, P[x][vx] = 6.25, P[vx][vx] = 6.3125.
  //   update:   R = (h/20)² = 4, S = 30.25; the dimensions are independent, so for x:
  //             K = (26.25, 6.25) / 30.25; with z − x = 10: x = 100 + 262.5/30.25, vx = 62.5/30.25;
  //             P[x][x] = 26.25 − 26.25²/30.25 = 105/30.25, P[x][vx] = 6.25·4/30.25,
  //             P[vx][vx] = 6.3125 − 6.25²/30.25.
  it('matches hand-computed initiate, predict and update', () => {
    const state = createKalmanState();
    initiate(state, [100, 200, 0.5, 40]);
    expect([...state.mean]).toEqual([100, 200, 0.5, 40, 0, 0, 0, 0]);
    expect(at(state.covariance, 0, 0)).toBeCloseTo(16, 12);
    expect(at(state.covariance, 3, 3)).toBeCloseTo(16, 12);
    expect(at(state.covariance, 2, 2)).toBeCloseTo(1e-4, 16);
    expect(at(state.covariance, 4, 4)).toBeCloseTo(6.25, 12);
    expect(at(state.covariance, 6, 6)).toBeCloseTo(1e-10, 20);
    expect(at(state.covariance, 0, 4)).toBe(0);

    predict(state);
    expect([...state.mean]).toEqual([100, 200, 0.5, 40, 0, 0, 0, 0]);
    expect(at(state.covariance, 0, 0)).toBeCloseTo(26.25, 12);
    expect(at(state.covariance, 0, 4)).toBeCloseTo(6.25, 12);
    expect(at(state.covariance, 4, 0)).toBeCloseTo(6.25, 12);
    expect(at(state.covariance, 4, 4)).toBeCloseTo(6.3125, 12);
    expect(at(state.covariance, 2, 2)).toBeCloseTo(2e-4 + 1e-10, 16);

    const s = new Float64Array(16);
    project(state, new Float64Array(4), s);
    expect(s[0]).toBeCloseTo(30.25, 12);
    expect(s[10]).toBeCloseTo(2e-4 + 1e-10 + 1e-2, 14); // the aspect's measurement std is 0.1

    update(state, [110, 200, 0.5, 40]);
    expect(state.mean[0]).toBeCloseTo(100 + 262.5 / 30.25, 10);
    expect(state.mean[4]).toBeCloseTo(62.5 / 30.25, 10);
    expect(state.mean[1]).toBeCloseTo(200, 12);
    expect(state.mean[5]).toBeCloseTo(0, 12);
    expect(state.mean[3]).toBeCloseTo(40, 12);
    expect(at(state.covariance, 0, 0)).toBeCloseTo(105 / 30.25, 10);
    expect(at(state.covariance, 0, 4)).toBeCloseTo(25 / 30.25, 10);
    expect(at(state.covariance, 4, 4)).toBeCloseTo(6.3125 - 39.0625 / 30.25, 10);
  });

  it('moves dt frame steps and scales the process noise by dt', () => {
    const state = createKalmanState();
    initiate(state, [100, 200, 0.5, 40]);
    state.mean[4] = 3; // vx
    predict(state, 2.5);
    expect(state.mean[0]).toBeCloseTo(107.5, 12);
    // P[x][x] = 16 + dt²·6.25 + dt·4; P[x][vx] = dt·6.25; P[vx][vx] = 6.25 + dt·0.0625
    expect(at(state.covariance, 0, 0)).toBeCloseTo(16 + 6.25 * 6.25 + 2.5 * 4, 10);
    expect(at(state.covariance, 0, 4)).toBeCloseTo(2.5 * 6.25, 10);
    expect(at(state.covariance, 4, 4)).toBeCloseTo(6.25 + 2.5 * 0.0625, 10);
  });

  it('agrees with a plain dense-matrix Kalman filter on a correlated state', () => {
    const state = createKalmanState();
    initiate(state, [320, 240, 0.41, 120]);
    const reference = { x: [...state.mean], p: toRows(state.covariance) };
    const measurements = [
      [324, 238, 0.43, 118],
      [329, 241, 0.4, 121],
      [333, 239, 0.42, 124],
      [340, 236, 0.44, 122],
    ];
    for (const [k, z] of measurements.entries()) {
      const dt = k === 2 ? 2 : 1;
      predict(state, dt);
      denseStep(reference, z, dt);
      update(state, z);
      expect(maxDifference(state.mean, reference.x)).toBeLessThan(1e-9);
      expect(maxDifference(state.covariance, reference.p.flat())).toBeLessThan(1e-9);
    }
    expect(state.mean[4]).toBeGreaterThan(2); // it has learnt the rightward motion
  });
});

// ---- an independent, textbook implementation with generic dense matrices ----
type Matrix = number[][];
const zeros = (r: number, c: number): Matrix => Array.from({ length: r }, () => new Array<number>(c).fill(0));
const identity = (n: number): Matrix => zeros(n, n).map((row, i) => row.map((_, j) => (i === j ? 1 : 0)));
const transpose = (a: Matrix): Matrix => a[0].map((_, j) => a.map((row) => row[j]));
const multiply = (a: Matrix, b: Matrix): Matrix =>
  a.map((row) => b[0].map((_, j) => row.reduce((sum, v, k) => sum + v * b[k][j], 0)));
const add = (a: Matrix, b: Matrix, sign = 1): Matrix => a.map((row, i) => row.map((v, j) => v + sign * b[i][j]));
const diagonal = (values: number[]): Matrix => values.map((v, i) => values.map((_, j) => (i === j ? v : 0)));
function inverse(a: Matrix): Matrix {
  const n = a.length;
  const m = a.map((row, i) => [...row, ...identity(n)[i]]);
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r][c]) > Math.abs(m[pivot][c])) pivot = r;
    [m[c], m[pivot]] = [m[pivot], m[c]];
    const scale = m[c][c];
    m[c] = m[c].map((v) => v / scale);
    for (let r = 0; r < n; r++) if (r !== c) m[r] = m[r].map((v, j) => v - m[r][c] * m[c][j]);
  }
  return m.map((row) => row.slice(n));
}
function toRows(flat: Float64Array): Matrix {
  return Array.from({ length: 8 }, (_, i) => [...flat.slice(i * 8, i * 8 + 8)]);
}
function denseStep(s: { x: number[]; p: Matrix }, z: number[], dt: number) {
  const f = identity(8);
  for (let i = 0; i < 4; i++) f[i][i + 4] = dt;
  const h = s.x[3];
  const q = diagonal([h / 20, h / 20, 1e-2, h / 20, h / 160, h / 160, 1e-5, h / 160].map((std) => std * std * dt));
  s.x = multiply(
    f,
    s.x.map((v) => [v]),
  ).map((row) => row[0]);
  s.p = add(multiply(multiply(f, s.p), transpose(f)), q);
  const hm = identity(8).slice(0, 4);
  const hp = s.x[3];
  const r = diagonal([hp / 20, hp / 20, 1e-1, hp / 20].map((std) => std * std));
  const sm = add(multiply(multiply(hm, s.p), transpose(hm)), r);
  const k = multiply(multiply(s.p, transpose(hm)), inverse(sm));
  const y = z.map((v, i) => [v - s.x[i]]);
  s.x = add(
    s.x.map((v) => [v]),
    multiply(k, y),
  ).map((row) => row[0]);
  s.p = add(s.p, multiply(multiply(k, sm), transpose(k)), -1);
}
function maxDifference(a: ArrayLike<number>, b: number[]): number {
  let max = 0;
  for (let i = 0; i < b.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]) / Math.max(1, Math.abs(b[i])));
  return max;
}
