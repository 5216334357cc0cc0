/**
 * What a template renders for one recipient (the content module's RenderedMessage has this shape):
 * the sender adds the unsubscribe link, tracking and headers around it.
 */
export interface RenderedMessage {
  subject: string;
  preheader: string;
  html: string;
  text: string;
  /** Template variables the recipient had no value for (reported, not left blank silently). */
  missingVariables: string[];
}

/** Renders one batch's message for a contact. */
export type RenderForContact = (contactId: string) => Promise<RenderedMessage>;
