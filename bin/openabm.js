#!/usr/bin/env node
// The openabm CLI. Runs the TypeScript sources directly through tsx, so the checkout needs no build step.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
