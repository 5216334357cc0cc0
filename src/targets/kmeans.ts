import type { DesignMatrix } from '../fit/logistic-regression.ts';
import { seededRandom } from '../random/seeded-random.ts';

export interface KMeansResult {
  k: number;
  assignment: Int32Array;
  centroids: Float64Array[];
  inertia: number;
}

function distance(x: DesignMatrix, row: number, c: Float64Array): number {
  let d = 0;
  const base = row * x.cols;
  for (let j = 0; j < x.cols; j++) {
    const diff = (x.values[base + j] ?? 0) - (c[j] ?? 0);
    d += diff * diff;
  }
  return d;
}

/** k-means with k-means++ seeding (seeded, so repeatable) and Lloyd iterations. */
export function kMeans(x: DesignMatrix, k: number, seed = 42, maxIterations = 50): KMeansResult {
  const random = seededRandom(seed);
  const n = x.rows;
  const row = (i: number) => x.values.slice(i * x.cols, (i + 1) * x.cols);
  const centroids: Float64Array[] = [row(Math.floor(random() * n))];
  const nearest = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
  while (centroids.length < k) {
    let total = 0;
    const last = centroids[centroids.length - 1] as Float64Array;
    for (let i = 0; i < n; i++) {
      nearest[i] = Math.min(nearest[i] ?? 0, distance(x, i, last));
      total += nearest[i] ?? 0;
    }
    let pick = random() * total;
    let chosen = n - 1;
    for (let i = 0; i < n; i++) {
      pick -= nearest[i] ?? 0;
      if (pick <= 0) {
        chosen = i;
        break;
      }
    }
    centroids.push(row(chosen));
  }
  const assignment = new Int32Array(n);
  let inertia = 0;
  for (let iter = 0; iter < maxIterations; iter++) {
    let changed = 0;
    inertia = 0;
    for (let i = 0; i < n; i++) {
      let best = 0;
      let bestD = Number.POSITIVE_INFINITY;
      centroids.forEach((c, ci) => {
        const d = distance(x, i, c);
        if (d < bestD) {
          bestD = d;
          best = ci;
        }
      });
      if (assignment[i] !== best || iter === 0) changed++;
      assignment[i] = best;
      inertia += bestD;
    }
    const sums = centroids.map(() => new Float64Array(x.cols));
    const counts = new Int32Array(k);
    for (let i = 0; i < n; i++) {
      const c = assignment[i] ?? 0;
      counts[c] = (counts[c] ?? 0) + 1;
      const s = sums[c] as Float64Array;
      for (let j = 0; j < x.cols; j++) s[j] = (s[j] ?? 0) + (x.values[i * x.cols + j] ?? 0);
    }
    sums.forEach((s, c) => {
      const count = counts[c] ?? 0;
      if (count > 0) centroids[c] = s.map((v) => v / count);
    });
    if (changed === 0) break;
  }
  return { k, assignment, centroids, inertia };
}

/** Mean silhouette of a clustering (on at most `sample` rows, for speed). */
export function silhouette(x: DesignMatrix, assignment: Int32Array, k: number, sample = 1500): number {
  const n = Math.min(x.rows, sample);
  let total = 0;
  let counted = 0;
  for (let i = 0; i < n; i++) {
    const sums = new Float64Array(k);
    const counts = new Int32Array(k);
    for (let j = 0; j < n; j++) {
      if (i === j) continue;
      let d = 0;
      for (let f = 0; f < x.cols; f++) {
        const diff = (x.values[i * x.cols + f] ?? 0) - (x.values[j * x.cols + f] ?? 0);
        d += diff * diff;
      }
      const c = assignment[j] ?? 0;
      sums[c] = (sums[c] ?? 0) + Math.sqrt(d);
      counts[c] = (counts[c] ?? 0) + 1;
    }
    const own = assignment[i] ?? 0;
    if ((counts[own] ?? 0) === 0) continue;
    const a = (sums[own] ?? 0) / (counts[own] ?? 1);
    let b = Number.POSITIVE_INFINITY;
    for (let c = 0; c < k; c++)
      if (c !== own && (counts[c] ?? 0) > 0) b = Math.min(b, (sums[c] ?? 0) / (counts[c] ?? 1));
    if (!Number.isFinite(b)) continue;
    total += (b - a) / Math.max(a, b, 1e-12);
    counted++;
  }
  return counted > 0 ? total / counted : 0;
}
