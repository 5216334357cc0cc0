import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { WEB_DIST, WEB_ROOT } from '../http/web-app.ts';

/** What `ensureWebAppBuild` found or did. */
export type WebAppBuild =
  | { state: 'fresh' }
  | { state: 'built'; milliseconds: number }
  | { state: 'unavailable'; reason: string };

/** A build another process started this long ago without finishing is abandoned. */
const ABANDONED_MS = 120_000;

/**
 * Make sure `web/dist` holds a build of the current `web/src`: build it (Vite, in a child process)
 * when it is missing or older than any source file, so a fresh clone serves the app on its first
 * start. The build goes to a temporary directory that then replaces `web/dist`, and processes that
 * start together take turns (the first builds, the others find it fresh). Without Vite (an install
 * without dev dependencies) a missing build is reported, not fatal: the API is served regardless.
 */
export async function ensureWebAppBuild(): Promise<WebAppBuild> {
  if (isFresh()) return { state: 'fresh' };
  const vite = viteCli();
  if (!vite) {
    return {
      state: 'unavailable',
      reason: 'Vite is not installed (install with dev dependencies, or run `npm run build`)',
    };
  }
  const turn = path.join(WEB_ROOT, '.dist-building');
  try {
    await takeTurn(turn);
  } catch (error) {
    // E.g. a read-only checkout: serve without the app rather than not at all.
    return { state: 'unavailable', reason: error instanceof Error ? error.message : String(error) };
  }
  try {
    if (isFresh()) return { state: 'fresh' };
    const started = performance.now();
    const temp = path.join(WEB_ROOT, `.dist-${process.pid}`);
    try {
      await run(process.execPath, [
        vite,
        'build',
        '--config',
        path.join(WEB_ROOT, 'vite.config.ts'),
        '--outDir',
        temp,
        '--emptyOutDir',
        '--logLevel',
        'warn',
      ]);
      rmSync(WEB_DIST, { recursive: true, force: true });
      renameSync(temp, WEB_DIST);
    } finally {
      rmSync(temp, { recursive: true, force: true });
    }
    return { state: 'built', milliseconds: Math.round(performance.now() - started) };
  } catch (error) {
    return { state: 'unavailable', reason: error instanceof Error ? error.message : String(error) };
  } finally {
    rmSync(turn, { recursive: true, force: true });
  }
}

/** True when web/dist/index.html is newer than every file the build reads. */
export function isFresh(): boolean {
  const built = mtime(path.join(WEB_DIST, 'index.html'));
  if (built === null) return false;
  const sources = [
    path.join(WEB_ROOT, 'index.html'),
    path.join(WEB_ROOT, 'vite.config.ts'),
    ...listFiles(path.join(WEB_ROOT, 'src')),
  ];
  return sources.every((file) => (mtime(file) ?? 0) <= built);
}

function viteCli(): string | null {
  try {
    const manifest = createRequire(import.meta.url).resolve('vite/package.json');
    const cli = path.join(path.dirname(manifest), 'bin', 'vite.js');
    return existsSync(cli) ? cli : null;
  } catch {
    return null;
  }
}

/** Wait until no other process is building (a directory made atomically marks the builder). */
async function takeTurn(marker: string): Promise<void> {
  for (;;) {
    try {
      mkdirSync(marker);
      return;
    } catch (error) {
      if (!(error instanceof Error && 'code' in error && error.code === 'EEXIST')) throw error;
    }
    const since = mtime(marker);
    if (since !== null && Date.now() - since > ABANDONED_MS) rmSync(marker, { recursive: true, force: true });
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: WEB_ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`building the web app failed (${code}): ${stderr.trim()}`)),
    );
  });
}

function mtime(file: string): number | null {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return null;
  }
}

function listFiles(dir: string): string[] {
  const out: string[] = [];
  if (!existsSync(dir)) return out;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(full));
    else out.push(full);
  }
  return out;
}
