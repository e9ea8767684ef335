// "Triage this message" in a message's "..." menu: Teams sends composeExtension/submitAction with
// the message (messagePayload) and the user's choice from the command's form. The message's text
// and its readable images are triaged: in the thread, as a triage anyone there can follow, or
// privately, as a card in the dialog only the user sees.
import { ActivityTypes, type Attachment, type TurnContext } from 'botbuilder';
import type { ConversationDeps } from '../conversation/converse';
import { say, type Locale } from '../conversation/strings';
import type { Turn } from '../conversation/types';
import { MAX_INPUT_CHARS } from '../engine/extract-codes';
import { lookup } from '../engine/lookup';
import type { Templates } from '../render/render-reply';
import type { Intake, Prepared } from './intake-turn';
import { identificationCards } from './message-extension';

/** The command's id in manifest/manifest.json. */
export const TRIAGE_MESSAGE_COMMAND = 'triageMessage';

interface MessagePayload {
  body?: { contentType?: string; content?: string };
  attachments?: { contentType?: string; contentUrl?: string; name?: string }[];
}

interface ActionValue {
  commandId?: string;
  messagePayload?: MessagePayload;
  data?: { reply?: string };
}

/** True for the "Triage this message" action. */
export function isTriageMessageAction(context: TurnContext): boolean {
  const a = context.activity;
  return a.type === ActivityTypes.Invoke && a.name === 'composeExtension/submitAction' && (a.value as ActionValue | undefined)?.commandId === TRIAGE_MESSAGE_COMMAND;
}

const ENTITIES: Record<string, string> = { nbsp: ' ', amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", '#39': "'" };

/** A Teams message body's HTML as the plain text a user would copy. */
export function textOfHtml(html: string): string {
  return html
    .replace(/<br\s*\/?>|<\/(?:p|div|li|tr)>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&(nbsp|amp|lt|gt|quot|apos|#39);/g, (_m, e: string) => ENTITIES[e] ?? '')
    .replace(/[ \t]+/g, ' ')
    .trim();
}

/** Inline images of the message: <img src> in its body and image attachments. */
function imagesOf(p: MessagePayload): Attachment[] {
  const urls = [...(p.body?.content ?? '').matchAll(/<img\b[^>]*?\bsrc="([^"]+)"/gi)].map((m) => m[1]!.replace(/&amp;/g, '&'));
  for (const a of p.attachments ?? []) if (a.contentType?.startsWith('image/') && a.contentUrl) urls.push(a.contentUrl);
  return [...new Set(urls)].map((contentUrl) => ({ contentType: 'image/*', contentUrl }));
}

/**
 * Reads the action's message. Privately: answers the invoke with the card and is done. In the
 * thread: answers the invoke (closing the dialog) and hands back a message turn for the bot to run,
 * so the triage is posted where the message is.
 */
export async function prepareMessageAction(
  context: TurnContext,
  intake: Intake,
  deps: Omit<ConversationDeps, 'priorBoost'>,
  templates: Templates,
  locale: Locale,
  scope: Turn['scope'],
): Promise<Prepared | null> {
  if (!isTriageMessageAction(context)) return null;
  const value = context.activity.value as ActionValue;
  const payload = value.messagePayload ?? {};
  const body = payload.body?.content ?? '';
  const typed = payload.body?.contentType === 'text' ? body : textOfHtml(body);
  const inThread = value.data?.reply === 'thread';
  // "Only to me" posts nothing into the conversation, not even the "reading your screenshot" line.
  const read = await intake.readImages(context, imagesOf(payload), locale, { notify: inThread });
  const text = [typed, read.text].filter(Boolean).join('\n').slice(0, MAX_INPUT_CHARS);
  const invokeResponse = (b: unknown) => context.sendActivity({ type: 'invokeResponse', value: { status: 200, body: b } });
  const refusals = read.refusals.map((r) => intake.refusalText(locale, r));
  if (inThread && text.trim()) {
    await invokeResponse({});
    for (const r of refusals) await context.sendActivity(r);
    return { done: false, turn: { kind: 'message', text, locale: context.activity.locale ?? undefined, scope }, scope };
  }
  const [card] = identificationCards(deps, templates, text.trim() ? lookup(deps.engine, text, { limit: 1 }).matches : [], locale);
  const title = say(deps.strings, locale, 'intake-action-title');
  if (card) {
    await invokeResponse({ task: { type: 'continue', value: { title, card: { contentType: card.contentType, content: card.content } } } });
  } else {
    const why = text.trim() ? say(deps.strings, locale, 'no-code') : say(deps.strings, locale, 'intake-action-nothing');
    await invokeResponse({ task: { type: 'message', value: [why, ...refusals].join(' ') } });
  }
  return { done: true };
}
