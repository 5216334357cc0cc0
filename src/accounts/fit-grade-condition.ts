import { type RawBuilder, type SqlBool, sql } from 'kysely';
import { GRADE_MIN_SCORE } from '../fit/icp-criteria.ts';
import type { ListValue, RewritableOperator, RowCondition } from '../records/list-fields.ts';

const GRADES = ['A', 'B', 'C', 'D'] as const;
type Grade = (typeof GRADES)[number];
const isGrade = (v: ListValue): v is Grade => GRADES.some((g) => g === v);

/** The score range of a grade on the account_fit row aliased `row` (grade A: score ≥ 80, …). */
function gradeRange(row: string, grade: Grade): RawBuilder<SqlBool> {
  const score = sql.ref(`${row}.score`);
  const index = GRADES.indexOf(grade);
  const above = index > 0 ? GRADES[index - 1] : undefined;
  const low = sql`${score} >= ${sql.lit(GRADE_MIN_SCORE[grade])}`;
  return above
    ? sql<SqlBool>`(${low} AND ${score} < ${sql.lit(GRADE_MIN_SCORE[above])})`
    : sql<SqlBool>`${low}`;
}

/**
 * `fitGrade` filters as score ranges on account_fit: a grade is a function of the score, so
 * `fitGrade=A` is the range `score ≥ 80` of the (workspace_id, score, account_id) index that also
 * serves sorting (no index on grade to maintain when every account is rescored).
 */
export function fitGradeCondition(
  op: RewritableOperator,
  values: readonly ListValue[],
): RowCondition | undefined {
  const grades = values.filter(isGrade);
  if (grades.length !== values.length || grades.length === 0) return undefined;
  if (op !== 'eq' && op !== 'ne' && op !== 'in') return undefined;
  const any = (row: string) =>
    sql<SqlBool>`(${sql.join(
      grades.map((g) => gradeRange(row, g)),
      sql` OR `,
    )})`;
  return op === 'ne' ? (row) => sql<SqlBool>`NOT coalesce(${any(row)}, false)` : any;
}
