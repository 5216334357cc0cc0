/** Input that cannot give a useful model (one class, too few rows, no usable columns …); the message says why. */
export class FitInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FitInputError';
  }
}
