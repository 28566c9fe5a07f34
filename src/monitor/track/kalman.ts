/**
 * Constant-velocity Kalman filter over a box, as ByteTrack's (and DeepSORT's) `KalmanFilter`.
 *
 * State (8): cx, cy, a = w/h, h, and their velocities, per frame step. Measurement (4): cx, cy, a, h.
 * Every noise standard deviation is proportional to the box height (1/20 for positions, 1/160 for
 * velocities) except the aspect's, which are fixed, exactly as the reference.
 *
 * The algebra is written out by hand on flat Float64Arrays (covariance row-major 8x8) and works in
 * place with module-level scratch space: nothing is allocated per call, since this runs every frame.
 */

const STD_WEIGHT_POSITION = 1 / 20;
const STD_WEIGHT_VELOCITY = 1 / 160;

/** A track's Gaussian: mean (8) and covariance (8x8, row-major). */
export interface KalmanState {
  readonly mean: Float64Array;
  readonly covariance: Float64Array;
}

export function createKalmanState(): KalmanState {
  return { mean: new Float64Array(8), covariance: new Float64Array(64) };
}

/** [x1, y1, x2, y2] → (cx, cy, w/h, h). */
export function boxToXyah(box: ArrayLike<number>, out: Float64Array = new Float64Array(4)): Float64Array {
  const w = box[2] - box[0];
  const h = box[3] - box[1];
  out[0] = box[0] + w / 2;
  out[1] = box[1] + h / 2;
  out[2] = w / h;
  out[3] = h;
  return out;
}

/** The state's box as [x1, y1, x2, y2] (the reference's `tlbr`). */
export function stateToBox(
  mean: ArrayLike<number>,
  out: [number, number, number, number] = [0, 0, 0, 0],
): [number, number, number, number] {
  const h = mean[3];
  const w = mean[2] * h;
  out[0] = mean[0] - w / 2;
  out[1] = mean[1] - h / 2;
  out[2] = out[0] + w;
  out[3] = out[1] + h;
  return out;
}

/** Starts a track from an unassociated measurement: zero velocity, wide uncertainty. */
export function initiate(state: KalmanState, xyah: ArrayLike<number>): void {
  const { mean, covariance } = state;
  const h = xyah[3];
  for (let i = 0; i < 4; i++) {
    mean[i] = xyah[i];
    mean[i + 4] = 0;
  }
  covariance.fill(0);
  const p = 2 * STD_WEIGHT_POSITION * h;
  const v = 10 * STD_WEIGHT_VELOCITY * h;
  covariance[0] = covariance[9] = covariance[27] = p * p;
  covariance[18] = 1e-4; // the aspect's std is 1e-2
  covariance[36] = covariance[45] = covariance[63] = v * v;
  covariance[54] = 1e-10; // the aspect velocity's std is 1e-5
}

const previous = new Float64Array(64);

/**
 * Moves the state `dt` frame steps ahead: x += dt·v, P = F P Fᵀ + dt·Q. With dt = 1 this is the
 * reference's predict; a longer gap (a dropped frame) moves further and grows the uncertainty with it.
 * Q is the reference's, from the height before the move.
 */
export function predict(state: KalmanState, dt = 1): void {
  const { mean, covariance } = state;
  const h = mean[3];
  const p = STD_WEIGHT_POSITION * h;
  const v = STD_WEIGHT_VELOCITY * h;
  const q0 = p * p * dt;
  const q1 = v * v * dt;
  for (let i = 0; i < 4; i++) mean[i] += dt * mean[i + 4];

  previous.set(covariance);
  // F = [[I, dt·I], [0, I]]: (F P Fᵀ)[i][j] = P[i][j] + dt·P[i+4][j] (i < 4) + dt·P[i][j+4] (j < 4) + dt²·P[i+4][j+4] (both).
  for (let i = 0; i < 8; i++) {
    for (let j = 0; j < 8; j++) {
      let value = previous[i * 8 + j];
      if (i < 4) value += dt * previous[(i + 4) * 8 + j];
      if (j < 4) value += dt * previous[i * 8 + j + 4];
      if (i < 4 && j < 4) value += dt * dt * previous[(i + 4) * 8 + j + 4];
      covariance[i * 8 + j] = value;
    }
  }
  covariance[0] += q0;
  covariance[9] += q0;
  covariance[18] += 1e-4 * dt;
  covariance[27] += q0;
  covariance[36] += q1;
  covariance[45] += q1;
  covariance[54] += 1e-10 * dt;
  covariance[63] += q1;
}

/** The state in measurement space: mean (4) and innovation covariance S = H P Hᵀ + R (4x4 row-major). */
export function project(state: KalmanState, outMean: Float64Array, outCovariance: Float64Array): void {
  const { mean, covariance } = state;
  const std = STD_WEIGHT_POSITION * mean[3];
  const r = std * std;
  for (let i = 0; i < 4; i++) {
    outMean[i] = mean[i];
    for (let j = 0; j < 4; j++) outCovariance[i * 4 + j] = covariance[i * 8 + j];
  }
  outCovariance[0] += r;
  outCovariance[5] += r;
  outCovariance[10] += 1e-2; // the aspect's measurement std is 1e-1
  outCovariance[15] += r;
}

const projectedMean = new Float64Array(4);
const innovationCovariance = new Float64Array(16);
const cholesky = new Float64Array(16);
const gainT = new Float64Array(32); // Kᵀ, 4x8
const innovation = new Float64Array(4);

/** Lower Cholesky factor of a symmetric positive-definite 4x4 matrix. */
function cholesky4(a: Float64Array, out: Float64Array): void {
  out.fill(0);
  for (let j = 0; j < 4; j++) {
    let diagonal = a[j * 4 + j];
    for (let k = 0; k < j; k++) diagonal -= out[j * 4 + k] * out[j * 4 + k];
    if (!(diagonal > 0)) throw new Error('Kalman update: innovation covariance is not positive definite');
    const l = Math.sqrt(diagonal);
    out[j * 4 + j] = l;
    for (let i = j + 1; i < 4; i++) {
      let value = a[i * 4 + j];
      for (let k = 0; k < j; k++) value -= out[i * 4 + k] * out[j * 4 + k];
      out[i * 4 + j] = value / l;
    }
  }
}

/** Corrects the state with a measurement (cx, cy, a, h): K = P Hᵀ S⁻¹, x += K (z − H x), P −= K S Kᵀ. */
export function update(state: KalmanState, xyah: ArrayLike<number>): void {
  const { mean, covariance } = state;
  project(state, projectedMean, innovationCovariance);
  cholesky4(innovationCovariance, cholesky);

  // Kᵀ = S⁻¹ (P Hᵀ)ᵀ = S⁻¹ P[0..4][0..8]: solve L Lᵀ X = B column by column.
  for (let c = 0; c < 8; c++) {
    for (let i = 0; i < 4; i++) {
      let value = covariance[i * 8 + c];
      for (let k = 0; k < i; k++) value -= cholesky[i * 4 + k] * gainT[k * 8 + c];
      gainT[i * 8 + c] = value / cholesky[i * 4 + i];
    }
    for (let i = 3; i >= 0; i--) {
      let value = gainT[i * 8 + c];
      for (let k = i + 1; k < 4; k++) value -= cholesky[k * 4 + i] * gainT[k * 8 + c];
      gainT[i * 8 + c] = value / cholesky[i * 4 + i];
    }
  }

  for (let k = 0; k < 4; k++) innovation[k] = xyah[k] - projectedMean[k];
  for (let i = 0; i < 8; i++) {
    let correction = 0;
    for (let k = 0; k < 4; k++) correction += gainT[k * 8 + i] * innovation[k];
    mean[i] += correction;
  }

  // K S Kᵀ = K (P Hᵀ)ᵀ = K · P[0..4][·]; both factors are read from the old P, so use a copy.
  previous.set(covariance);
  for (let i = 0; i < 8; i++) {
    for (let j = 0; j < 8; j++) {
      let value = 0;
      for (let k = 0; k < 4; k++) value += gainT[k * 8 + i] * previous[k * 8 + j];
      covariance[i * 8 + j] = previous[i * 8 + j] - value;
    }
  }
}

/**
 * Changes the time step the velocities are measured in: a step `factor` times as long. Velocities scale
 * by factor, their covariances with positions by factor and among themselves by factor².
 */
export function rescaleStep(state: KalmanState, factor: number): void {
  const { mean, covariance } = state;
  for (let i = 4; i < 8; i++) mean[i] *= factor;
  for (let i = 0; i < 8; i++) {
    for (let j = 0; j < 8; j++) {
      const velocities = (i >= 4 ? 1 : 0) + (j >= 4 ? 1 : 0);
      if (velocities === 1) covariance[i * 8 + j] *= factor;
      else if (velocities === 2) covariance[i * 8 + j] *= factor * factor;
    }
  }
}
