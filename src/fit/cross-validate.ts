import { seededRandom, shuffleInPlace } from '../random/seeded-random.ts';
import { computeAuc } from './auc.ts';
import {
  type DesignMatrix,
  type LogisticModel,
  linearScore,
  trainLogisticRegression,
} from './logistic-regression.ts';

/**
 * Stratified fold assignment: positives and negatives are shuffled (seeded) and dealt round-robin,
 * so every fold has the same class balance and the same seed always gives the same folds.
 */
export function stratifiedFolds(labels: Uint8Array, folds: number, seed = 42): Int32Array {
  const random = seededRandom(seed);
  const assignment = new Int32Array(labels.length);
  for (const cls of [1, 0]) {
    const members: number[] = [];
    labels.forEach((y, i) => {
      if (y === cls) members.push(i);
    });
    shuffleInPlace(members, random);
    members.forEach((row, k) => {
      assignment[row] = k % folds;
    });
  }
  return assignment;
}

export interface CrossValidation {
  /** Out-of-fold log-odds for every row. */
  outOfFold: Float64Array;
  aucByFold: number[];
  models: LogisticModel[];
}

/** k-fold cross-validation: each row is scored by the model that did not see it. */
export function crossValidate(
  x: DesignMatrix,
  y: Uint8Array,
  options: { folds: number; seed?: number; l2?: number },
): CrossValidation {
  const assignment = stratifiedFolds(y, options.folds, options.seed);
  const outOfFold = new Float64Array(x.rows);
  const aucByFold: number[] = [];
  const models: LogisticModel[] = [];
  for (let fold = 0; fold < options.folds; fold++) {
    const train: number[] = [];
    const test: number[] = [];
    for (let i = 0; i < x.rows; i++) (assignment[i] === fold ? test : train).push(i);
    const model = trainLogisticRegression(x, y, { l2: options.l2, rowIndices: Int32Array.from(train) });
    models.push(model);
    const scores = new Float64Array(test.length);
    const labels = new Uint8Array(test.length);
    test.forEach((row, k) => {
      const z = linearScore(model, x, row);
      outOfFold[row] = z;
      scores[k] = z;
      labels[k] = y[row] ?? 0;
    });
    aucByFold.push(computeAuc(scores, labels));
  }
  return { outOfFold, aucByFold, models };
}
