// The compose box's "Look up error" search: Teams sends composeExtension/query with what the user
// typed; we answer with a card per matching error, ready to insert into the conversation.
import { ActivityTypes, CardFactory, type TurnContext } from 'botbuilder';
import type { ConversationDeps } from '../conversation/converse';
import { say, toLocale, type Locale } from '../conversation/strings';
import { labels, matchView } from '../conversation/views';
import { lookup, type Match } from '../engine/lookup';
import { expandCard, type Templates } from '../render/render-reply';

/** Results offered in the compose box: Teams shows a short list. */
const MAX_RESULTS = 5;

/** The labels the identification card needs when it is a search preview. */
const PREVIEW_LABELS = ['code-label', 'names-label', 'decode-label', 'confidence-label', 'is-this-your-error', 'change-fact'];

/** True when the activity is the message extension's search. */
export const isLookupQuery = (context: TurnContext) =>
  context.activity.type === ActivityTypes.Invoke && context.activity.name === 'composeExtension/query';

/** The identification card of each match, as a preview card (no triage behind it). */
export function identificationCards(deps: Omit<ConversationDeps, 'priorBoost'>, templates: Templates, matches: readonly Match[], locale: Locale) {
  const previewLabels = { ...labels(deps.strings, locale, PREVIEW_LABELS), understood: '', remembered: '' };
  return matches.map((m) => {
    const article = m.article ? deps.engine.articles.byId(m.article) : undefined;
    const view = matchView(m, article, locale);
    const card = expandCard(templates, 'identification', {
      triageId: '',
      match: view,
      alternatives: [],
      understood: [],
      remembered: [],
      labels: previewLabels,
    });
    return { ...CardFactory.adaptiveCard(card), preview: CardFactory.thumbnailCard(`${view.code} ${view.name}`.trim(), view.title ?? view.decode) };
  });
}

/** Answers the search with the identification card of each match. */
export async function answerLookupQuery(context: TurnContext, deps: Omit<ConversationDeps, 'priorBoost'>, templates: Templates): Promise<void> {
  const value = (context.activity.value ?? {}) as { parameters?: { name?: string; value?: unknown }[] };
  const text = String(value.parameters?.find((p) => p.name === 'code')?.value ?? value.parameters?.[0]?.value ?? '').trim();
  const locale = toLocale(context.activity.locale ?? undefined);
  const matches = text ? lookup(deps.engine, text, { limit: MAX_RESULTS }).matches : [];
  const attachments = identificationCards(deps, templates, matches, locale);
  const body = {
    composeExtension:
      attachments.length > 0
        ? { type: 'result', attachmentLayout: 'list', attachments }
        : { type: 'message', text: say(deps.strings, locale, text ? 'no-code' : 'help') },
  };
  await context.sendActivity({ type: 'invokeResponse', value: { status: 200, body } });
}
