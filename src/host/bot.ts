// Adapts the conversation to Teams: activity in → Turn, replies out → cards and text. The only
// place besides server.ts that knows botbuilder.
import { ActivityTypes, CardFactory, MessageFactory, TurnContext, type Activity, type Storage } from 'botbuilder';
import { converse, initialConversation, initialUser, type ConversationDeps } from '../conversation/converse';
import { say, toLocale, type Locale, type Strings } from '../conversation/strings';
import type { ConversationState as TriageConversation, Turn, UserState as TriageUser } from '../conversation/types';
import { renderAnswered, renderReply, type Templates } from '../render/render-reply';
import type { Escalation } from './escalation';
import type { Intake } from './intake-turn';
import type { Insights } from './insights';
import type { SpikeAlerts } from './spike-alerts';
import type { Logger } from './logger';
import { prepareMessageAction } from './message-action';
import { answerLookupQuery, isLookupQuery } from './message-extension';
import { conversationKey, userKey } from './storage/expiry';
import { withTurnState } from './turn-state';

export interface BotDeps {
  conversation: Omit<ConversationDeps, 'priorBoost'>;
  templates: Templates;
  storage: Storage;
  logger: Logger;
  /** Tickets: escalation, the support channel, "my tickets". */
  escalation?: Escalation;
  /** Triage events for reports and spike alerts; the learnt outcomes that re-rank causes. */
  insights?: Insights;
  /** Spike alerts: their buttons, and telling users of an acknowledged spike that support knows. */
  spikes?: SpikeAlerts;
  /** "report" / "informe" for support agents; false when the text is not that command. */
  report?: (context: TurnContext, text: string, locale: Locale) => Promise<boolean>;
  /** Entra tenants allowed in; empty for any. */
  allowedTenants?: readonly string[];
  /** Screenshots, log files and the "Triage this message" action. */
  intake?: Intake;
}

/** The tenant an activity comes from: Teams puts it in channelData and in the conversation. */
export function tenantOf(a: Activity): string | undefined {
  return (a.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id ?? a.conversation?.tenantId ?? undefined;
}

/** Removes Teams' <at>…</at> mention markup left after the bot's own mention is stripped. */
function plainText(context: TurnContext): string {
  const text = TurnContext.removeRecipientMention(context.activity as Partial<Activity>) ?? context.activity.text ?? '';
  return text.replace(/<at>[^<]*<\/at>/g, ' ').replace(/&nbsp;/g, ' ').trim();
}

/** Maps a Teams activity to a conversation turn, or null when there is nothing to answer. */
export function toTurn(context: TurnContext): Turn | null {
  const a = context.activity;
  const locale = a.locale ?? undefined;
  const type = a.conversation?.conversationType;
  const scope = type === 'channel' ? 'channel' : type === 'groupChat' || a.conversation?.isGroup ? 'group' : 'personal';
  if (a.type === ActivityTypes.Message) {
    if (a.value && typeof a.value === 'object' && !Array.isArray(a.value)) return { kind: 'action', data: a.value as Record<string, unknown>, locale, scope };
    const text = plainText(context);
    if (text) return { kind: 'message', text, locale, scope };
    return { kind: 'no-text', locale, scope };
  }
  if (a.type === ActivityTypes.ConversationUpdate && a.membersAdded?.some((m) => m.id === a.recipient?.id)) {
    return { kind: 'installed', locale, scope };
  }
  return null;
}

export interface TriageBot {
  onTurn(context: TurnContext): Promise<void>;
  onError(context: TurnContext, error: Error): Promise<void>;
  ready(): Promise<void>;
}

/** Builds the bot's turn handler over a Storage. */
const LOG_KEY = 'helpdesk-triage.log';
/** Pastes this long (log excerpts) get a typing indicator; short ones are answered at once. */
const TYPING_FOR_CHARS = 1000;

export function createBot(deps: BotDeps): TriageBot {
  /** The turn's logger, carrying its correlation id. */
  const turnLog = (context: TurnContext): Logger => ((context.turnState as Map<string, unknown>).get(LOG_KEY) as Logger | undefined) ?? deps.logger;

  const conversationDeps: ConversationDeps = { ...deps.conversation, ...(deps.insights ? { priorBoost: deps.insights.outcomes.boost } : {}) };
  const strings: Strings = deps.conversation.strings;

  return {
    ready: async () => deps.insights?.start(),

    async onTurn(context) {
      const started = Date.now();
      // One correlation id per turn on every line the turn logs: the activity's own id.
      const log = deps.logger.child?.({ correlationId: context.activity.id ?? null }) ?? deps.logger;
      (context.turnState as Map<string, unknown>).set(LOG_KEY, log);
      try {
        await handle(context);
      } finally {
        log.debug?.('turn', { type: context.activity.type, name: context.activity.name ?? null, ms: Date.now() - started });
      }
    },

    async onError(context, error) {
      turnLog(context).error('turn failed', { activityId: context.activity.id, error: error.message, stack: error.stack });
      const locale = toLocale(context.activity.locale ?? undefined);
      await context.sendActivity(MessageFactory.text(say(strings, locale, 'apology')));
    },
  };

  async function handle(context: TurnContext): Promise<void> {
    const a = context.activity;
    const locale = toLocale(a.locale ?? undefined);
    const allowed = deps.allowedTenants ?? [];
    if (allowed.length > 0 && !allowed.includes(tenantOf(a) ?? '')) {
      // Another organisation's user: a polite no, and nothing about them is stored.
      if (a.type === ActivityTypes.Message) await context.sendActivity(say(strings, locale, 'tenant-not-allowed'));
      return;
    }
    if (isLookupQuery(context)) return answerLookupQuery(context, deps.conversation, deps.templates);
    let turn = toTurn(context);
    // A screenshot, a log file or the "Triage this message" action becomes a message turn.
    if (deps.intake) {
      const scope = turn?.scope ?? (a.conversation?.conversationType === 'channel' ? 'channel' : a.conversation?.isGroup ? 'group' : 'personal');
      const prepared =
        (await prepareMessageAction(context, deps.intake, deps.conversation, deps.templates, locale, scope)) ?? (await deps.intake.prepare(context, turn, locale));
      if (prepared?.done) return;
      if (prepared) turn = prepared.turn;
    }
    if (!turn) return;
    // "Typing…" while a long paste is read. Sent and awaited inside the turn: botbuilder's
    // ShowTypingMiddleware keeps a timer that can fire after the turn ended and crash the process.
    if (turn.kind === 'message' && turn.text.length >= TYPING_FOR_CHARS) await context.sendActivity({ type: ActivityTypes.Typing });
    deps.spikes?.seen(context);
    if (turn.kind === 'message' && deps.report && (await deps.report(context, turn.text, locale))) return;
    if (turn.kind === 'action' && deps.spikes && (await deps.spikes.action(context, turn.data, locale))) return;
    // Ticket commands and the ticket cards' buttons work outside any triage.
    if (deps.escalation) {
      if (turn.kind === 'message' && (await deps.escalation.command(context, turn.text, locale))) return;
      if (turn.kind === 'action' && (await deps.escalation.action(context, turn.data, locale))) return;
    }
    // State is saved before anything is sent, so a reply never describes a state that was lost.
    const result = await withTurnState<TriageConversation, TriageUser, ReturnType<typeof converse>>(
      deps.storage,
      { conversation: conversationKey(a.channelId, a.conversation.id), user: userKey(a.channelId, a.from.id) },
      () => ({ conversation: initialConversation(), user: initialUser() }),
      (state) => converse(conversationDeps, state.conversation, state.user, turn),
    );
    deps.insights?.record(context, result.events);
    for (const effect of result.effects) {
      if (effect.kind === 'create-ticket') await deps.escalation?.create(context, effect, result.user.locale ?? locale);
    }
    // One batch: botbuilder runs its send pipeline once for all of the turn's replies.
    const outgoing = result.replies.map((reply) => {
      const r = renderReply(deps.templates, reply);
      return r.kind === 'text' ? MessageFactory.text(r.text) : MessageFactory.attachment(CardFactory.adaptiveCard(r.card), undefined, r.summary);
    });
    if (deps.spikes) outgoing.push(...(await deps.spikes.noticesFor(result.events, result.user.locale ?? locale)));
    if (outgoing.length > 0) await context.sendActivities(outgoing);
    // The clicked card is replaced by its answered form, so it cannot be clicked twice.
    const clicked = a.replyToId;
    if (turn.kind === 'action' && clicked && !result.staleClick) {
      const { data } = turn;
      const rendered = result.updated ? renderReply(deps.templates, result.updated) : null;
      const card = rendered?.kind === 'card' ? rendered.card : renderAnswered(deps.templates, String(data.title ?? ''), String(data.label ?? data.value ?? ''));
      try {
        await context.updateActivity({ id: clicked, type: ActivityTypes.Message, attachments: [CardFactory.adaptiveCard(card)] });
      } catch (e) {
        turnLog(context).warn('could not update the clicked card', { error: (e as Error).message });
      }
    }
  }
}
