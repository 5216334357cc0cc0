#!/usr/bin/env node
// Fails when a folder of src/ imports, directly or through others, a folder that imports it back.
// A folder is the first path segment under src/ (src/signals/stages/x.ts belongs to "signals").
// Every import counts: static, re-exports, dynamic import() and type-only imports. Test files
// (*.test.ts) are left out: a test may import any folder it needs without making its folder depend
// on it; shared test code lives in src/test, which production code never imports.
// Usage: node scripts/folder-cycles.mjs [--graph]   (--graph also prints every folder's imports)
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const root = path.resolve(import.meta.dirname, '..', 'src');

/** Every source file under `dir`, test files excluded. */
function sourceFiles(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) sourceFiles(full, out);
    else if (/\.(ts|tsx|mts|mjs)$/.test(name) && !/\.test\.tsx?$/.test(name)) out.push(full);
  }
  return out;
}

/** The folder (first segment under src/) a file belongs to, or null outside src/. */
function folderOf(file) {
  const rel = path.relative(root, file);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return null;
  const segments = rel.split(path.sep);
  return segments.length > 1 ? segments[0] : '(src)';
}

/** folder -> folder -> the file-level imports behind that edge. */
const edges = new Map();
for (const file of sourceFiles(root)) {
  const from = folderOf(file);
  const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  for (const { fileName } of info.importedFiles) {
    if (!fileName.startsWith('.')) continue;
    const to = folderOf(path.resolve(path.dirname(file), fileName));
    if (to === null || to === from) continue;
    if (!edges.has(from)) edges.set(from, new Map());
    const targets = edges.get(from);
    if (!targets.has(to)) targets.set(to, []);
    targets.get(to).push(`${path.relative(root, file)} -> ${fileName}`);
  }
}

/** Strongly connected components of the folder graph (Tarjan), largest first. */
function components() {
  const index = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const found = [];
  let next = 0;
  const visit = (node) => {
    index.set(node, next);
    low.set(node, next);
    next += 1;
    stack.push(node);
    onStack.add(node);
    for (const target of edges.get(node)?.keys() ?? []) {
      if (!index.has(target)) {
        visit(target);
        low.set(node, Math.min(low.get(node), low.get(target)));
      } else if (onStack.has(target)) {
        low.set(node, Math.min(low.get(node), index.get(target)));
      }
    }
    if (low.get(node) === index.get(node)) {
      const members = [];
      let member;
      do {
        member = stack.pop();
        onStack.delete(member);
        members.push(member);
      } while (member !== node);
      if (members.length > 1) found.push(members.sort());
    }
  };
  for (const node of [...edges.keys()].sort()) if (!index.has(node)) visit(node);
  return found.sort((a, b) => b.length - a.length);
}

if (process.argv.includes('--graph')) {
  for (const [from, targets] of [...edges].sort()) {
    console.log(`${from} -> ${[...targets.keys()].sort().join(', ')}`);
  }
}

const cycles = components();
if (cycles.length === 0) {
  console.log(`No folder import cycles among ${new Set([...edges.keys()]).size} folders of src/.`);
  process.exit(0);
}
for (const members of cycles) {
  const inside = new Set(members);
  console.log(`Cycle among ${members.join(', ')}:`);
  for (const from of members) {
    for (const [to, imports] of [...(edges.get(from) ?? [])].sort()) {
      if (!inside.has(to)) continue;
      console.log(`  ${from} -> ${to}`);
      for (const line of imports) console.log(`      ${line}`);
    }
  }
}
process.exit(1);
