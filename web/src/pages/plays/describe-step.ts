import { humanize } from '../../format.ts';
import type { Condition, PlayDefinition, Step, Track } from './play-schemas.ts';

/** Names for ids the definition holds (personas, templates, segments, lists), for labels. */
export type Names = ReadonlyMap<string, string>;

export const STEP_TYPES: readonly { type: Step['type']; label: string }[] = [
  { type: 'email', label: 'Send e-mail' },
  { type: 'wait', label: 'Wait' },
  { type: 'branch', label: 'Branch' },
  { type: 'trigger_track', label: "Start another persona's track" },
  { type: 'task', label: 'Owner task' },
  { type: 'alert', label: 'Alert the owner' },
  { type: 'webhook', label: 'Webhook' },
  { type: 'set_field', label: 'Set field or tag' },
];

const name = (names: Names, id: string | undefined, fallback: string) =>
  id ? (names.get(id) ?? `${fallback} ${id.slice(0, 8)}`) : fallback;

/** A condition in words: "stage is MQA", "the contact responded (email_click)". */
export function describeCondition(c: Condition, names: Names): string {
  switch (c.type) {
    case 'stage_in':
      return `stage is ${c.stages.join(' or ')}`;
    case 'engagement_at_least':
      return `engagement ≥ ${c.score}`;
    case 'tier_in':
      return `tier ${c.tiers.join(', ')}`;
    case 'fit_grade_in':
      return `fit grade ${c.grades.join(', ')}`;
    case 'responded': {
      const who =
        c.who === 'contact'
          ? 'this person'
          : c.who === 'persona'
            ? name(names, c.personaId, 'persona')
            : 'anyone';
      return `${who} responded (${c.activityTypes.join(', ')})`;
    }
    case 'random':
      return `A/B split ${Math.round(c.share * 100)}%`;
  }
}

/** A step's one-line summary for the diagram and lists. */
export function describeStep(step: Step, names: Names, tracks: readonly Track[]): string {
  switch (step.type) {
    case 'email':
      return `E-mail: ${name(names, step.templateId, 'template')}`;
    case 'wait': {
      const span = [step.days ? `${step.days} d` : '', step.hours ? `${step.hours} h` : '']
        .filter(Boolean)
        .join(' ');
      return step.until
        ? `Wait until ${describeCondition(step.until, names)} (≤ ${step.timeoutDays} d)`
        : `Wait ${span || '0 d'}`;
    }
    case 'branch':
      return `If ${describeCondition(step.condition, names)}`;
    case 'trigger_track':
      return `Start “${tracks.find((t) => t.key === step.track)?.name ?? step.track}”`;
    case 'task':
      return `Task: ${step.title} (due ${step.dueDays} d)`;
    case 'alert':
      return `Alert: ${step.title}`;
    case 'webhook':
      return `Webhook: ${safeHost(step.url)}`;
    case 'set_field':
      return `Set ${step.field} = ${String(step.value)}`;
  }
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** How a track starts, in words. */
export function describeStart(track: Track, names: Names): string {
  const s = track.start;
  if (s.on === 'entry') return 'starts on entry';
  if (s.on === 'trigger') return 'starts when triggered';
  return `starts on ${s.activityType} by ${s.personaId ? name(names, s.personaId, 'persona') : 'anyone'}${s.urlPattern ? ` (${s.urlPattern})` : ''}`;
}

/** The entry in words. */
export function describeEntry(definition: PlayDefinition, names: Names): string {
  const e = definition.entry;
  switch (e.type) {
    case 'segment':
      return `members of segment ${name(names, e.segmentId, 'segment')}`;
    case 'target_list':
      return `target list ${name(names, e.listId, 'list')}${e.tiers ? `, tier ${e.tiers.join('/')}` : ''}`;
    case 'stage':
      return `accounts reaching ${humanize(e.stage)}`;
    case 'activity':
      return `${e.activityType} by ${e.personaId ? name(names, e.personaId, 'persona') : 'anyone'}`;
    case 'api':
      return 'API call';
  }
}
