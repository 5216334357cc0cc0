/**
 * The segment rule language lives in src/contracts/segment-contract.ts (the web app's builder
 * parses rules with it too); this module re-exports it for the server.
 */
export {
  ACCOUNT_RULE_FIELDS,
  type AccountRuleField,
  CONTACT_RULE_FIELDS,
  type ContactRuleField,
  FIELD_OPERATORS,
  type FieldOperator,
  type RuleWindow,
  SEGMENT_KINDS,
  type SegmentKind,
  type SegmentLeaf,
  type SegmentRule,
  SegmentRuleSchema,
  WindowSchema,
} from '../contracts/segment-contract.ts';
