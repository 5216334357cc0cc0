import { sigmoid } from './logistic-regression.ts';

/** Calibration map p = sigmoid(a·z + b) from a model's log-odds z to a probability. */
export interface Platt {
  a: number;
  b: number;
}

/**
 * Fit Platt scaling on out-of-fold log-odds by Newton's method, with Platt's smoothed targets
 * ((P+1)/(P+2) and 1/(N+2)) so a perfectly separated fold does not give infinite slopes.
 */
export function fitPlatt(scores: ArrayLike<number>, labels: ArrayLike<number>): Platt {
  let positives = 0;
  for (let i = 0; i < labels.length; i++) positives += labels[i] ?? 0;
  const negatives = labels.length - positives;
  const hi = (positives + 1) / (positives + 2);
  const lo = 1 / (negatives + 2);
  let a = 1;
  let b = 0;
  for (let iter = 0; iter < 50; iter++) {
    let g0 = 0;
    let g1 = 0;
    let h00 = 1e-9;
    let h01 = 0;
    let h11 = 1e-9;
    for (let i = 0; i < scores.length; i++) {
      const z = scores[i] ?? 0;
      const t = (labels[i] ?? 0) === 1 ? hi : lo;
      const p = sigmoid(a * z + b);
      const r = p - t;
      const w = p * (1 - p);
      g0 += r * z;
      g1 += r;
      h00 += w * z * z;
      h01 += w * z;
      h11 += w;
    }
    const det = h00 * h11 - h01 * h01;
    if (Math.abs(det) < 1e-15) break;
    const da = (h11 * g0 - h01 * g1) / det;
    const db = (h00 * g1 - h01 * g0) / det;
    a -= da;
    b -= db;
    if (Math.abs(da) + Math.abs(db) < 1e-9) break;
  }
  return { a, b };
}

/** Apply the calibration map to a log-odds score. */
export function calibrate(platt: Platt, z: number): number {
  return sigmoid(platt.a * z + platt.b);
}
