/**
 * L2-regularised logistic regression trained with L-BFGS on a dense row-major Float64Array.
 * Objective: mean log-loss + (l2 / 2)·‖w‖² (the intercept is not penalised). Features are expected
 * to be standardised, so coefficients are comparable and the penalty treats them alike.
 */
export interface DesignMatrix {
  /** Row-major values, rows × cols. */
  values: Float64Array;
  rows: number;
  cols: number;
}

export interface LogisticModel {
  intercept: number;
  weights: Float64Array;
  iterations: number;
  converged: boolean;
}

export interface TrainOptions {
  /** L2 strength on the mean loss; default 1 / rows (like C = 1), at least 1e-4. */
  l2?: number;
  maxIterations?: number;
  tolerance?: number;
  /** Row indices to train on (default: all rows). */
  rowIndices?: Int32Array;
}

/** Numerically stable logistic function. */
export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** log(1 + e^z) without overflow. */
function softplus(z: number): number {
  return z > 30 ? z : z < -30 ? Math.exp(z) : Math.log1p(Math.exp(z));
}

/** The linear score (log-odds) of one row. */
export function linearScore(model: LogisticModel, x: DesignMatrix, row: number): number {
  let z = model.intercept;
  const base = row * x.cols;
  for (let j = 0; j < x.cols; j++) z += (model.weights[j] ?? 0) * (x.values[base + j] ?? 0);
  return z;
}

/** Fit the model; y holds 0/1 per row of x. */
export function trainLogisticRegression(
  x: DesignMatrix,
  y: Uint8Array,
  options: TrainOptions = {},
): LogisticModel {
  const rowIndices = options.rowIndices ?? Int32Array.from({ length: x.rows }, (_, i) => i);
  const n = rowIndices.length;
  const p = x.cols;
  const dim = p + 1; // last slot is the intercept
  const l2 = options.l2 ?? Math.max(1e-4, 1 / Math.max(1, n));
  const maxIterations = options.maxIterations ?? 300;
  const tolerance = options.tolerance ?? 1e-7;
  const values = x.values;

  const evaluate = (theta: Float64Array, grad: Float64Array): number => {
    grad.fill(0);
    let loss = 0;
    const b = theta[p] ?? 0;
    for (let k = 0; k < n; k++) {
      const i = rowIndices[k] ?? 0;
      const base = i * p;
      let z = b;
      for (let j = 0; j < p; j++) z += (theta[j] ?? 0) * (values[base + j] ?? 0);
      const yi = y[i] ?? 0;
      loss += softplus(z) - yi * z;
      const r = sigmoid(z) - yi;
      if (r !== 0) {
        for (let j = 0; j < p; j++) grad[j] = (grad[j] ?? 0) + r * (values[base + j] ?? 0);
        grad[p] = (grad[p] ?? 0) + r;
      }
    }
    loss /= n;
    for (let j = 0; j < dim; j++) grad[j] = (grad[j] ?? 0) / n;
    for (let j = 0; j < p; j++) {
      const w = theta[j] ?? 0;
      loss += 0.5 * l2 * w * w;
      grad[j] = (grad[j] ?? 0) + l2 * w;
    }
    return loss;
  };

  const positives = rowIndices.reduce((s, i) => s + (y[i] ?? 0), 0);
  const theta = new Float64Array(dim);
  const rate = Math.min(Math.max(positives / Math.max(1, n), 1e-6), 1 - 1e-6);
  theta[p] = Math.log(rate / (1 - rate));
  const result = lbfgs(evaluate, theta, maxIterations, tolerance);
  return {
    intercept: result.x[p] ?? 0,
    weights: result.x.slice(0, p),
    iterations: result.iterations,
    converged: result.converged,
  };
}

interface LbfgsResult {
  x: Float64Array;
  iterations: number;
  converged: boolean;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] ?? 0) * (b[i] ?? 0);
  return s;
}

/** Limited-memory BFGS with a backtracking (Armijo) line search. */
function lbfgs(
  f: (x: Float64Array, g: Float64Array) => number,
  start: Float64Array,
  maxIterations: number,
  tolerance: number,
  memory = 10,
): LbfgsResult {
  const dim = start.length;
  let x = start.slice();
  let g = new Float64Array(dim);
  let fx = f(x, g);
  const sList: Float64Array[] = [];
  const yList: Float64Array[] = [];
  const rhoList: number[] = [];
  const alpha = new Float64Array(memory);
  const direction = new Float64Array(dim);
  const nextX = new Float64Array(dim);
  let nextG = new Float64Array(dim);
  for (let iter = 0; iter < maxIterations; iter++) {
    const gNorm = Math.sqrt(dot(g, g));
    if (gNorm < tolerance) return { x, iterations: iter, converged: true };
    // two-loop recursion: direction = -H·g
    for (let i = 0; i < dim; i++) direction[i] = -(g[i] ?? 0);
    for (let k = sList.length - 1; k >= 0; k--) {
      const a = (rhoList[k] ?? 0) * dot(sList[k] as Float64Array, direction);
      alpha[k] = a;
      const yk = yList[k] as Float64Array;
      for (let i = 0; i < dim; i++) direction[i] = (direction[i] ?? 0) - a * (yk[i] ?? 0);
    }
    if (sList.length > 0) {
      const sLast = sList[sList.length - 1] as Float64Array;
      const yLast = yList[yList.length - 1] as Float64Array;
      const scale = dot(sLast, yLast) / dot(yLast, yLast);
      for (let i = 0; i < dim; i++) direction[i] = (direction[i] ?? 0) * scale;
    } else {
      for (let i = 0; i < dim; i++) direction[i] = (direction[i] ?? 0) / Math.max(1, gNorm);
    }
    for (let k = 0; k < sList.length; k++) {
      const b = (rhoList[k] ?? 0) * dot(yList[k] as Float64Array, direction);
      const sk = sList[k] as Float64Array;
      const a = alpha[k] ?? 0;
      for (let i = 0; i < dim; i++) direction[i] = (direction[i] ?? 0) + (a - b) * (sk[i] ?? 0);
    }
    let slope = dot(g, direction);
    if (slope >= 0) {
      // not a descent direction: restart with steepest descent
      sList.length = 0;
      yList.length = 0;
      rhoList.length = 0;
      for (let i = 0; i < dim; i++) direction[i] = -(g[i] ?? 0) / Math.max(1, gNorm);
      slope = dot(g, direction);
    }
    let step = 1;
    let fNext = Number.POSITIVE_INFINITY;
    for (let tries = 0; tries < 40; tries++) {
      for (let i = 0; i < dim; i++) nextX[i] = (x[i] ?? 0) + step * (direction[i] ?? 0);
      fNext = f(nextX, nextG);
      if (fNext <= fx + 1e-4 * step * slope) break;
      step *= 0.5;
    }
    if (!(fNext < fx)) return { x, iterations: iter, converged: Math.abs(fNext - fx) < 1e-12 };
    const s = new Float64Array(dim);
    const yv = new Float64Array(dim);
    for (let i = 0; i < dim; i++) {
      s[i] = (nextX[i] ?? 0) - (x[i] ?? 0);
      yv[i] = (nextG[i] ?? 0) - (g[i] ?? 0);
    }
    const sy = dot(s, yv);
    if (sy > 1e-12) {
      if (sList.length === memory) {
        sList.shift();
        yList.shift();
        rhoList.shift();
      }
      sList.push(s);
      yList.push(yv);
      rhoList.push(1 / sy);
    }
    const improvement = fx - fNext;
    x = nextX.slice();
    const swap = g;
    g = nextG;
    nextG = swap;
    fx = fNext;
    if (improvement < 1e-10 * Math.max(1, Math.abs(fx))) return { x, iterations: iter + 1, converged: true };
  }
  return { x, iterations: maxIterations, converged: false };
}
