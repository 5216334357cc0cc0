import { randomUUID } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/** The lock file every openabm process that opens an embedded data directory holds. */
export const LOCK_FILE = 'openabm.lock';

const HolderSchema = z.object({
  pid: z.number().int().positive(),
  command: z.string(),
  /** The directory of the socket through which the holder serves the database, once it does. */
  socket: z.string().nullable(),
  startedAt: z.string(),
  token: z.string(),
});

/** The process holding a data directory, as its lock file records it. */
export type LockHolder = z.infer<typeof HolderSchema>;

/** The data directory is held by another live process. */
export class DataDirBusyError extends Error {
  constructor(
    readonly dir: string,
    readonly holder: LockHolder,
  ) {
    super(
      `${dir} is in use by openabm process ${holder.pid} (${holder.command}, since ${holder.startedAt}); ` +
        `one embedded data directory is opened by one process: stop that process first (kill ${holder.pid}) ` +
        'or use another --data directory',
    );
  }
}

/** A held data directory. */
export interface DataDirLock {
  readonly dir: string;
  /** Record where the holder serves the database, so other openabm processes reach it there. */
  publishSocket(socketDir: string): void;
  /** Give the directory up (only removes the lock file if it is still this holder's). */
  release(): void;
}

/**
 * Take the data directory for this process: an exclusive lock file (`openabm.lock`: pid, command,
 * socket) created atomically. A lock left by a process that no longer runs is stale and replaced.
 * Throws DataDirBusyError naming the live holder otherwise.
 *
 * @example
 * const lock = acquireDataDirLock(dir, 'serve');
 * try { … } finally { lock.release(); }
 */
export function acquireDataDirLock(dir: string, command: string): DataDirLock {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, LOCK_FILE);
  const holder: LockHolder = {
    pid: process.pid,
    command,
    socket: null,
    startedAt: new Date().toISOString(),
    token: randomUUID(),
  };
  for (let attempt = 0; ; attempt++) {
    if (tryCreate(file, holder)) break;
    const seen = readRaw(file);
    const current = seen === null ? null : parseHolder(seen);
    if (current && isAlive(current.pid)) throw new DataDirBusyError(dir, current);
    if (attempt >= 3)
      throw new Error(`could not take the lock ${file}; remove it if no openabm process uses ${dir}`);
    // Stale (its process is gone) or unreadable: remove it unless someone replaced it meanwhile.
    if (seen !== null && readRaw(file) === seen) unlinkQuietly(file);
  }

  const onExit = () => release();
  process.once('exit', onExit);
  let released = false;
  function release(): void {
    if (released) return;
    released = true;
    process.removeListener('exit', onExit);
    const raw = readRaw(file);
    if (raw !== null && parseHolder(raw)?.token === holder.token) unlinkQuietly(file);
  }
  return {
    dir,
    publishSocket(socketDir: string) {
      holder.socket = socketDir;
      const temp = `${file}.${process.pid}.${randomUUID()}`;
      writeFileSync(temp, JSON.stringify(holder), { mode: 0o600 });
      renameSync(temp, file);
    },
    release,
  };
}

/** The live process holding `dir`, or null when it is free (or its lock is stale). */
export function readLockHolder(dir: string): LockHolder | null {
  const raw = readRaw(path.join(dir, LOCK_FILE));
  const holder = raw === null ? null : parseHolder(raw);
  return holder && isAlive(holder.pid) ? holder : null;
}

/** Create the lock file with its content in one step (link of a complete file): false if it exists. */
function tryCreate(file: string, holder: LockHolder): boolean {
  const temp = `${file}.${process.pid}.${randomUUID()}`;
  writeFileSync(temp, JSON.stringify(holder), { mode: 0o600 });
  try {
    linkSync(temp, file);
    return true;
  } catch (error) {
    if (errorCode(error) === 'EEXIST') return false;
    throw error;
  } finally {
    unlinkQuietly(temp);
  }
}

function parseHolder(raw: string): LockHolder | null {
  try {
    const parsed = HolderSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function readRaw(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return null;
    throw error;
  }
}

/** Whether a process with this id runs (one of another user counts: it cannot be signalled, but lives). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return errorCode(error) === 'EPERM';
  }
}

function unlinkQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // Already gone.
  }
}

function errorCode(error: unknown): string | undefined {
  if (error instanceof Error && 'code' in error && typeof error.code === 'string') return error.code;
  return undefined;
}
