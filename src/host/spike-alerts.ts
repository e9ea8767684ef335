// Spike alerts in Teams: after events are written, each instance looks for spikes; the one whose
// write opens the family's alert in the store posts the card to the support channel, and later
// checks update that card in place. Agents acknowledge it or post a notice; people who paste an
// acknowledged spike's errors are told support knows, and may follow the incident.
import { CardFactory, MessageFactory, TurnContext, type BotAdapter, type ConversationReference } from 'botbuilder';
import type { TurnEvent } from '../conversation/triage-events';
import { say, toLocale, type Locale, type Strings } from '../conversation/strings';
import { factView } from '../conversation/views';
import type { Fact } from '../engine/catalog/schema';
import { codeFamily, detectSpikes, type Spike, type SpikeOptions } from '../insights/detect-spikes';
import type { InsightStore, SpikeAlert, StoredAlert, TriageEvent } from '../insights/types';
import { expandCard, type Templates } from '../render/render-reply';
import { familyName, incidentNoticeView, spikeAlertView } from '../render/spike-view';
import { MAX_PARTS, PART_LENGTH } from '../tickets/table-entity-codec';
import { postTo, type SupportChannel } from './escalation';
import type { Logger } from './logger';

/** Baseline events are re-read at most hourly: a week's usual rate barely moves in an hour. */
const BASELINE_REFRESH_MS = 60 * 60_000;
/** Acknowledged alerts are re-read from the store at most this often per instance. */
const ALERTS_REFRESH_MS = 15_000;
/** An alert whose last paste is older than two windows is over; the next spike is a new alert. */
const OVER_AFTER_WINDOWS = 2;
/** Users keep hearing "support knows" for this long after the spike's last paste. */
const TOLD_FOR_MS = 2 * 60 * 60_000;
/** Checks run at most this often per instance (by its clock): a spike builds over many minutes. */
const CHECK_EVERY_MS = 10_000;
/** Each check re-reads this much before the last one, for events other instances wrote late. */
const OVERLAP_MS = 10_000;
/** Pastes of the window kept in memory; a window with more is an outage however it is counted. */
const MAX_WINDOW_EVENTS = 50_000;
/** Conflicting writes tried before giving up (each conflict means another instance wrote). */
const TRIES = 5;
const MAX_NOTICE = 500;
const MAX_FOLLOWERS = 1000;
/**
 * Characters of JSON an alert may reach by adding followers: an Azure Table entity holds
 * PART_LENGTH × MAX_PARTS (450,000), and this leaves room for the people counted (MAX_SEEN) and
 * the card's other fields to grow after the followers fill it.
 */
const MAX_ALERT_CHARS = PART_LENGTH * MAX_PARTS - 50_000;
/**
 * People (16-character user hashes) an alert remembers to count everyone since it opened: 2,000 is
 * about 38,000 characters of the alert, within an Azure entity beside its followers (MAX_ALERT_CHARS);
 * past it the count stops growing exactly and only grows when one window alone brings more.
 */
const MAX_SEEN = 2000;

/** The alert as kept: with the people counted so far (a field the stores keep with the rest of the JSON). */
type CountedAlert = SpikeAlert & { seen?: string[] };

/** Everyone the alert has counted plus the spike's window, and how many that is. */
function countPeople(a: CountedAlert | null, spike: Spike): { seen: string[]; users: number } {
  const seen = new Set(a?.seen ?? []);
  for (const p of spike.people) if (seen.size < MAX_SEEN) seen.add(p);
  return { seen: [...seen], users: Math.max(a?.users ?? 0, spike.users, seen.size) };
}

export interface SpikeAlertsDeps {
  store: InsightStore;
  now: () => Date;
  logger: Logger;
  strings: Strings;
  templates: Templates;
  facts: readonly Fact[];
  appId: string;
  options: SpikeOptions;
  supportChannel: () => Promise<SupportChannel | undefined>;
  isAgent: (context: TurnContext) => Promise<boolean>;
}

export class SpikeAlerts {
  private adapter: BotAdapter | undefined;
  private running: Promise<void> = Promise.resolve();
  private queued = false;
  private baseline: { until: number; readAt: number; events: TriageEvent[] } | null = null;
  /** The window's events, read incrementally: each check reads only what is new. */
  private window: TriageEvent[] = [];
  private readTo = 0;
  private lastCheck = Number.NEGATIVE_INFINITY;
  private trailing: NodeJS.Timeout | null = null;
  private alerts: { readAt: number; list: SpikeAlert[] } | null = null;

  constructor(private readonly deps: SpikeAlertsDeps) {}

  /** Keeps the adapter of a turn, to post and update alerts after it. */
  seen(context: TurnContext): void {
    this.adapter ??= context.adapter;
  }

  /**
   * Queues a check when a batch of written events holds pastes: one check at a time, at most one
   * every CHECK_EVERY_MS, and one more after that when pastes arrived in between.
   */
  schedule(events: readonly TriageEvent[]): void {
    if (this.queued || !events.some((e) => e.kind === 'identified')) return;
    const now = this.deps.now().getTime();
    if (now - this.lastCheck < CHECK_EVERY_MS && now >= this.lastCheck) {
      this.trailing ??= setTimeout(() => {
        this.trailing = null;
        this.schedule(events);
      }, CHECK_EVERY_MS).unref();
      return;
    }
    this.lastCheck = now;
    this.queued = true;
    this.running = this.running.then(async () => {
      this.queued = false;
      try {
        await this.check();
      } catch (e) {
        this.deps.logger.warn('could not check for spikes', { error: (e as Error).message });
      }
    });
  }

  /** Resolves when the checks queued so far are over. */
  idle(): Promise<void> {
    return this.running;
  }

  /** Stops the trailing check and waits for the one running. */
  async stop(): Promise<void> {
    if (this.trailing) clearTimeout(this.trailing);
    this.trailing = null;
    await this.running;
  }

  private windowMinutes(): number {
    return Math.round(this.deps.options.windowMs / 60_000);
  }

  /**
   * Recent events: the baseline before the window (pastes only, re-read hourly; the hour since is
   * left out of it) and the window's pastes and answers, read incrementally.
   */
  private async recent(now: number): Promise<TriageEvent[]> {
    const { windowMs, baselineMs } = this.deps.options;
    const windowStart = now - windowMs;
    if (!this.baseline || now - this.baseline.readAt > BASELINE_REFRESH_MS || this.baseline.readAt > now) {
      this.baseline = { until: windowStart, readAt: now, events: await this.deps.store.read(windowStart - baselineMs, windowStart, { kinds: ['identified'] }) };
    }
    const from = Math.max(windowStart, Math.min(this.readTo, now) - OVERLAP_MS);
    const key = (e: TriageEvent) => `${e.at}|${e.kind}|${e.triage}|${e.user}|${e.fact ?? ''}`;
    const known = new Set(this.window.filter((e) => e.at >= from).map(key));
    const fresh = (await this.deps.store.read(from, now + 1, { kinds: ['identified', 'answered'] })).filter((e) => !known.has(key(e)));
    this.window = [...this.window.filter((e) => e.at >= windowStart && e.at <= now), ...fresh].slice(-MAX_WINDOW_EVENTS);
    this.readTo = now + 1;
    return [...this.baseline.events.filter((e) => e.at >= windowStart - baselineMs && e.at < windowStart), ...this.window];
  }

  /** Looks for spikes now and opens or updates their alerts. */
  async check(): Promise<void> {
    const now = this.deps.now().getTime();
    for (const spike of detectSpikes(await this.recent(now), now, this.deps.options)) await this.raise(spike, now);
  }

  private async raise(spike: Spike, now: number): Promise<void> {
    for (let tries = 0; tries < TRIES; tries++) {
      const stored = await this.deps.store.getAlert(spike.family);
      const over = !stored || stored.alert.lastAt < now - OVER_AFTER_WINDOWS * this.deps.options.windowMs;
      if (over) {
        const alert: CountedAlert = { family: spike.family, id: `${spike.family}@${spike.firstAt}`, openedAt: spike.firstAt, lastAt: spike.lastAt, ...countPeople(null, spike), usual: spike.usual, codes: spike.codes, shared: spike.shared, followers: [] };
        const won = stored ? await this.deps.store.replaceAlert(alert, stored.tag) : await this.deps.store.createAlert(alert);
        // Lost: another instance opened this alert a moment ago, and it posts the card.
        if (won) await this.post(won);
        return;
      }
      const a: CountedAlert = stored.alert;
      // A long outage brings new people window after window: the card counts everyone since it opened.
      const { seen, users } = countPeople(a, spike);
      const codes = [...new Set([...a.codes, ...spike.codes])].sort();
      const shown = users !== a.users || codes.length !== a.codes.length || JSON.stringify(spike.shared) !== JSON.stringify(a.shared);
      // A spike still going on with the same people keeps its alert open: its last paste moves on.
      const stillGoing = spike.lastAt - a.lastAt > this.deps.options.windowMs / 2;
      if (!shown && !stillGoing) return;
      const counted: CountedAlert = { ...a, users, seen, codes, shared: spike.shared, lastAt: Math.max(a.lastAt, spike.lastAt) };
      const written = await this.deps.store.replaceAlert(counted, stored.tag);
      if (written) return shown ? this.refreshCard(written.alert) : undefined;
    }
  }

  private card(alert: SpikeAlert, locale: Locale) {
    const label = (fact: string, value: string) => {
      const f = this.deps.facts.find((x) => x.id === fact);
      return f ? factView(f, value, locale, this.deps.strings) : { question: fact, label: value };
    };
    return CardFactory.adaptiveCard(expandCard(this.deps.templates, 'spike-alert', spikeAlertView(alert, this.windowMinutes(), locale, this.deps.strings, label)));
  }

  /** Runs `logic` in another conversation; a failure is logged, not thrown. */
  private async elsewhere(reference: Partial<ConversationReference>, failure: string, logic: (ctx: TurnContext) => Promise<void>): Promise<void> {
    if (!this.adapter) return;
    try {
      await this.adapter.continueConversationAsync(this.deps.appId, reference, logic);
    } catch (e) {
      this.deps.logger.warn(failure, { error: (e as Error).message });
    }
  }

  /** Posts a new alert's card in the support channel and records where it is. */
  private async post(opened: StoredAlert): Promise<void> {
    const channel = await this.deps.supportChannel();
    if (!channel) {
      this.deps.logger.warn('a spike was detected but no support channel is set', { family: opened.alert.family, users: opened.alert.users });
      return;
    }
    let activityId: string | undefined;
    await this.elsewhere(channel.reference, 'could not post the spike alert', async (ctx) => {
      activityId = (await postTo(ctx, channel.reference, MessageFactory.attachment(this.card(opened.alert, toLocale(channel.reference.locale)))))?.id;
    });
    if (!activityId) return;
    const post = { conversation: channel.reference as Record<string, unknown>, activityId };
    const updated = await this.change(opened.alert.family, opened.alert.id, (a) => ({ ...a, post }));
    // Counts that arrived while the card was being posted are shown now.
    if (updated && updated.users !== opened.alert.users) await this.refreshCard(updated);
  }

  /** Applies `edit` to the alert if it is still `id`, again on a conflict; the alert written, or undefined. */
  private async change(family: string, id: string, edit: (a: SpikeAlert) => SpikeAlert): Promise<SpikeAlert | undefined> {
    for (let tries = 0; tries < TRIES; tries++) {
      const stored = await this.deps.store.getAlert(family);
      if (!stored || stored.alert.id !== id) return undefined;
      const written = await this.deps.store.replaceAlert(edit(stored.alert), stored.tag);
      if (written) {
        this.alerts = null;
        return written.alert;
      }
    }
    return undefined;
  }

  private async refreshCard(alert: SpikeAlert): Promise<void> {
    const post = alert.post;
    if (!post) return;
    const reference = post.conversation as Partial<ConversationReference>;
    await this.elsewhere(reference, 'could not update the spike alert', async (ctx) => {
      await ctx.updateActivity({ id: post.activityId, type: 'message', attachments: [this.card(alert, toLocale(reference.locale))] });
    });
  }

  /** Handles a click on an alert or an incident notice; false when the verb is not one of theirs. */
  async action(context: TurnContext, data: Record<string, unknown>, locale: Locale): Promise<boolean> {
    const verb = typeof data.verb === 'string' ? data.verb : '';
    if (!['spike-ack', 'spike-notice', 'spike-follow'].includes(verb)) return false;
    const say_ = (key: string, vars?: Record<string, string | number>) => context.sendActivity(say(this.deps.strings, locale, key, vars));
    const family = typeof data.family === 'string' ? data.family : '';
    const id = typeof data.alertId === 'string' ? data.alertId : '';
    const now = this.deps.now().getTime();
    if (verb === 'spike-follow') {
      // Enough to message them later (conversation, service URL, bot, locale), without who they are:
      // the user's id, name and Entra object id would outlive INSIGHTS_RETENTION_DAYS in the alert.
      const { user: _user, activityId: _activity, ...me } = TurnContext.getConversationReference(context.activity) as unknown as Record<string, unknown>;
      const same = (r: Record<string, unknown>) => (r.conversation as { id?: string } | undefined)?.id === context.activity.conversation.id;
      // A full alert says so: silently not adding someone would promise news they never get.
      let full = false;
      const a = await this.change(family, id, (x) => {
        full = false;
        if (x.followers.some(same)) return x;
        full = x.followers.length >= MAX_FOLLOWERS || JSON.stringify(x).length + JSON.stringify(me).length + 1 > MAX_ALERT_CHARS;
        return full ? x : { ...x, followers: [...x.followers, me] };
      });
      await say_(!a ? 'stale-card' : full ? 'incident-follow-full' : 'incident-following');
      return true;
    }
    if (!(await this.deps.isAgent(context))) {
      await say_('spike-not-agent');
      return true;
    }
    const by = context.activity.from.name ?? context.activity.from.id;
    if (verb === 'spike-ack') {
      const a = await this.change(family, id, (x) => (x.acknowledged ? x : { ...x, acknowledged: { by, at: now } }));
      if (!a) return say_('stale-card').then(() => true);
      await this.refreshCard(a);
      await say_('spike-ack-done');
      return true;
    }
    const text = typeof data.notice === 'string' ? data.notice.trim().slice(0, MAX_NOTICE) : '';
    if (!text) return say_('spike-notice-empty').then(() => true);
    // A notice implies the spike is known: it acknowledges it too.
    const a = await this.change(family, id, (x) => ({ ...x, notice: { text, by, at: now }, acknowledged: x.acknowledged ?? { by, at: now } }));
    if (!a) return say_('stale-card').then(() => true);
    await this.refreshCard(a);
    for (const follower of a.followers) {
      const reference = follower as Partial<ConversationReference>;
      const loc = toLocale(reference.locale);
      await this.elsewhere(reference, 'could not tell a follower about the notice', async (ctx) => {
        await postTo(ctx, reference, MessageFactory.text(say(this.deps.strings, loc, 'incident-news', { family: familyName(a.family, loc, this.deps.strings), text })));
      });
    }
    await say_('spike-notice-done', { followers: a.followers.length });
    return true;
  }

  /** The acknowledged alerts still telling users, re-read from the store now and then. */
  private async told(now: number): Promise<SpikeAlert[]> {
    if (!this.alerts || now - this.alerts.readAt > ALERTS_REFRESH_MS || now < this.alerts.readAt) {
      this.alerts = { readAt: now, list: (await this.deps.store.listAlerts()).map((s) => s.alert) };
    }
    return this.alerts.list.filter((a) => a.acknowledged && now - a.lastAt < TOLD_FOR_MS);
  }

  /** Cards telling a user that support knows about the error they just pasted (none, usually). */
  async noticesFor(events: readonly TurnEvent[], locale: Locale): Promise<ReturnType<typeof MessageFactory.attachment>[]> {
    const families = new Set(events.flatMap((e) => (e.kind === 'identified' ? [codeFamily(e.code)] : [])));
    if (families.size === 0) return [];
    const known = (await this.told(this.deps.now().getTime())).filter((a) => families.has(a.family));
    return known.map((a) => MessageFactory.attachment(CardFactory.adaptiveCard(expandCard(this.deps.templates, 'incident-notice', incidentNoticeView(a, locale, this.deps.strings)))));
  }
}
