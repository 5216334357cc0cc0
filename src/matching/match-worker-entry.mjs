// Worker-thread entry for parallel batch matching: the TypeScript sources run through tsx.
import { register } from 'tsx/esm/api';

register();
await import('./match-worker.ts');
