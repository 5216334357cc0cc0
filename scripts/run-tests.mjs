#!/usr/bin/env node
// Runs every *.test.ts under src/ (and e2e/ when E2E=1) with node's test runner and tsx.
// TEST_DATABASE_URL=postgres://… runs the integration tests against a PostgreSQL server instead
// of the embedded database. Extra arguments are passed to node (e.g. --test-name-pattern=accounts).
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

function find(dir, out) {
  let entries = [];
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of entries) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) find(full, out);
    else if (name.endsWith('.test.ts')) out.push(full);
  }
  return out;
}

const roots = ['src', ...(process.env.E2E === '1' ? ['e2e'] : [])];
const files = roots.flatMap((root) => find(root, [])).sort();
const filter = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const selected = filter.length ? files.filter((f) => filter.some((x) => f.includes(x))) : files;
const flags = process.argv.slice(2).filter((a) => a.startsWith('--'));
const where = process.env.TEST_DATABASE_URL ? 'PostgreSQL server' : 'embedded PGlite';
console.log(`Running ${selected.length} test files against ${where}`);
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', ...flags, ...selected],
  { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'test' } },
);
process.exit(result.status ?? 1);
