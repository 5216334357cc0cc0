/**
 * Titles accuracy and speed: classifies the hand-labelled sets (language,title,function,seniority —
 * labelled by meaning) and reports per-language accuracy for function and seniority, then the
 * throughput of the compiled matcher. bench/data/titles-labelled.csv was used while writing the
 * rule tables (a development set); bench/data/titles-holdout.csv was labelled once and never tuned
 * against, so its figures are the honest ones.
 *
 * bench/data/titles-real-en.csv holds real public English job titles (see bench/data/README.md) labelled
 * by seniority, split into a development part (tuned on) and a held-out part (never tuned on); both are
 * reported per seniority, beside a Demandbase-style keyword cascade. `--json FILE` keeps the figures so
 * an earlier version's run can be shown side by side with `--compare FILE`.
 *
 *   node --import tsx bench/titles-accuracy.ts [--scale 200000] [--misses] [--json FILE] [--compare FILE]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { classifyTitle } from '../src/personas/classify-title.ts';

const Row = z.object({
  language: z.string(),
  title: z.string(),
  function: z.string(),
  seniority: z.string(),
});
const args = process.argv.slice(2);
const scaleArg = args.indexOf('--scale');
const scale = scaleArg >= 0 ? Number(args[scaleArg + 1]) : 200_000;
const showMisses = args.includes('--misses');
const jsonArg = args.indexOf('--json');
const compareArg = args.indexOf('--compare');

const load = (file: string) =>
  z.array(Row).parse(parse(readFileSync(new URL(`./data/${file}`, import.meta.url)), { columns: true }));
const rows = load('titles-labelled.csv');

interface Tally {
  n: number;
  fn: number;
  sen: number;
  both: number;
}
const pct = (a: number, b: number) => `${((100 * a) / b).toFixed(1)}%`;

function evaluate(name: string, set: z.infer<typeof Row>[]): void {
  const byLang = new Map<string, Tally>();
  const total: Tally = { n: 0, fn: 0, sen: 0, both: 0 };
  const misses: string[] = [];
  for (const row of set) {
    const c = classifyTitle(row.title);
    const t = byLang.get(row.language) ?? { n: 0, fn: 0, sen: 0, both: 0 };
    byLang.set(row.language, t);
    const fnOk = c.function === row.function;
    const senOk = c.seniority === row.seniority;
    for (const x of [t, total]) {
      x.n++;
      if (fnOk) x.fn++;
      if (senOk) x.sen++;
      if (fnOk && senOk) x.both++;
    }
    if (!fnOk || !senOk)
      misses.push(
        `${row.language}\t${row.title}\texpected ${row.function}/${row.seniority}\tgot ${c.function}/${c.seniority}\t${c.fired.map((f) => f.id).join(' ')}`,
      );
  }
  console.log(`\n${name}\nlanguage\ttitles\tfunction\tseniority\tboth`);
  for (const [lang, t] of [...byLang.entries()].sort()) {
    console.log(`${lang}\t${t.n}\t${pct(t.fn, t.n)}\t${pct(t.sen, t.n)}\t${pct(t.both, t.n)}`);
  }
  console.log(
    `all\t${total.n}\t${pct(total.fn, total.n)}\t${pct(total.sen, total.n)}\t${pct(total.both, total.n)}`,
  );
  if (showMisses) for (const m of misses) console.log(m);
}

evaluate('development set (bench/data/titles-labelled.csv)', rows);
evaluate('held-out set (bench/data/titles-holdout.csv)', load('titles-holdout.csv'));

// Real English titles, seniority only.
const RealRow = z.object({ part: z.enum(['dev', 'holdout']), title: z.string(), seniority: z.string() });
const realRows = z
  .array(RealRow)
  .parse(parse(readFileSync(new URL('./data/titles-real-en.csv', import.meta.url)), { columns: true }));

/** A Demandbase-style keyword cascade: the first keyword group found decides. */
function cascade(title: string): string {
  const t = ` ${title.toLowerCase().replace(/[^a-z0-9]+/g, ' ')} `;
  if (/ (chief|ceo|cfo|coo|cto|cio|cmo|cro|president|founder|cofounder|owner|chairman|partner) /.test(t))
    return / vice president /.test(t) ? 'vp' : 'c_level';
  if (/ (vice president|vp|svp|evp|avp) /.test(t)) return 'vp';
  if (/ (director|head) /.test(t)) return 'director';
  if (/ (manager|mgr|supervisor|lead|leader|superintendent|foreman) /.test(t)) return 'manager';
  return 'individual';
}

const senioritiesOrder = ['c_level', 'vp', 'director', 'manager', 'individual'];
const realFigures: Record<string, Record<string, number>> = {};
for (const part of ['dev', 'holdout'] as const) {
  const set = realRows.filter((r) => r.part === part);
  const byLabel = new Map<string, { n: number; rules: number; cascade: number }>();
  const misses: string[] = [];
  let rules = 0;
  let casc = 0;
  for (const row of set) {
    const c = classifyTitle(row.title);
    const ok = c.seniority === row.seniority;
    const okCascade = cascade(row.title) === row.seniority;
    const t = byLabel.get(row.seniority) ?? { n: 0, rules: 0, cascade: 0 };
    byLabel.set(row.seniority, t);
    t.n++;
    if (ok) {
      t.rules++;
      rules++;
    } else
      misses.push(
        `${part}\t${row.title}\texpected ${row.seniority}\tgot ${c.seniority}\t${c.seniorityRule?.id ?? '-'}`,
      );
    if (okCascade) {
      t.cascade++;
      casc++;
    }
  }
  const figures: Record<string, number> = { all: rules / set.length, all_cascade: casc / set.length };
  console.log(`\nreal English titles, ${part} part (bench/data/titles-real-en.csv): seniority accuracy`);
  console.log('seniority\ttitles\trules\tkeyword cascade');
  for (const label of senioritiesOrder) {
    const t = byLabel.get(label);
    if (!t) continue;
    figures[label] = t.rules / t.n;
    console.log(`${label}\t${t.n}\t${pct(t.rules, t.n)}\t${pct(t.cascade, t.n)}`);
  }
  console.log(`all\t${set.length}\t${pct(rules, set.length)}\t${pct(casc, set.length)}`);
  if (showMisses) for (const m of misses) console.log(m);
  realFigures[part] = figures;
}
if (jsonArg >= 0)
  writeFileSync(args[jsonArg + 1] ?? 'titles-real.json', `${JSON.stringify(realFigures, null, 2)}\n`);
if (compareArg >= 0) {
  const Before = z.record(z.string(), z.record(z.string(), z.number()));
  const before = Before.parse(JSON.parse(readFileSync(args[compareArg + 1] ?? '', 'utf8')));
  console.log('\nside by side, seniority accuracy (earlier → now)\npart\tseniority\tearlier\tnow');
  for (const [part, figures] of Object.entries(realFigures))
    for (const [label, v] of Object.entries(figures))
      console.log(
        `${part}\t${label}\t${((before[part]?.[label] ?? Number.NaN) * 100).toFixed(1)}%\t${(v * 100).toFixed(1)}%`,
      );
}

// Throughput: the labelled titles cycled with noise variants, so caching cannot help.
const titles = rows.map((r) => r.title);
const variants = titles.flatMap((t) => [t, `${t} (MBA intern)`, `  ${t.toUpperCase()} 🚀 `, `Sr. ${t}`]);
const start = process.hrtime.bigint();
const cpuStart = process.cpuUsage();
let sink = 0;
for (let i = 0; i < scale; i++) {
  const t = variants[i % variants.length] ?? '';
  sink += classifyTitle(`${t} ${i % 7}`).fired.length;
}
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
const cpu = process.cpuUsage(cpuStart);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
// CPU time as well as wall time: on a shared, loaded machine the wall time measures the neighbours.
console.log(
  `speed\t${scale} titles in ${seconds.toFixed(2)} s = ${Math.round(scale / seconds)} titles/s; ${cpuSeconds.toFixed(2)} CPU s = ${Math.round(scale / cpuSeconds)} titles per CPU second (${sink})`,
);
