import { useEffect, useState } from 'react';
import type { SegmentKind, SegmentRule } from '../../../../src/contracts/segment-contract.ts';
import { ApiError, api } from '../../api.ts';
import { describeError } from '../../hooks/useApi.ts';
import { type RuleErrors, splitErrors } from './rule-tree.ts';
import { Preview, type PreviewT } from './segment-schemas.ts';

export interface PreviewState {
  preview: PreviewT | null;
  /** Errors the server named under `body.rule` (shown beside their conditions). */
  ruleErrors: RuleErrors;
  /** Any other failure, as a sentence. */
  failure: string | null;
  loading: boolean;
}

/**
 * The builder's live count: POST /segments/preview with the rule being edited, `delay` ms after the
 * last change (older answers are dropped). `rule` null (a static segment) skips it.
 */
export function usePreview(kind: SegmentKind, rule: SegmentRule | null, delay = 400): PreviewState {
  const [state, setState] = useState<PreviewState>({
    preview: null,
    ruleErrors: [],
    failure: null,
    loading: false,
  });
  // The rule's JSON is the dependency: a re-render with an equal rule does not ask again.
  const json = rule ? JSON.stringify(rule) : null;
  useEffect(() => {
    if (json === null) return undefined;
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    const timer = setTimeout(() => {
      api('/api/v1/segments/preview', {
        method: 'POST',
        json: { kind, rule: JSON.parse(json), sample: 10 },
      })
        .then((body) => {
          if (!live) return;
          const parsed = Preview.safeParse(body);
          setState(
            parsed.success
              ? { preview: parsed.data, ruleErrors: [], failure: null, loading: false }
              : {
                  preview: null,
                  ruleErrors: [],
                  failure: 'Unexpected answer from the preview',
                  loading: false,
                },
          );
        })
        .catch((e: unknown) => {
          if (!live) return;
          const split = e instanceof ApiError && e.status === 400 ? splitErrors(e.errors) : null;
          setState((s) => ({
            preview: s.preview,
            ruleErrors: split?.rule ?? [],
            failure: split && split.rule.length > 0 && split.other.length === 0 ? null : describeError(e),
            loading: false,
          }));
        });
    }, delay);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [kind, json, delay]);
  return state;
}
