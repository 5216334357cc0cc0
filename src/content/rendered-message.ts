/** One message rendered for one contact: what a channel sends. */
export interface RenderedMessage {
  subject: string;
  /** The inbox preview line (also placed, hidden, at the top of `html`). */
  preheader: string;
  html: string;
  /** The plain-text part: the template's own, or generated from the HTML. */
  text: string;
  /** Variables used but without a value, e.g. "account.industry" (a block without a fitting variant: "block:intro"). */
  missingVariables: string[];
  /** The template version rendered (sends record it). */
  templateId: string;
  templateVersion: number;
}
