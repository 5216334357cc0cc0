/** Text safe inside HTML. */
function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The preference page a recipient reaches from the link in every e-mail: topics to keep, or
 * everything off. Plain HTML with no script and no inline style (the app's CSP holds); the form
 * posts back to the same signed URL.
 */
export function preferencePage(input: {
  action: string;
  topics: { key: string; label: string }[];
  topicsOff: string[];
  unsubscribed: boolean;
  saved?: 'unsubscribed' | 'saved';
}): string {
  const status = input.saved
    ? `<p role="status"><strong>${input.saved === 'unsubscribed' ? 'You are unsubscribed from all marketing e-mail.' : 'Your choices are saved.'}</strong></p>`
    : input.unsubscribed
      ? '<p role="status">You are currently unsubscribed from all marketing e-mail. Choose topics below to receive them again.</p>'
      : '';
  const topics = input.topics
    .map((t) => {
      const checked = !input.unsubscribed && !input.topicsOff.includes(t.key) ? ' checked' : '';
      return `<li><label><input type="checkbox" name="topic" value="${esc(t.key)}"${checked}> ${esc(t.label)}</label></li>`;
    })
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>E-mail preferences</title></head>
<body><main>
<h1>E-mail preferences</h1>
${status}
<form method="post" action="${esc(input.action)}">
<fieldset><legend>Send me e-mail about</legend><ul>${topics}</ul></fieldset>
<button type="submit" name="choice" value="topics">Save my choices</button>
<button type="submit" name="choice" value="all">Unsubscribe from everything</button>
</form>
</main></body></html>`;
}
