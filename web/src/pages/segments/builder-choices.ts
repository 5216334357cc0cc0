import { createContext, useContext } from 'react';

export interface Choice {
  id: string;
  name: string;
}

/** What the condition editors offer to pick from: personas, intent topics, target lists, other segments. */
export interface BuilderChoices {
  personas: Choice[];
  topics: Choice[];
  targetLists: (Choice & { period: string; status: string })[];
  segments: (Choice & { kind: 'account' | 'contact' })[];
  /** The segment being edited (not offered to refer to itself). */
  selfId: string | null;
}

export const BuilderChoicesContext = createContext<BuilderChoices>({
  personas: [],
  topics: [],
  targetLists: [],
  segments: [],
  selfId: null,
});

export const useChoices = () => useContext(BuilderChoicesContext);
