/**
 * Multi-touch attribution models at account level, as pure functions over one opportunity's touches.
 *
 * A touch is an activity of the account's people before the opportunity was created (sourced, within
 * the look-back window) or while it was open (influenced, up to its close). Touches are given in time
 * order, sourced ones first. The "creation touch" is the last sourced touch (the last touch before the
 * opportunity was created); without sourced touches it is the first touch after creation.
 *
 * | model | shares |
 * | --- | --- |
 * | first_touch | 100 % to the first touch |
 * | last_touch | 100 % to the creation touch |
 * | linear | equal shares |
 * | u_shaped | 40 % first, 40 % creation touch, 20 % spread evenly over every other touch |
 * | w_shaped | 30 % first, 30 % milestone, 30 % creation touch, 10 % spread over every other touch |
 * | time_decay | weight 2^(−days before the last touch / half-life), normalised |
 *
 * Edge rules (every model's shares sum to 1; amounts are split so the credits sum to the amount):
 * - 1 touch: 100 % in every model. 2 touches: 50/50 in linear, U and W (first/last give 100 % to one,
 *   time decay weighs by recency).
 * - The W milestone is the middle touch of the path to creation (index ⌊c/2⌋ for creation touch c):
 *   accounts have no lead-creation moment. With fewer than 3 touches up to creation it coincides with
 *   the first or the creation touch.
 * - Anchors that coincide add up (U with one sourced touch and later influenced ones: 80 % to it,
 *   20 % spread; W with c = 1: 60 % first, 30 % creation, 10 % spread).
 * - With no touch left to spread over (U with 3+ touches never; W with exactly 3 distinct anchors),
 *   the anchors' shares are scaled up to 100 % (W with 3 touches: a third each).
 */
export const ATTRIBUTION_MODELS = [
  'first_touch',
  'last_touch',
  'linear',
  'u_shaped',
  'w_shaped',
  'time_decay',
] as const;
export type AttributionModel = (typeof ATTRIBUTION_MODELS)[number];

export interface ModelTouch {
  /** Milliseconds since the epoch. */
  at: number;
  sourced: boolean;
}

export type ModelShares = Record<AttributionModel, number[]>;

const DAY_MS = 86_400_000;

/** The creation touch: the last sourced touch, else the first touch (the first after creation). */
export function creationTouchIndex(touches: readonly ModelTouch[]): number {
  let c = -1;
  touches.forEach((t, i) => {
    if (t.sourced) c = i;
  });
  return Math.max(0, c);
}

function positionShares(n: number, anchors: [index: number, weight: number][], spread: number): number[] {
  if (n <= 2) return Array.from({ length: n }, () => 1 / n);
  const shares = new Array<number>(n).fill(0);
  for (const [i, w] of anchors) shares[i] = (shares[i] ?? 0) + w;
  const anchored = new Set(anchors.map(([i]) => i));
  const others = n - anchored.size;
  if (others > 0) {
    for (let i = 0; i < n; i++) if (!anchored.has(i)) shares[i] = spread / others;
    return shares;
  }
  const total = shares.reduce((s, x) => s + x, 0);
  return shares.map((x) => x / total);
}

/**
 * Every model's share per touch (in the touches' order).
 *
 * @example
 * attributionShares([{ at: 0, sourced: true }, { at: 7 * 86_400_000, sourced: true }], { halfLifeDays: 7 })
 *   .time_decay; // [1/3, 2/3]
 */
export function attributionShares(
  touches: readonly ModelTouch[],
  options: { halfLifeDays: number },
): ModelShares {
  const n = touches.length;
  if (n === 0) {
    return { first_touch: [], last_touch: [], linear: [], u_shaped: [], w_shaped: [], time_decay: [] };
  }
  if (!(options.halfLifeDays > 0)) throw new RangeError('halfLifeDays must be positive');
  const c = creationTouchIndex(touches);
  const one = (index: number) => Array.from({ length: n }, (_, i) => (i === index ? 1 : 0));
  const last = touches[n - 1]?.at ?? 0;
  const weights = touches.map((t) => 2 ** (-(last - t.at) / DAY_MS / options.halfLifeDays));
  const weightSum = weights.reduce((s, w) => s + w, 0);
  return {
    first_touch: one(0),
    last_touch: one(c),
    linear: Array.from({ length: n }, () => 1 / n),
    u_shaped: positionShares(
      n,
      [
        [0, 0.4],
        [c, 0.4],
      ],
      0.2,
    ),
    w_shaped: positionShares(
      n,
      [
        [0, 0.3],
        [Math.floor(c / 2), 0.3],
        [c, 0.3],
      ],
      0.1,
    ),
    time_decay: weights.map((w) => w / weightSum),
  };
}

/**
 * Split an amount by shares into credits rounded to `decimals`, with the largest-remainder method,
 * so the credits always add up to the amount exactly (in units of 10^−decimals).
 *
 * @example
 * splitAmount(100, [1 / 3, 1 / 3, 1 / 3]); // [33.34, 33.33, 33.33]
 */
export function splitAmount(amount: number, shares: readonly number[], decimals = 2): number[] {
  if (shares.length === 0) return [];
  const unit = 10 ** decimals;
  const totalUnits = Math.round(amount * unit);
  const shareSum = shares.reduce((s, x) => s + x, 0);
  const exact = shares.map((s) => (shareSum > 0 ? (s / shareSum) * totalUnits : 0));
  const floors = exact.map(Math.floor);
  let left = totalUnits - floors.reduce((s, x) => s + x, 0);
  const order = exact
    .map((x, i) => [x - Math.floor(x), i] as const)
    .sort((p, q) => q[0] - p[0] || p[1] - q[1]);
  for (const [, i] of order) {
    if (left <= 0) break;
    floors[i] = (floors[i] ?? 0) + 1;
    left--;
  }
  return floors.map((u) => u / unit);
}
