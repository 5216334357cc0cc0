import { HttpProblem } from '../errors/problem.ts';

/** A rule that parses but cannot be compiled (wrong kind, unknown segment, bad value): names the rule path. */
export class RuleError extends Error {
  readonly path: string;

  constructor(path: string, message: string) {
    const clean = path.replace(/^\.+/, '');
    super(`${clean}: ${message}`);
    this.path = clean;
  }

  /** As the API's 400, the path under `prefix` (e.g. `body.rule`). */
  toProblem(prefix: string): HttpProblem {
    const path = this.path ? `${prefix}.${this.path}` : prefix;
    const message = this.message.slice(this.path.length + 2);
    return new HttpProblem(400, 'Invalid segment rule', {
      detail: `${path}: ${message}`,
      errors: [{ path, message }],
    });
  }
}
