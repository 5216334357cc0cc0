import type { SegmentKind, SegmentLeaf, SegmentRule } from '../../../../src/contracts/segment-contract.ts';

/** Every node type of the rule language, with the label the builder shows. */
export const NODE_LABELS: Record<SegmentRule['type'], string> = {
  and: 'All of (AND)',
  or: 'Any of (OR)',
  not: 'Not',
  account: "The person's account…",
  people: 'At least N people at the account…',
  field: 'Account field',
  contactField: 'Person field',
  custom: 'Custom field',
  targetList: 'On a target list',
  hierarchy: 'Hierarchy',
  engagement: 'Engagement score',
  momentum: 'Momentum',
  intentSurge: 'Intent surge',
  committee: 'Buying committee role',
  engagedPeople: 'Engaged people',
  opportunity: 'Opportunity',
  persona: 'Persona',
  activity: 'Behaviour (activity)',
  inSegment: 'In segment',
  peopleInSegment: 'People in segment',
  accountInSegment: 'Account in segment',
};

/** Node types a level of the rule can hold (the server refuses the others with a 400 naming the node). */
const ACCOUNT_LEVEL: SegmentRule['type'][] = [
  'field',
  'custom',
  'targetList',
  'hierarchy',
  'engagement',
  'momentum',
  'intentSurge',
  'committee',
  'engagedPeople',
  'opportunity',
  'activity',
  'inSegment',
  'peopleInSegment',
  'people',
];
const CONTACT_LEVEL: SegmentRule['type'][] = [
  'contactField',
  'persona',
  'custom',
  'engagement',
  'activity',
  'inSegment',
  'accountInSegment',
  'account',
];

/** The condition types offered at a level (groups first). */
export function typesFor(level: SegmentKind): SegmentRule['type'][] {
  return ['and', 'or', 'not', ...(level === 'account' ? ACCOUNT_LEVEL : CONTACT_LEVEL)];
}

/** A new node of a type, with sensible defaults the marketer then edits. */
export function newNode(type: SegmentRule['type'], level: SegmentKind): SegmentRule {
  const blank = (): SegmentRule => newNode(level === 'account' ? 'field' : 'contactField', level);
  switch (type) {
    case 'and':
    case 'or':
      return { type, rules: [blank()] };
    case 'not':
      return { type, rule: blank() };
    case 'account':
      return { type, rule: newNode('field', 'account') };
    case 'people':
      return { type, atLeast: 1, rule: newNode('contactField', 'contact') };
    case 'field':
      return { type, field: 'tier', op: 'eq', value: 1 };
    case 'contactField':
      return { type, field: 'jobFunction', op: 'in', value: ['finance'] };
    case 'custom':
      return { type, key: '', op: 'eq', value: '' };
    case 'targetList':
      return { type };
    case 'hierarchy':
      return { type, relation: 'childOf', accountId: '' };
    case 'engagement':
    case 'momentum':
      return { type, min: 0 };
    case 'intentSurge':
      return { type };
    case 'committee':
      return { type, role: 'decision_maker', covered: false };
    case 'engagedPeople':
      return { type, atLeast: 3, withinDays: 30, distinctPersonas: false };
    case 'opportunity':
      return { type, state: 'open' };
    case 'persona':
      return { type, personaIds: [] };
    case 'activity':
      return { type, atLeast: 1, window: { lastDays: 30 } };
    case 'inSegment':
    case 'accountInSegment':
      return { type, segmentId: '' };
    case 'peopleInSegment':
      return { type, segmentId: '', atLeast: 1 };
  }
}

/** The level (account or person) the children of a node are evaluated at. */
export function childLevel(node: SegmentRule, level: SegmentKind): SegmentKind {
  return node.type === 'account' ? 'account' : node.type === 'people' ? 'contact' : level;
}

/** A child's path under its parent's, as the API names rule nodes (`rules.1.rule`). */
export function childPath(parent: string, part: string): string {
  return parent ? `${parent}.${part}` : part;
}

/** Field errors of a failed save or preview, keyed by their path under `body.rule` ('' = the root). */
export type RuleErrors = { path: string; message: string }[];

/** The server's errors under `body.rule`, re-rooted at the rule; the other errors apart. */
export function splitErrors(errors: readonly { path: string; message: string }[]): {
  rule: RuleErrors;
  other: RuleErrors;
} {
  const rule: RuleErrors = [];
  const other: RuleErrors = [];
  for (const e of errors) {
    if (e.path === 'body.rule') rule.push({ path: '', message: e.message });
    else if (e.path.startsWith('body.rule.')) rule.push({ path: e.path.slice(10), message: e.message });
    else other.push(e);
  }
  return { rule, other };
}

/**
 * The errors that belong to the node at `path`: its own and those of its fields (`op`, `window.lastDays`),
 * not those of its children (`rules.N…`, `rule…`), which those children show.
 */
export function ownErrors(errors: RuleErrors, path: string): string[] {
  return errors
    .filter((e) => {
      if (e.path === path) return true;
      const prefix = path ? `${path}.` : '';
      if (!e.path.startsWith(prefix)) return false;
      const first = e.path.slice(prefix.length).split('.')[0];
      return first !== 'rules' && first !== 'rule';
    })
    .map((e) => {
      const rest = path ? e.path.slice(path.length + 1) : e.path;
      return rest ? `${rest}: ${e.message}` : e.message;
    });
}

/** A one-line summary of a rule for the segment list. */
export function summarize(rule: SegmentRule): string {
  switch (rule.type) {
    case 'and':
    case 'or':
      return rule.rules.map(summarize).join(rule.type === 'and' ? ' AND ' : ' OR ');
    case 'not':
      return `NOT (${summarize(rule.rule)})`;
    case 'account':
      return `account: (${summarize(rule.rule)})`;
    case 'people':
      return `≥${rule.atLeast} people: (${summarize(rule.rule)})`;
    default:
      return NODE_LABELS[rule.type];
  }
}

const COMBINATORS = new Set<SegmentRule['type']>(['and', 'or', 'not', 'account', 'people']);

/** A condition (not a group, NOT or level-crossing node). */
export function isLeaf(node: SegmentRule): node is SegmentLeaf {
  return !COMBINATORS.has(node.type);
}
