// Entry of the inbound worker thread (inbound-worker.ts): threads do not inherit the main thread's
// TypeScript loader, so the worker registers it before loading its module.
import { register } from 'tsx/esm/api';

register();
await import('./inbound-worker-thread.ts');
