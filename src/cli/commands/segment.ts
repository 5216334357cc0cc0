import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { stringify } from 'csv-stringify/sync';
import { systemContext } from '../../auth/auth-context.ts';
import type { Database } from '../../db/database.ts';
import { HttpProblem } from '../../errors/problem.ts';
import { listSegmentMembers } from '../../segments/list-segment-members.ts';
import { previewSegment } from '../../segments/preview-segment.ts';
import { rebuildSegment } from '../../segments/rebuild-segment.ts';
import { SegmentInputSchema } from '../../segments/segment-fields.ts';
import { SEGMENT_KINDS, type SegmentKind, SegmentRuleSchema } from '../../segments/segment-rule.ts';
import { createSegment, getSegment, listSegments } from '../../segments/segment-store.ts';
import type { Workspace } from '../../workspaces/create-workspace.ts';
import { fail, openCliWorkspace } from '../cli-database.ts';

interface Common {
  workspace?: string;
  data?: string;
}

/** Run a segment command on the workspace; problems (400/404/409) are reported, not thrown. */
async function withWorkspace(
  options: Common,
  job: (database: Database, workspace: Workspace) => Promise<void>,
): Promise<void> {
  const { database, workspace } = await openCliWorkspace(options);
  try {
    await job(database, workspace);
  } catch (error) {
    if (!(error instanceof HttpProblem)) throw error;
    fail(error.detail ?? error.message);
  } finally {
    await database.close();
  }
}

/** The rule of --rule (JSON text) or --rule-file (a JSON file), parsed; null after reporting the mistake. */
function readRule(options: { rule?: string; ruleFile?: string }): unknown {
  const text = options.rule ?? (options.ruleFile ? readFileSync(options.ruleFile, 'utf8') : undefined);
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    fail('the rule is not valid JSON', 2);
    return null;
  }
}

function kindOf(value: string): SegmentKind | null {
  const kind = SEGMENT_KINDS.find((k) => k === value);
  if (!kind) fail(`--kind must be account or contact, not "${value}"`, 2);
  return kind ?? null;
}

const common = (c: Command) =>
  c
    .option('--workspace <slug>', 'workspace slug or id (default: the first workspace)')
    .option('--data <dir>', 'embedded data directory (default ./.openabm, or OPENABM_DATA)');

/**
 * `openabm segment list|create|count|members|rebuild`: segments from the command line (the same
 * functions as the API). Rules are JSON (see the API's rule language), given inline or as a file.
 */
export function registerSegment(program: Command): void {
  const segment = program.command('segment').description('Segments of accounts and people');

  common(segment.command('list').description('Segments with their member counts')).action(
    async (options: Common) => {
      await withWorkspace(options, async (database, workspace) => {
        for (const s of await listSegments(database.db, workspace.id))
          process.stdout.write(
            `${s.id}  ${s.kind.padEnd(7)} ${s.type.padEnd(7)} ${String(s.memberCount).padStart(8)}  ${s.name}\n`,
          );
      });
    },
  );

  common(
    segment
      .command('create')
      .description('Create a segment (dynamic with --rule/--rule-file, or --static) and evaluate it')
      .requiredOption('--name <name>', 'segment name')
      .option('--kind <kind>', 'account or contact', 'account')
      .option('--rule <json>', 'the rule as JSON')
      .option('--rule-file <file>', 'a JSON file holding the rule')
      .option('--static', 'a static list (members added by API or CSV)'),
  ).action(
    async (
      options: Common & { name: string; kind: string; rule?: string; ruleFile?: string; static?: boolean },
    ) => {
      const rule = readRule(options);
      if (rule === null) return;
      const input = SegmentInputSchema.safeParse({
        name: options.name,
        kind: options.kind,
        type: options.static ? 'static' : 'dynamic',
        rule,
      });
      if (!input.success)
        return fail(
          input.error.issues.map((i) => `${['rule', ...i.path.slice(1)].join('.')}: ${i.message}`).join('; '),
          2,
        );
      await withWorkspace(options, async (database, workspace) => {
        const created = await createSegment(
          database.db,
          systemContext(workspace.id, 'cli:segment'),
          input.data,
        );
        process.stdout.write(`${JSON.stringify(created, null, 2)}\n`);
      });
    },
  );

  common(
    segment
      .command('count')
      .description('Count the records a rule selects now, with a sample (nothing is stored)')
      .option('--kind <kind>', 'account or contact', 'account')
      .option('--rule <json>', 'the rule as JSON')
      .option('--rule-file <file>', 'a JSON file holding the rule'),
  ).action(async (options: Common & { kind: string; rule?: string; ruleFile?: string }) => {
    const kind = kindOf(options.kind);
    const raw = readRule(options);
    if (!kind || raw === null) return;
    const rule = SegmentRuleSchema.safeParse(raw);
    if (!rule.success)
      return fail(rule.error.issues.map((i) => `rule.${i.path.join('.')}: ${i.message}`).join('; '), 2);
    await withWorkspace(options, async (database, workspace) => {
      const preview = await previewSegment(database.db, workspace.id, kind, rule.data);
      process.stdout.write(
        `${preview.count} ${kind === 'account' ? 'accounts' : 'people'} (${preview.tookMs} ms)\n`,
      );
      for (const m of preview.sample)
        process.stdout.write(`  ${m.id}  ${m.name}${m.detail ? `  <${m.detail}>` : ''}\n`);
    });
  });

  common(
    segment
      .command('members')
      .description("A segment's current members as CSV")
      .argument('<id>', 'segment id')
      .option('--out <file>', 'write to this file instead of stdout'),
  ).action(async (id: string, options: Common & { out?: string }) => {
    await withWorkspace(options, async (database, workspace) => {
      const lines: string[] = [];
      let page = await listSegmentMembers(database.db, workspace.id, id, { limit: 5000 });
      lines.push(
        stringify([['id', 'name', page.kind === 'account' ? 'domain' : 'email', 'account_id', 'entered_at']]),
      );
      for (;;) {
        lines.push(
          stringify(
            page.data.map((m) => [
              m.id,
              m.name,
              m.detail ?? '',
              m.accountId ?? '',
              m.enteredAt?.toISOString() ?? '',
            ]),
          ),
        );
        if (!page.next) break;
        page = await listSegmentMembers(database.db, workspace.id, id, { limit: 5000, after: page.next });
      }
      if (options.out) writeFileSync(options.out, lines.join(''));
      else process.stdout.write(lines.join(''));
    });
  });

  common(
    segment
      .command('rebuild')
      .description('Evaluate dynamic segments over the whole workspace now (one id, or all)')
      .argument('<id>', 'segment id, or "all"'),
  ).action(async (id: string, options: Common) => {
    await withWorkspace(options, async (database, workspace) => {
      const ids =
        id === 'all'
          ? (await listSegments(database.db, workspace.id))
              .filter((s) => s.type === 'dynamic')
              .map((s) => s.id)
          : [(await getSegment(database.db, workspace.id, id)).id];
      for (const segmentId of ids) {
        const started = performance.now();
        const change = await database.db
          .transaction()
          .execute((trx) => rebuildSegment(trx, workspace.id, segmentId));
        const after = await getSegment(database.db, workspace.id, segmentId);
        process.stdout.write(
          `${after.name}: ${after.memberCount} members (+${change.entered} −${change.exited}) in ${Math.round(performance.now() - started)} ms\n`,
        );
      }
    });
  });
}
