// Tickets in Teams: filing one from the escalation form, posting it to the support channel in its
// own thread, the agents' buttons on it, notifying the requester, "my tickets" and "status 42".
import { CardFactory, MessageFactory, TurnContext, type Activity, type ConversationReference } from 'botbuilder';
import { say, toLocale, type Locale, type Strings } from '../conversation/strings';
import type { Effect } from '../conversation/types';
import { expandCard, type Templates } from '../render/render-reply';
import { ticketListView, ticketView } from '../render/ticket-view';
import type { Person, Ticket, TicketChange, TicketStore } from '../tickets/types';
import type { Logger } from './logger';

const SUPPORT_CHANNEL = 'support-channel';
/** Tickets one person may open in an hour: enough for real trouble, not for a stuck client. */
export const TICKETS_PER_HOUR = 5;
const MAX_NOTE = 2000;
const MY_TICKETS_SHOWN = 10;

export interface SupportChannel {
  reference: Partial<ConversationReference>;
  teamId: string | null;
}

export interface EscalationDeps {
  store: TicketStore;
  strings: Strings;
  templates: Templates;
  logger: Logger;
  /** The bot's app id ('' when anonymous), for proactive messages. */
  appId: string;
  /** Teams user ids or Entra object ids allowed to act on tickets besides the support team. */
  agents: readonly string[];
  /** Called when a new ticket is stored: the outbox files it in the external systems. */
  onCreated?: (ticket: Ticket) => void;
}

/** What people do to a ticket (the bot records its channel post itself). */
type WorkChange = Exclude<TicketChange, { kind: 'channel-post' }>;

type TicketCommand = { kind: 'set-channel' } | { kind: 'mine' } | { kind: 'status'; number: number } | { kind: 'reopen'; number: number };

/** Reads a ticket command ("my tickets", "status 42", "set support channel"), or null. */
export function parseTicketCommand(text: string): TicketCommand | null {
  const t = text.trim().toLowerCase().replace(/[.!¡¿?]+$/g, '');
  if (/^(set|use)( this( channel)? as)?( the)? support channel$|^(configurar|usar)( este)?( como)? canal de soporte$/.test(t)) return { kind: 'set-channel' };
  if (/^(my tickets|mis tickets)$/.test(t)) return { kind: 'mine' };
  const m = /^(status|estado|reopen|reabrir) #?(\d{1,9})$/.exec(t);
  if (!m) return null;
  return /^(status|estado)$/.test(m[1]!) ? { kind: 'status', number: Number(m[2]) } : { kind: 'reopen', number: Number(m[2]) };
}

function person(a: Activity): Person {
  return { id: a.from.id, name: a.from.name ?? a.from.id, ...(a.from.aadObjectId ? { aadObjectId: a.from.aadObjectId } : {}) };
}

function teamIdOf(a: Activity): string | null {
  const team = (a.channelData as { team?: { id?: string } } | undefined)?.team;
  return team?.id ?? null;
}

export class Escalation {
  constructor(private readonly deps: EscalationDeps) {}

  private t(locale: Locale, key: string, vars?: Record<string, string | number>) {
    return say(this.deps.strings, locale, key, vars);
  }

  private card(view: 'ticket' | 'ticket-list', data: object) {
    return CardFactory.adaptiveCard(expandCard(this.deps.templates, view, data));
  }

  /** A ticket's card: the requester's, or the support channel's with the agents' buttons. */
  private ticketCard(ticket: Ticket, locale: Locale, inChannel: boolean) {
    return this.card('ticket', ticketView(ticket, locale, this.deps.strings, inChannel));
  }

  /**
   * Runs `logic` in another conversation (the support channel, the requester's chat). A failure
   * is logged with `failure` and does not fail the turn; returns whether it went through.
   */
  private async elsewhere(context: TurnContext, reference: Partial<ConversationReference>, ticket: Ticket, failure: string, logic: (ctx: TurnContext) => Promise<void>): Promise<boolean> {
    try {
      await context.adapter.continueConversationAsync(this.deps.appId, reference, logic);
      return true;
    } catch (e) {
      this.deps.logger.warn(failure, { ticket: ticket.number, error: (e as Error).message });
      return false;
    }
  }

  /** Handles a ticket command; false when the text is not one. */
  async command(context: TurnContext, text: string, locale: Locale): Promise<boolean> {
    const cmd = parseTicketCommand(text);
    if (!cmd) return false;
    const a = context.activity;
    switch (cmd.kind) {
      case 'set-channel': {
        if (a.conversation.conversationType !== 'channel') {
          await context.sendActivity(this.t(locale, 'support-channel-not-channel'));
          return true;
        }
        // Whoever sets the support channel makes its team agents (reports, alerts, every ticket), so
        // once one is set only an agent may move it, and with SUPPORT_AGENTS configured only those
        // people may set the first one. With no list and no channel yet, anyone in a team channel
        // may set it: a fresh install has no other way to name its support team.
        const current = await this.deps.store.getSetting<SupportChannel>(SUPPORT_CHANNEL);
        if ((current || this.deps.agents.length > 0) && !(await this.isAgent(context))) {
          this.deps.logger.warn('refused to move the support channel', { by: a.from.aadObjectId ?? a.from.id, team: teamIdOf(a) });
          await context.sendActivity(this.t(locale, 'support-channel-refused'));
          return true;
        }
        // New tickets start new threads: keep the channel, not this message's thread.
        const reference = TurnContext.getConversationReference(a);
        const channelId = reference.conversation!.id.split(';')[0]!;
        // Without an activity id, a message to the channel's conversation is a new post, not a reply.
        const { activityId: _thread, ...rest } = reference;
        const channel: SupportChannel = { reference: { ...rest, conversation: { ...reference.conversation!, id: channelId } }, teamId: teamIdOf(a) };
        await this.deps.store.setSetting(SUPPORT_CHANNEL, channel);
        this.deps.logger.info('support channel set', { by: a.from.aadObjectId ?? a.from.id, team: channel.teamId, previousTeam: current?.teamId ?? null });
        await context.sendActivity(this.t(locale, 'support-channel-set'));
        return true;
      }
      case 'mine': {
        const mine = await this.deps.store.listByRequester(a.from.id, MY_TICKETS_SHOWN);
        if (mine.length === 0) await context.sendActivity(this.t(locale, 'no-tickets'));
        else await context.sendActivity(MessageFactory.attachment(this.card('ticket-list', ticketListView(mine, locale, this.deps.strings))));
        return true;
      }
      case 'status':
      case 'reopen': {
        const ticket = await this.deps.store.byNumber(cmd.number);
        // Someone else's ticket is "not found": its number says nothing about whether it exists.
        if (!ticket || (ticket.requester.id !== a.from.id && !(await this.isAgent(context)))) {
          await context.sendActivity(this.t(locale, 'ticket-not-found', { number: cmd.number }));
          return true;
        }
        if (cmd.kind === 'reopen') return this.apply(context, ticket, { kind: 'reopen', by: person(a) }, locale).then(() => true);
        await context.sendActivity(MessageFactory.attachment(this.ticketCard(ticket, locale, false)));
        return true;
      }
    }
  }

  /** Files the ticket a validated escalation form asked for. */
  async create(context: TurnContext, effect: Extract<Effect, { kind: 'create-ticket' }>, locale: Locale): Promise<void> {
    const a = context.activity;
    const idempotencyKey = `${a.conversation.id}/${effect.triageId}`;
    if ((await this.deps.store.countSince(a.from.id, new Date(Date.now() - 3600_000))) >= TICKETS_PER_HOUR) {
      await context.sendActivity(this.t(locale, 'ticket-rate-limited', { max: TICKETS_PER_HOUR }));
      return;
    }
    const reference = TurnContext.getConversationReference(a) as unknown as Record<string, unknown>;
    const { ticket, created } = await this.deps.store.create({
      idempotencyKey,
      requester: { ...person(a), ...(a.conversation.tenantId ? { tenantId: a.conversation.tenantId } : {}) },
      triage: effect.snapshot,
      description: effect.description,
      urgency: effect.urgency,
      contact: effect.contact,
      conversation: reference,
    });
    if (!created) {
      await context.sendActivity(this.t(locale, 'ticket-exists', { number: ticket.number, status: this.t(locale, `status-${ticket.status}`) }));
      return;
    }
    this.deps.onCreated?.(ticket);
    const posted = await this.postToChannel(context, ticket);
    const who = this.t(locale, posted ? 'ticket-who-channel' : 'ticket-who-queue');
    await context.sendActivity(this.t(locale, 'ticket-created', { number: ticket.number, who }));
    await context.sendActivity(MessageFactory.attachment(this.ticketCard(ticket, locale, false)));
  }

  /** Posts a new ticket to the support channel as a new thread; false when none is set. */
  private async postToChannel(context: TurnContext, ticket: Ticket): Promise<boolean> {
    const channel = await this.deps.store.getSetting<SupportChannel>(SUPPORT_CHANNEL);
    if (!channel) return false;
    return this.elsewhere(context, channel.reference, ticket, 'could not post the ticket to the support channel', async (ctx) => {
      const sent = await postTo(ctx, channel.reference, MessageFactory.attachment(this.ticketCard(ticket, toLocale(channel.reference.locale), true)));
      if (sent?.id) await this.deps.store.change(ticket.id, { kind: 'channel-post', conversation: channel.reference as Record<string, unknown>, activityId: sent.id });
    });
  }

  /** The support channel set with "set support channel", if any. */
  supportChannel(): Promise<SupportChannel | undefined> {
    return this.deps.store.getSetting<SupportChannel>(SUPPORT_CHANNEL);
  }

  /** True when the clicker may work tickets: in the support team, or on the agent list. */
  async isAgent(context: TurnContext): Promise<boolean> {
    const a = context.activity;
    if (this.deps.agents.includes(a.from.id) || (a.from.aadObjectId && this.deps.agents.includes(a.from.aadObjectId))) return true;
    const channel = await this.deps.store.getSetting<SupportChannel>(SUPPORT_CHANNEL);
    const team = teamIdOf(a);
    return Boolean(channel?.teamId && team && team === channel.teamId);
  }

  /** Handles a click on a ticket card; false when the verb is not a ticket verb. */
  async action(context: TurnContext, data: Record<string, unknown>, locale: Locale): Promise<boolean> {
    const verb = typeof data.verb === 'string' ? data.verb : '';
    if (!verb.startsWith('ticket-')) return false;
    const a = context.activity;
    const ticket = typeof data.ticketId === 'string' ? await this.deps.store.get(data.ticketId) : undefined;
    if (!ticket) {
      await context.sendActivity(this.t(locale, 'stale-card'));
      return true;
    }
    const by = person(a);
    if (verb === 'ticket-reopen') {
      if (ticket.requester.id !== a.from.id) await context.sendActivity(this.t(locale, 'ticket-not-found', { number: ticket.number }));
      else await this.apply(context, ticket, { kind: 'reopen', by }, locale);
      return true;
    }
    if (!(await this.isAgent(context))) {
      await context.sendActivity(this.t(locale, 'not-an-agent'));
      return true;
    }
    const note = typeof data.note === 'string' ? data.note.trim() : '';
    if (verb === 'ticket-note' && (!note || note.length > MAX_NOTE)) {
      await context.sendActivity(note ? this.t(locale, 'form-too-long', { field: this.t(locale, 'add-note'), max: MAX_NOTE }) : this.t(locale, 'stale-card'));
      return true;
    }
    const change: WorkChange | null =
      verb === 'ticket-assign' ? { kind: 'assign', by } : verb === 'ticket-resolve' ? { kind: 'resolve', by } : verb === 'ticket-note' ? { kind: 'note', by, text: note } : null;
    if (!change) {
      await context.sendActivity(this.t(locale, 'stale-card'));
      return true;
    }
    await this.apply(context, ticket, change, locale);
    return true;
  }

  /** Applies a change, refreshes the channel card in place and tells the requester. */
  private async apply(context: TurnContext, before: Ticket, change: WorkChange, locale: Locale): Promise<void> {
    const ticket = await this.deps.store.change(before.id, change);
    if (!ticket) return;
    if (change.kind === 'reopen') await context.sendActivity(this.t(locale, 'ticket-reopened', { number: ticket.number }));
    await this.refreshChannelCard(context, ticket);
    const vars = { number: ticket.number, name: change.by.name };
    if (change.kind === 'assign' && before.assignee?.id !== ticket.assignee?.id) await this.notifyRequester(ticket, 'notify-assigned', vars, context);
    if (change.kind === 'resolve' && before.status !== ticket.status) await this.notifyRequester(ticket, 'notify-resolved', vars, context);
    if (change.kind === 'note') await this.notifyRequester(ticket, 'notify-note', { ...vars, text: change.text }, context);
  }

  private async refreshChannelCard(context: TurnContext, ticket: Ticket): Promise<void> {
    const post = ticket.channelPost;
    if (!post) return;
    const reference = post.conversation as Partial<ConversationReference>;
    await this.elsewhere(context, reference, ticket, 'could not update the ticket card in the support channel', async (ctx) => {
      await ctx.updateActivity({ id: post.activityId, type: 'message', attachments: [this.ticketCard(ticket, toLocale(reference.locale), true)] });
    });
  }

  private async notifyRequester(ticket: Ticket, key: string, vars: Record<string, string | number>, context: TurnContext): Promise<void> {
    const ref = ticket.conversation as Partial<ConversationReference>;
    await this.elsewhere(context, ref, ticket, 'could not notify the requester', async (ctx) => {
      await postTo(ctx, ref, MessageFactory.text(this.t(toLocale(ref.locale), key, vars)));
    });
  }
}

/**
 * Sends a message to a conversation as a new message, not as a reply to the activity the reference
 * was taken from: in a channel that starts a new thread, in a chat it is an ordinary message.
 */
export async function postTo(ctx: TurnContext, reference: Partial<ConversationReference>, message: Partial<Activity>) {
  const activity = TurnContext.applyConversationReference(message, reference);
  delete activity.replyToId;
  const [sent] = await ctx.adapter.sendActivities(ctx, [activity]);
  return sent;
}
