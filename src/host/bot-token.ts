// The bot's own bearer token for the Bot Connector, taken from the credentials botbuilder already
// holds for this turn's connector client (they cache and refresh it). Used only to fetch inline
// images from the activity's serviceUrl: the download rules decide where it may go.
import type { TurnContext } from 'botbuilder';

interface SignsRequests {
  signRequest(request: { headers: { set(name: string, value: string): void } }): Promise<unknown>;
}

/** The token, or null for an anonymous (local) bot, whose credentials sign nothing. */
export async function botToken(context: TurnContext): Promise<string | null> {
  const client = context.turnState.get(context.adapter.ConnectorClientKey) as { credentials?: SignsRequests } | undefined;
  if (!client?.credentials) return null;
  let authorization: string | null = null;
  await client.credentials.signRequest({
    headers: {
      set: (name, value) => {
        if (name.toLowerCase() === 'authorization') authorization = value;
      },
    },
  });
  const m = /^Bearer (.+)$/.exec(authorization ?? '');
  return m ? m[1]! : null;
}
