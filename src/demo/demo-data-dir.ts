import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { LOCK_FILE } from '../server/data-dir-lock.ts';

/** What a finished demo data directory records about its world (`demo.json`, readable by its owner only). */
export const DemoMarkerSchema = z.object({
  seed: z.number().int(),
  accounts: z.number().int().positive(),
  workspaceId: z.uuid(),
  workspaceSlug: z.string(),
  adminEmail: z.string(),
  password: z.string().min(1),
  counts: z.record(z.string(), z.number()),
  milliseconds: z.number(),
  createdAt: z.string(),
});
export type DemoMarker = z.infer<typeof DemoMarkerSchema>;

const MARKER = 'demo.json';
const BUILDING = '.demo-building';

/** The default demo data directory. */
export function defaultDemoDir(): string {
  return path.resolve('.openabm-demo');
}

/** The finished demo world recorded in a data directory, or null when there is none. */
export function readDemoMarker(dir: string): DemoMarker | null {
  const file = path.join(dir, MARKER);
  if (!existsSync(file) || existsSync(path.join(dir, BUILDING))) return null;
  try {
    const parsed = DemoMarkerSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * Make `dir` ready for a new demo build. A directory left behind by an interrupted build is cleared;
 * any other non-empty directory is refused, so the demo never overwrites real data. Called with the
 * directory's lock held (its lock file is left alone).
 */
export function prepareDemoDir(dir: string): void {
  if (existsSync(dir)) {
    // The lock (and socket) of the process preparing it are not data.
    const entries = readdirSync(dir).filter((e) => e !== LOCK_FILE && !e.startsWith('.s.PGSQL.'));
    if (entries.includes(BUILDING)) {
      for (const entry of entries) rmSync(path.join(dir, entry), { recursive: true, force: true });
    } else if (entries.length > 0) {
      throw new Error(
        `${dir} is not empty and holds no finished demo world; remove it or choose another --data directory`,
      );
    }
  }
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, BUILDING), `${new Date().toISOString()}\n`);
}

/** Record a finished build: writes `demo.json` and clears the in-progress flag. */
export function finishDemoDir(dir: string, marker: DemoMarker): void {
  writeFileSync(path.join(dir, MARKER), `${JSON.stringify(marker, null, 2)}\n`, { mode: 0o600 });
  rmSync(path.join(dir, BUILDING), { force: true });
}
