// "report" / "informe": the insights report as a card, for support agents only, in the support
// channel or in an agent's personal chat.
import { CardFactory, MessageFactory, type TurnContext } from 'botbuilder';
import { pick, say, type Locale, type Strings } from '../conversation/strings';
import { lookup, type Engine } from '../engine/lookup';
import { MAX_REPORT_DAYS, parsePeriod } from '../insights/build-report';
import { reportFromStore } from '../insights/report-from-store';
import type { InsightStore } from '../insights/types';
import { expandCard, type Templates } from '../render/render-reply';
import { reportView, type ReportNames } from '../render/report-view';
import type { Escalation } from './escalation';

export interface ReportCommandDeps {
  store: InsightStore;
  engine: Engine;
  strings: Strings;
  templates: Templates;
  now: () => Date;
  /** True when the report may be shown here, to this sender (mayReadReports). */
  mayRead: (context: TurnContext) => Promise<boolean>;
  /** Resolves once the events of earlier turns are written, so a report includes them. */
  flushed: () => Promise<void>;
}

/**
 * The word after "report"/"informe" ('' for none), or null when the message is not the command.
 * One word at most: "informe: Outlook fails with 0x8004010F" is someone describing an error.
 */
export function parseReportCommand(text: string): string | null {
  const m = /^(?:report|informe)(?:\s+(\S+))?$/i.exec(text.trim().replace(/[.!¡¿?]+$/g, ''));
  return m ? (m[1] ?? '').trim() : null;
}

/**
 * Reports are shown where only agents read them: in a channel of the support channel's team, or in
 * the personal chat of someone on SUPPORT_AGENTS. Never in a group chat, where others would see it.
 */
export async function mayReadReports(escalation: Pick<Escalation, 'isAgent' | 'supportChannel'>, context: TurnContext): Promise<boolean> {
  const a = context.activity;
  const type = a.conversation.conversationType;
  if (type === 'personal') return escalation.isAgent(context);
  if (type !== 'channel') return false;
  const team = (a.channelData as { team?: { id?: string } } | undefined)?.team?.id;
  const channel = await escalation.supportChannel();
  return Boolean(team && channel?.teamId === team);
}

/** How a code, a cause and an article are named on the card: from the catalog, in the reader's language. */
export function reportNames(engine: Engine, locale: Locale): ReportNames {
  return {
    code: (code) => {
      const m = lookup(engine, code).matches[0];
      return m?.names[0] ? `${code} ${m.names[0]}` : code;
    },
    cause: (articleId, causeId) => {
      const article = engine.articles.byId(articleId);
      const cause = article?.causes.find((c) => c.id === causeId);
      return article && cause ? `${pick(article.title, locale)}: ${pick(cause.title, locale)}` : `${articleId}/${causeId}`;
    },
  };
}

/** Answers the command; false when the text is not one. */
export async function answerReportCommand(deps: ReportCommandDeps, context: TurnContext, text: string, locale: Locale): Promise<boolean> {
  const arg = parseReportCommand(text);
  if (arg === null) return false;
  if (!(await deps.mayRead(context))) {
    await context.sendActivity(say(deps.strings, locale, 'report-refused'));
    return true;
  }
  const period = parsePeriod(arg, deps.now().getTime());
  if (!period) {
    await context.sendActivity(say(deps.strings, locale, 'report-usage', { max: MAX_REPORT_DAYS }));
    return true;
  }
  await deps.flushed();
  const report = await reportFromStore(deps.store, period);
  const card = expandCard(deps.templates, 'report', reportView(report, locale, deps.strings, reportNames(deps.engine, locale)));
  await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));
  return true;
}
