// The HTTP entry of a turn. CloudAdapter.process checks its arguments and the body with zod
// schemas on every request (two record parses of the whole activity), which cost about a tenth of
// a paste turn here. The server already knows its arguments are restify's and checks the body
// itself, so this adapter goes straight to processActivity: the same authentication, the same
// turn, the same response.
import { CloudAdapter, StatusCodes, type Activity, type TurnContext } from 'botbuilder';
import { AuthenticationError } from 'botframework-connector';
import type { Request, Response } from 'restify';

/** What a request body must be to reach the bot. */
export function isActivityBody(body: unknown): body is Activity {
  return typeof body === 'object' && body !== null && !Array.isArray(body) && typeof (body as { type?: unknown }).type === 'string';
}

/** Time stamps arrive as ISO strings; botbuilder's turn expects Dates and keeps the raw text. */
function withDates(activity: Activity): Activity {
  const a = activity as Activity & Record<string, unknown>;
  for (const [field, raw] of [
    ['timestamp', 'rawTimestamp'],
    ['expiration', 'rawExpiration'],
    ['localTimestamp', 'rawLocalTimestamp'],
  ] as const) {
    const value = a[field];
    if (typeof value === 'string') {
      a[raw] = value;
      a[field] = new Date(value);
    }
  }
  return activity;
}

export class TriageAdapter extends CloudAdapter {
  /**
   * Runs one turn for a POSTed activity and writes the response: the invoke response (the
   * replies when the client asked for expectReplies) or 200; 401 when the caller fails
   * authentication, 500 when the turn throws past onTurnError.
   */
  async handle(req: Request, res: Response, logic: (context: TurnContext) => Promise<void>, onError: (e: unknown) => void): Promise<void> {
    const activity = withDates(req.body as Activity);
    const header = req.headers.authorization;
    try {
      const invoke = await this.processActivity(typeof header === 'string' ? header : '', activity, logic);
      res.status(invoke?.status ?? StatusCodes.OK);
      // As CloudAdapter.process does: a body only when the turn produced one.
      if (invoke?.body) res.send(invoke.body);
      else res.end();
    } catch (e) {
      if (e instanceof AuthenticationError) {
        res.send(StatusCodes.UNAUTHORIZED, { error: e.message });
        return;
      }
      onError(e);
      res.send(StatusCodes.INTERNAL_SERVER_ERROR, { error: 'The turn failed.' });
    }
  }
}
