import type { PlayDefinition, Step, Track } from './play-schemas.ts';

export const BOX_W = 190;
export const BOX_H = 54;
const COL_GAP = 22;
const ROW_GAP = 40;
const LANE_GAP = 70;
export const HEAD_H = 62;
const TOP = 12;

export interface FlowNode {
  key: string;
  track: string;
  /** A step id, or `end`. */
  step: string;
  x: number;
  y: number;
  kind: Step['type'] | 'end';
  index: number;
}

export interface FlowEdge {
  id: string;
  from: { x: number; y: number };
  to: { x: number; y: number };
  kind: 'next' | 'yes' | 'no' | 'back' | 'trigger' | 'activity';
  label?: string;
}

export interface FlowLane {
  track: Track;
  x: number;
  width: number;
}

export interface FlowLayout {
  width: number;
  height: number;
  lanes: FlowLane[];
  nodes: FlowNode[];
  edges: FlowEdge[];
}

interface Out {
  target: number;
  kind: 'next' | 'yes' | 'no';
}

/** A track's edges over step indexes (−1 = end): the next step, or a branch's yes/no targets. */
function outgoing(track: Track, index: number): Out[] {
  const step = track.steps[index];
  if (!step) return [];
  const at = (id: string) => (id === 'end' ? -1 : track.steps.findIndex((s) => s.id === id));
  if (step.type === 'branch') {
    return [
      { target: at(step.ifTrue), kind: 'yes' },
      { target: at(step.ifFalse), kind: 'no' },
    ];
  }
  return [{ target: index + 1 < track.steps.length ? index + 1 : -1, kind: 'next' }];
}

/**
 * Place a track's steps on a grid: a step's row is its longest forward path from the first step (so a
 * join sits below both branches), a branch's "no" side goes one column right of its "yes" side (side by
 * side), and collisions in a row shift right. The end marker sits below everything.
 */
function placeTrack(track: Track): { rows: number[]; cols: number[]; columns: number; endRow: number } {
  const n = track.steps.length;
  const rows = new Array<number>(n).fill(-1);
  const cols = new Array<number>(n).fill(0);
  rows[0] = 0;
  for (let i = 0; i < n; i++) {
    const row = rows[i] ?? -1;
    if (row < 0) continue;
    for (const out of outgoing(track, i)) {
      if (out.target > i) rows[out.target] = Math.max(rows[out.target] ?? -1, row + 1);
    }
  }
  // Unreachable steps (no forward path to them) go below the reachable ones.
  let lowest = Math.max(0, ...rows);
  for (let i = 0; i < n; i++) if ((rows[i] ?? -1) < 0) rows[i] = ++lowest;
  const wanted = new Array<number>(n).fill(Number.POSITIVE_INFINITY);
  wanted[0] = 0;
  const taken = new Map<number, Set<number>>();
  for (let i = 0; i < n; i++) {
    const row = rows[i] ?? 0;
    let col = Number.isFinite(wanted[i] ?? Number.POSITIVE_INFINITY) ? (wanted[i] ?? 0) : 0;
    const used = taken.get(row) ?? new Set<number>();
    while (used.has(col)) col++;
    used.add(col);
    taken.set(row, used);
    cols[i] = col;
    for (const out of outgoing(track, i)) {
      if (out.target <= i) continue;
      const want = out.kind === 'no' ? col + 1 : col;
      wanted[out.target] = Math.min(wanted[out.target] ?? Number.POSITIVE_INFINITY, want);
    }
  }
  return { rows, cols, columns: Math.max(1, ...cols.map((c) => c + 1)), endRow: Math.max(0, ...rows) + 1 };
}

/** The whole play as lanes (one per track) of step boxes with their edges, and the cross-track arrows. */
export function layoutFlow(definition: PlayDefinition): FlowLayout {
  const lanes: FlowLane[] = [];
  const nodes: FlowNode[] = [];
  const edges: FlowEdge[] = [];
  const centers = new Map<string, { x: number; y: number }>();
  let x = 10;
  let height = 0;
  for (const track of definition.tracks) {
    const place = placeTrack(track);
    const width = place.columns * BOX_W + (place.columns - 1) * COL_GAP;
    lanes.push({ track, x, width });
    const pos = (row: number, col: number) => ({
      x: x + col * (BOX_W + COL_GAP),
      y: TOP + HEAD_H + ROW_GAP + row * (BOX_H + ROW_GAP),
    });
    track.steps.forEach((step, i) => {
      const p = pos(place.rows[i] ?? 0, place.cols[i] ?? 0);
      nodes.push({
        key: `${track.key}:${step.id}`,
        track: track.key,
        step: step.id,
        ...p,
        kind: step.type,
        index: i,
      });
      centers.set(`${track.key}:${step.id}`, p);
    });
    const end = pos(place.endRow, 0);
    nodes.push({ key: `${track.key}:end`, track: track.key, step: 'end', ...end, kind: 'end', index: -1 });
    height = Math.max(height, end.y + BOX_H + 20);
    // The head's arrow into the first step.
    const first = track.steps[0];
    const firstPos = first ? centers.get(`${track.key}:${first.id}`) : undefined;
    if (firstPos) {
      edges.push({
        id: `${track.key}:start`,
        from: { x: x + BOX_W / 2, y: TOP + HEAD_H },
        to: { x: firstPos.x + BOX_W / 2, y: firstPos.y },
        kind: 'next',
      });
    }
    track.steps.forEach((step, i) => {
      const from = centers.get(`${track.key}:${step.id}`);
      if (!from) return;
      for (const out of outgoing(track, i)) {
        const target =
          out.target < 0 ? end : centers.get(`${track.key}:${track.steps[out.target]?.id ?? ''}`);
        if (!target) continue;
        const back = out.target >= 0 && out.target <= i;
        edges.push({
          id: `${track.key}:${step.id}->${out.target < 0 ? 'end' : (track.steps[out.target]?.id ?? '')}:${out.kind}`,
          from: back
            ? { x: from.x + BOX_W, y: from.y + BOX_H / 2 }
            : { x: from.x + BOX_W / 2, y: from.y + BOX_H },
          to: back
            ? { x: target.x + BOX_W, y: target.y + BOX_H / 2 }
            : { x: target.x + BOX_W / 2, y: target.y },
          kind: back ? 'back' : out.kind,
          ...(out.kind === 'yes' ? { label: 'yes' } : out.kind === 'no' ? { label: 'no' } : {}),
        });
      }
    });
    x += width + LANE_GAP;
  }
  const laneOf = (key: string) => lanes.find((l) => l.track.key === key);
  // Cross-track arrows: a trigger step starts another track; a persona's activity starts a track.
  for (const lane of lanes) {
    for (const step of lane.track.steps) {
      if (step.type !== 'trigger_track') continue;
      const from = centers.get(`${lane.track.key}:${step.id}`);
      const target = laneOf(step.track);
      if (!from || !target) continue;
      const right = target.x > from.x;
      edges.push({
        id: `trigger:${lane.track.key}:${step.id}->${step.track}`,
        from: { x: right ? from.x + BOX_W : from.x, y: from.y + BOX_H / 2 },
        to: { x: right ? target.x : target.x + BOX_W, y: TOP + HEAD_H / 2 },
        kind: 'trigger',
        label: 'starts',
      });
    }
    const start = lane.track.start;
    if (start.on === 'activity' && start.personaId) {
      const source = lanes.find((l) => l !== lane && l.track.personaId === start.personaId);
      if (source) {
        const right = lane.x > source.x;
        edges.push({
          id: `activity:${source.track.key}->${lane.track.key}`,
          from: { x: right ? source.x + BOX_W : source.x, y: TOP + 18 },
          to: { x: right ? lane.x : lane.x + BOX_W, y: TOP + 18 },
          kind: 'activity',
          label: `on ${start.activityType}`,
        });
      }
    }
  }
  return { width: Math.max(x - LANE_GAP + 10, 300), height: Math.max(height, 200), lanes, nodes, edges };
}
