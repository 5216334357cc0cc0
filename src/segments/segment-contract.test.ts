import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RULE_COMMITTEE_ROLES, RULE_JOB_FUNCTIONS, RULE_SENIORITIES } from '../contracts/segment-contract.ts';
import { COMMITTEE_ROLES } from '../personas/tables.ts';
import { JOB_FUNCTIONS, SENIORITIES } from '../personas/title-rules.ts';

test("the rule contract's persona lists equal the personas module's", () => {
  assert.deepEqual([...RULE_JOB_FUNCTIONS], [...JOB_FUNCTIONS]);
  assert.deepEqual([...RULE_SENIORITIES], [...SENIORITIES]);
  assert.deepEqual([...RULE_COMMITTEE_ROLES], [...COMMITTEE_ROLES]);
});
