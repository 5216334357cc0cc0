/**
 * Matching accuracy: precision, recall and F1 of the matcher on a labelled evaluation set, side by side
 * with two baselines — exact email domain only (Twenty/HubSpot style) and exact company name only
 * (Mautic style) — plus a per-kind breakdown (F1, precision and recall of the matcher per kind).
 *
 * Sets: `generated` (synthetic names, bench/match-eval-set.ts) and `real` (real public company names,
 * bench/match-real-set.ts) with `--part dev|holdout|all`. `--json FILE` writes the figures, so a run
 * of an earlier version can be kept and shown side by side with `--compare FILE`.
 *
 *   node --import tsx bench/match-accuracy.ts --accounts 5000 --leads 20000 --seed 7
 *   node --import tsx bench/match-accuracy.ts --set real --part holdout --compare bench/data/match-real-before.json
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { AccountIndex } from '../src/matching/account-index.ts';
import { matchLead } from '../src/matching/match-lead.ts';
import { DEFAULT_MATCH_CONFIG } from '../src/matching/match-types.ts';
import { type EvalLead, generateAccounts, generateLeads } from './match-eval-set.ts';
import { type RealPart, realAccounts, realLeads } from './match-real-set.ts';

const { values } = parseArgs({
  options: {
    accounts: { type: 'string', default: '5000' },
    leads: { type: 'string', default: '20000' },
    seed: { type: 'string', default: '7' },
    threshold: { type: 'string', default: String(DEFAULT_MATCH_CONFIG.threshold) },
    errors: { type: 'string', default: '0' },
    set: { type: 'string', default: 'generated' },
    part: { type: 'string', default: 'holdout' },
    json: { type: 'string' },
    compare: { type: 'string' },
  },
});
const seed = Number(values.seed);
const real = values.set === 'real';
const part: RealPart = values.part === 'dev' ? 'dev' : values.part === 'all' ? 'all' : 'holdout';
const accounts = real ? realAccounts() : generateAccounts(Number(values.accounts), seed);
const leads = real
  ? realLeads(accounts, part, Number(values.leads), seed + 1)
  : generateLeads(accounts, Number(values.leads), seed + 1);
const index = AccountIndex.build(accounts);
const config = { ...DEFAULT_MATCH_CONFIG, threshold: Number(values.threshold) };

const byDomain = new Map<string, string>();
for (const a of accounts) for (const d of a.domainsAll) if (!byDomain.has(d)) byDomain.set(d, a.id);
const byName = new Map<string, string>();
for (const a of accounts) {
  const k = a.name.trim().toLowerCase();
  if (!byName.has(k)) byName.set(k, a.id);
}
const FREE = /^(gmail|yahoo|hotmail|outlook|gmx|web|icloud|mail|qq|163|live)\./;

type Predictor = (lead: EvalLead) => string | null;
const predictors: Record<string, Predictor> = {
  matcher: (lead) => {
    const r = matchLead(index, lead, config);
    return r.status === 'matched' ? r.accountId : null;
  },
  exact_email_domain: (lead) => {
    const host = (lead.email ?? '').split('@')[1]?.toLowerCase();
    if (!host || FREE.test(host)) return null;
    return byDomain.get(host) ?? null;
  },
  exact_company_name: (lead) => byName.get((lead.company ?? '').trim().toLowerCase()) ?? null,
};

interface Score {
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  f1: number;
}
function score(predict: Predictor, set: EvalLead[], errors: string[] | null): Score {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const lead of set) {
    const p = predict(lead);
    if (p !== null && p === lead.truth) tp++;
    else {
      if (p !== null) fp++;
      if (lead.truth !== null) fn++;
      if (errors && p !== lead.truth && errors.length < Number(values.errors)) {
        const truthName = accounts.find((a) => a.id === lead.truth)?.name ?? null;
        const got = accounts.find((a) => a.id === p)?.name ?? null;
        errors.push(
          `${lead.kind}: ${JSON.stringify({ email: lead.email, company: lead.company, country: lead.country, website: lead.website })} truth=${truthName} got=${got}`,
        );
      }
    }
  }
  const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  const r3 = (x: number) => Math.round(x * 1000) / 1000;
  return { tp, fp, fn, precision: r3(precision), recall: r3(recall), f1: r3(f1) };
}

const errors: string[] = [];
const overall = Object.fromEntries(
  Object.entries(predictors).map(([name, p]) => [name, score(p, leads, name === 'matcher' ? errors : null)]),
);
const kinds = [...new Set(leads.map((l) => l.kind))].sort();
const matcherOnly = predictors.matcher ?? (() => null);
// Per kind: F1 of each predictor; for the matcher also recall (kinds with an account) or the number of
// false matches (kinds whose leads must not match).
const perKind: Record<string, Record<string, number>> = Object.fromEntries(
  kinds.map((k) => {
    const subset = leads.filter((l) => l.kind === k);
    const m = score(matcherOnly, subset, null);
    return [
      k,
      {
        leads: subset.length,
        ...Object.fromEntries(Object.entries(predictors).map(([n, p]) => [n, score(p, subset, null).f1])),
        matcher_recall: m.recall,
        matcher_false_matches: m.fp,
      },
    ];
  }),
);
const report = {
  set: real ? `real/${part}` : 'generated',
  accounts: accounts.length,
  leads: leads.length,
  seed,
  threshold: config.threshold,
  overall,
  f1ByKind: perKind,
};
console.log(JSON.stringify(report, null, 2));
if (values.json) writeFileSync(values.json, `${JSON.stringify(report, null, 2)}\n`);
if (values.compare) {
  const Earlier = z.object({
    overall: z.record(z.string(), z.object({ precision: z.number(), recall: z.number(), f1: z.number() })),
    f1ByKind: z.record(z.string(), z.record(z.string(), z.number())),
  });
  const before = Earlier.parse(JSON.parse(readFileSync(values.compare, 'utf8')));
  const b = before.overall.matcher;
  const a = overall.matcher;
  console.log('\nside by side (earlier → now)\nkind\tleads\tmatcher F1\trecall\tfalse matches');
  if (a && b)
    console.log(
      `overall\t${leads.length}\tP ${b.precision} R ${b.recall} F1 ${b.f1} → P ${a.precision} R ${a.recall} F1 ${a.f1}`,
    );
  const was = (k: string, field: string) => before.f1ByKind[k]?.[field] ?? '-';
  for (const [k, v] of Object.entries(perKind)) {
    const fields = ['matcher', 'matcher_recall', 'matcher_false_matches'];
    console.log(`${k}\t${v.leads}\t${fields.map((f) => `${was(k, f)} → ${v[f] ?? '-'}`).join('\t')}`);
  }
}
for (const e of errors) console.error(e);
const m = overall.matcher;
if (m && (m.f1 < 0.97 || m.precision < 0.98))
  console.error(`below target: F1 ${m.f1} (≥ 0.97), precision ${m.precision} (≥ 0.98)`);
