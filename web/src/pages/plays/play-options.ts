import { useMemo } from 'react';
import { useApi } from '../../hooks/useApi.ts';
import { Personas, Segments, Stages, TargetLists, Templates } from './play-schemas.ts';

export interface Option {
  value: string;
  label: string;
}

export interface PlayOptions {
  personas: Option[];
  segments: Option[];
  lists: Option[];
  stages: Option[];
  templates: Option[];
  /** Every id above → its name, for the diagram's labels. */
  names: ReadonlyMap<string, string>;
}

/** What a segment's rule reacts to, for the entry picker: intent surges, committee changes. */
function segmentHint(rule: unknown): string {
  const text = JSON.stringify(rule ?? null);
  if (text.includes('"intentSurge"')) return ' (intent surge)';
  if (text.includes('"committee"') || text.includes('"persona"')) return ' (buying committee)';
  return '';
}

/** The builder's pickers: personas, segments, target lists, stages and e-mail templates of the workspace. */
export function usePlayOptions(): PlayOptions {
  const personas = useApi('/api/v1/personas', Personas);
  const segments = useApi('/api/v1/segments', Segments);
  const lists = useApi('/api/v1/target-lists', TargetLists);
  const stages = useApi('/api/v1/signals/stages', Stages);
  const templates = useApi('/api/v1/content/templates', Templates);
  return useMemo(() => {
    const result = {
      personas: (personas.data?.data ?? []).map((p) => ({ value: p.id, label: p.name })),
      segments: (segments.data?.data ?? []).map((s) => ({
        value: s.id,
        label: `${s.name}${segmentHint(s.rule)}`,
      })),
      lists: (lists.data?.data ?? []).map((l) => ({ value: l.id, label: `${l.name} (${l.status})` })),
      stages: (stages.data?.stages ?? []).map((s) => ({ value: s.key, label: s.name ?? s.key })),
      templates: (templates.data?.data ?? []).map((t) => ({ value: t.id, label: t.name })),
    };
    const names = new Map<string, string>();
    for (const o of [...result.personas, ...result.lists, ...result.templates]) names.set(o.value, o.label);
    for (const s of segments.data?.data ?? []) names.set(s.id, s.name);
    return { ...result, names };
  }, [personas.data, segments.data, lists.data, stages.data, templates.data]);
}
