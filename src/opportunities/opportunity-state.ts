import { HttpProblem } from '../errors/problem.ts';

/**
 * The closed/won flags after applying input to the current state: a won opportunity is closed, so
 * `isWon: true` closes it; explicitly reopening a won opportunity without un-winning it is a 422.
 */
export function opportunityState(
  current: { isClosed: boolean; isWon: boolean },
  input: { isClosed?: boolean | undefined; isWon?: boolean | undefined },
): { isClosed: boolean; isWon: boolean } {
  const isWon = input.isWon ?? current.isWon;
  const isClosed = input.isClosed ?? (input.isWon === true ? true : current.isClosed);
  if (isWon && !isClosed) {
    throw new HttpProblem(422, 'Invalid value', {
      detail: 'body.isClosed: a won opportunity is closed; set isWon false to reopen it',
      errors: [
        { path: 'body.isClosed', message: 'a won opportunity is closed; set isWon false to reopen it' },
      ],
    });
  }
  return { isClosed, isWon };
}
