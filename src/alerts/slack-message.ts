/** What a Slack-compatible message says about one alert. */
export interface AlertMessageInput {
  kind: string;
  title: string;
  reason: string;
  link: string;
  accountName: string;
  ownerName: string | null;
  at: Date;
}

/** Slack's mrkdwn needs only these three escaped. */
function mrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

const KIND_LABEL: Record<string, string> = {
  mqa: 'Reached MQA',
  surge: 'Intent surge',
  key_persona: 'Key persona engaged',
  committee_member: 'New committee member',
  hand_raiser: 'Hand-raiser',
};

/**
 * An incoming-webhook payload in Block Kit (Slack; Mattermost and Rocket.Chat read `text`): a header
 * with what happened, a section saying why with fields (account, kind, owner, when), and a button to
 * the account's dossier. `text` is the notification's plain fallback. Lengths are clipped to Block
 * Kit's limits (header 150, section text 3,000, field 2,000).
 */
export function slackMessage(input: AlertMessageInput): Record<string, unknown> {
  const kind = KIND_LABEL[input.kind] ?? input.kind;
  return {
    text: clip(`${input.title} — ${input.reason}`, 3000),
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: clip(input.title, 150), emoji: false } },
      {
        type: 'section',
        text: { type: 'mrkdwn', text: clip(mrkdwn(input.reason), 3000) },
        fields: [
          { type: 'mrkdwn', text: clip(`*Account*\n${mrkdwn(input.accountName)}`, 2000) },
          { type: 'mrkdwn', text: `*Alert*\n${mrkdwn(kind)}` },
          { type: 'mrkdwn', text: clip(`*Owner*\n${mrkdwn(input.ownerName ?? 'unassigned')}`, 2000) },
          { type: 'mrkdwn', text: `*When*\n${input.at.toISOString().slice(0, 16).replace('T', ' ')} UTC` },
        ],
      },
      {
        type: 'actions',
        elements: [
          {
            type: 'button',
            text: { type: 'plain_text', text: 'Open the dossier' },
            url: input.link,
            action_id: 'open_dossier',
            style: 'primary',
          },
        ],
      },
    ],
  };
}
