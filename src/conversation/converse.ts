// The triage conversation as a pure function: (state, turn) → (state, replies, effects).
// paste → identification → questions → ranked causes and steps → "did it work?" → next cause or
// escalate. The host stores the state and renders the replies; nothing here knows about Teams.
import type { Article, Fact } from '../engine/catalog/schema';
import type { Knowledge } from '../engine/catalog/validate-knowledge';
import { lookup, describeCode, type Engine, type LookupResult, type Match } from '../engine/lookup';
import type { FactDetector } from '../engine/triage/detect-facts';
import { DEFAULT_QUESTION_POLICY, nextQuestionRemembered, type QuestionPolicy } from '../engine/triage/next-question';
import { candidateCauses, rankCauses, UNKNOWN, type RankedCause } from '../engine/triage/rank-causes';
import { interpretAnswer } from './interpret-answer';
import { triageEvents } from './triage-events';
import { pick, say, toLocale, type Locale, type Strings } from './strings';
import type { ChosenCode, ConversationState, Effect, Reply, TriageState, Turn, TurnResult, UserState } from './types';
import { causeView, factView, labels, matchView, stepViews } from './views';

export interface ConversationDeps {
  engine: Engine;
  knowledge: Knowledge;
  strings: Strings;
  detector: FactDetector;
  /** Prior multiplier for "article/cause" learnt from recorded outcomes (1 when none). */
  priorBoost?: (causeKey: string) => number;
  policy?: QuestionPolicy;
}

/** Longest paste kept in the triage state and a ticket: the cap Teams itself applies. */
const MAX_PASTE_KEPT = 28 * 1024;
/** Alternatives offered under "is this your error?" and in a choice of codes. */
const MAX_OPTIONS = 5;
const URGENCIES = ['low', 'normal', 'high'] as const;
/** A code found below this (a blue screen's parameter: 0.8) is shown, not offered as a choice. */
const CODE_TO_CHOOSE = 0.85;
/** Words alone identify an error from this score (a whole message, or a short one an article confirms). */
const IDENTIFY_FROM_WORDS = 0.85;
/** While results are shown, words must match this well to start a new triage (an exact message scores 0.8+). */
const NEW_TRIAGE_FROM_WORDS = 0.6;
/** Ticket fields: a description is a paragraph or two, a contact a line. */
const FORM_LIMITS = Object.freeze({ description: 4000, contact: 200 });

export const initialConversation = (): ConversationState => ({ started: 0 });
export const initialUser = (): UserState => ({ facts: {} });

const COMMANDS: Record<string, 'help' | 'restart' | 'cancel' | 'escalate' | 'en' | 'es'> = {
  help: 'help', ayuda: 'help', '?': 'help', start: 'help',
  restart: 'restart', reiniciar: 'restart', 'start over': 'restart', 'empezar de nuevo': 'restart',
  cancel: 'cancel', cancelar: 'cancel', stop: 'cancel', parar: 'cancel',
  escalate: 'escalate', escalar: 'escalate', 'open a ticket': 'escalate', 'abrir ticket': 'escalate',
  english: 'en', ingles: 'en', 'inglés': 'en', 'español': 'es', espanol: 'es', spanish: 'es',
};

const CARD_LABELS = [
  'code-label', 'names-label', 'decode-label', 'confidence-label', 'is-this-your-error', 'change-fact', 'dont-know',
  'message-label', 'message-translated-label', 'parameters-label', 'driver-label', 'results-title', 'step-admin', 'step-registry', 'verify', 'undo', 'did-it-work', 'fixed', 'not-fixed', 'escalate',
  'commands-label', 'help-title', 'help', 'welcome', 'choose-code', 'escalation-form-title', 'escalation-form-intro',
  'description-label', 'urgency-label', 'contact-label', 'submit-ticket', 'facts-label', 'tried-label',
];

class Turner {
  readonly replies: Reply[] = [];
  readonly effects: Effect[] = [];
  staleClick = false;
  /** A paste in which nothing was recognised: a knowledge gap for the reports. */
  unmatched: string | null = null;
  /** The new form of the clicked card, when it is more than "✓ answer". */
  updated: Reply | null = null;
  conv: ConversationState;
  user: UserState;
  locale: Locale;

  constructor(
    private readonly deps: ConversationDeps,
    conv: ConversationState,
    user: UserState,
    turnLocale: string | undefined,
    /** A person's earlier answers describe their machine: shown back only in their own chat. */
    private readonly personal: boolean,
  ) {
    this.conv = structuredClone(conv);
    this.user = structuredClone(user);
    this.locale = this.user.locale ?? toLocale(turnLocale);
  }

  private t(key: string, vars?: Record<string, string | number>): string {
    return say(this.deps.strings, this.locale, key, vars);
  }
  private text(key: string, vars?: Record<string, string | number>): void {
    if (key === 'stale-card') this.staleClick = true;
    this.replies.push({ view: 'text', text: this.t(key, vars) });
  }
  private labels() {
    return labels(this.deps.strings, this.locale, CARD_LABELS);
  }
  private fact(id: string): Fact | undefined {
    return this.deps.knowledge.facts.find((f) => f.id === id);
  }
  private article(t: TriageState): Article | undefined {
    return t.chosen?.article ? this.deps.engine.articles.byId(t.chosen.article) : undefined;
  }

  message(text: string, kept?: string): void {
    const trimmed = text.trim();
    const command = COMMANDS[trimmed.toLowerCase().replace(/[.!¡¿]+/g, '').trim()];
    if (command) return this.command(command);
    const t = this.conv.triage;
    // A pending question is answered by typing, unless the text is a new error.
    if (t?.phase === 'asking' && t.pending) {
      const fact = this.fact(t.pending);
      const value = fact ? interpretAnswer(trimmed, fact) : null;
      if (value !== null) return this.answer(t, t.pending, value);
    }
    // Looked up once: word matching is the costly part of a turn, and paste() uses the same result.
    const result = lookup(this.deps.engine, trimmed);
    const top = result.matches[0];
    if (t?.phase === 'asking' && t.pending && (!top || top.source === 'text')) {
      this.text('answer-not-understood');
      return this.ask(t);
    }
    // With the steps on screen, a loose word match ("not sure", "ok thanks") is not a new error.
    if (t?.phase === 'results' && (!top || (top.source === 'text' && top.score < NEW_TRIAGE_FROM_WORDS))) return this.text('results-hint');
    this.paste(kept ?? trimmed, result);
  }

  command(c: 'help' | 'restart' | 'cancel' | 'escalate' | 'en' | 'es'): void {
    switch (c) {
      case 'help':
        this.replies.push({ view: 'help', labels: this.labels() });
        return;
      case 'restart':
        this.conv = { started: this.conv.started };
        this.user = { facts: {}, ...(this.user.locale ? { locale: this.user.locale } : {}) };
        return this.text('restarted');
      case 'cancel':
        if (!this.conv.triage || this.conv.triage.phase === 'closed') return this.text('no-triage');
        delete this.conv.triage;
        return this.text('cancelled');
      case 'escalate':
        return this.escalate();
      default:
        this.user.locale = c;
        this.locale = c;
        return this.text('language-set');
    }
  }

  paste(text: string, result: LookupResult): void {
    if (result.problem?.kind === 'too-large') return this.text('too-large', { length: result.problem.length, limit: result.problem.limit });
    if (result.problem?.kind === 'empty') {
      this.replies.push({ view: 'help', labels: this.labels() });
      return;
    }
    if (result.matches.length === 0) {
      this.unmatched = text;
      return this.text('no-code');
    }
    const candidates = result.matches.slice(0, MAX_OPTIONS).map(toChosen);
    const t = this.newTriage(text.slice(0, MAX_PASTE_KEPT), candidates, 'choosing');
    // Codes shown beside a surer one (a blue screen's parameters, a generic wrapper) are not
    // errors to choose between.
    const fromCodes = result.matches.filter((m) => (m.source === 'code' || m.source === 'name') && m.score >= CODE_TO_CHOOSE);
    // Several different codes in one paste: let the user say which one they are fighting.
    if (fromCodes.length > 1) {
      this.replies.push({ view: 'choose-code', triageId: t.id, options: result.matches.slice(0, MAX_OPTIONS).map((m) => this.view(m)), labels: this.labels() });
      return;
    }
    // Only words, and not surely one message: a wrong identification sends the user down the
    // wrong steps, so show the few candidates and ask which one they saw.
    const top = result.matches[0]!;
    if ((top.source === 'message' || top.source === 'text') && top.score < IDENTIFY_FROM_WORDS) {
      const options = result.matches.slice(0, MAX_OPTIONS).map((m) => this.view(m));
      this.replies.push({ view: 'choose-code', triageId: t.id, options, labels: { ...this.labels(), chooseCode: this.t('choose-message') } });
      return;
    }
    // The lead match is already decoded; the card shows how sure the reading is.
    this.choose(t, candidates[0]!, result.matches.slice(1, MAX_OPTIONS), result.matches[0]!);
  }

  /** Starts the conversation's next triage, with its own id for stale-card checks. */
  private newTriage(paste: string, candidates: ChosenCode[], phase: TriageState['phase']): TriageState {
    this.conv.started += 1;
    const t: TriageState = { id: `t${this.conv.started}`, paste, candidates, chosen: null, facts: {}, asked: [], phase, causeIndex: 0, tried: [] };
    this.conv.triage = t;
    return t;
  }

  private view(m: Match) {
    return matchView(m, m.article ? this.deps.engine.articles.byId(m.article) : undefined, this.locale);
  }

  choose(t: TriageState, chosen: ChosenCode, alternatives: Match[] = [], m: Match = decodeForView(this.deps.engine, chosen)): void {
    t.chosen = chosen;
    // Facts stated in the paste count first; remembered ones fill in what the paste did not say.
    const understood = this.deps.detector.detect(proseOf(t.paste));
    for (const d of understood) t.facts[d.fact] = d.value;
    const remembered: string[] = [];
    for (const [fact, value] of Object.entries(this.personal ? this.user.facts : {})) {
      if (fact in t.facts || !this.fact(fact)) continue;
      t.facts[fact] = value;
      remembered.push(fact);
    }
    const fv = (id: string) => factView(this.fact(id)!, t.facts[id]!, this.locale, this.deps.strings);
    const understoodViews = understood.filter((d) => this.fact(d.fact)).map((d) => fv(d.fact));
    const rememberedViews = remembered.map(fv);
    this.replies.push({
      view: 'identification',
      triageId: t.id,
      match: this.view(m),
      alternatives: alternatives.map((a) => this.view(a)),
      understood: understoodViews,
      remembered: rememberedViews,
      labels: {
        ...this.labels(),
        understood: this.t('facts-understood', { facts: understoodViews.map((f) => f.label).join(', ') }),
        remembered: this.t('facts-remembered', { facts: rememberedViews.map((f) => f.label).join(', ') }),
      },
    });
    if (!chosen.article) {
      t.phase = 'closed';
      return this.text('no-article');
    }
    t.phase = 'asking';
    this.ask(t);
  }

  private candidates(t: TriageState) {
    const a = this.article(t);
    return a ? candidateCauses([a], this.deps.priorBoost) : [];
  }

  ask(t: TriageState): void {
    const article = this.article(t);
    if (!article) return;
    // New facts: the order of the causes is worked out again when the results next appear.
    delete t.ranking;
    const policy = this.deps.policy ?? DEFAULT_QUESTION_POLICY;
    const askable = this.deps.knowledge.facts.filter(
      (f) => !(f.id in t.facts) && !t.asked.includes(f.id) && (f.onlyFor.length === 0 || f.onlyFor.some((x) => article.appearsIn.includes(x))),
    );
    const tree = this.deps.knowledge.trees.find((x) => x.article === article.id);
    const next = nextQuestionRemembered(this.candidates(t), t.facts, askable, t.asked.length, policy, tree?.order);
    if (!next.question) {
      delete t.pending;
      t.phase = 'results';
      return this.results(t);
    }
    const fact = next.question.fact;
    t.pending = fact.id;
    this.askFact(t, fact);
  }

  answer(t: TriageState, factId: string, value: string): void {
    const fact = this.fact(factId);
    if (!fact || (value !== UNKNOWN && !fact.values.some((v) => v.id === value))) return this.text('answer-not-understood');
    t.facts[factId] = value;
    if (!t.asked.includes(factId)) t.asked.push(factId);
    // Remember real answers for this user's next triage; "I don't know" is not worth keeping.
    if (value !== UNKNOWN && this.personal) this.user.facts[factId] = value;
    this.ask(t);
  }

  /**
   * The causes in the order the user was shown them. The order is fixed when the results first
   * appear, so "next cause" and the recorded outcome follow the card the user read, even when
   * outcomes recorded meanwhile would rank the causes differently now.
   */
  private ranked(t: TriageState) {
    const ranked = rankCauses(this.candidates(t), t.facts);
    if (!t.ranking) {
      t.ranking = ranked.map((r) => r.cause.id);
      return ranked;
    }
    const at = (id: string) => {
      const i = t.ranking!.indexOf(id);
      return i < 0 ? Number.MAX_SAFE_INTEGER : i;
    };
    return [...ranked].sort((a, b) => at(a.cause.id) - at(b.cause.id));
  }

  private causeViews(ranked: readonly RankedCause[]) {
    return ranked.map((r, i) => causeView(r, i + 1, this.deps.knowledge.facts, this.locale, this.deps.strings));
  }

  /** The results card at the current cause; a click ranks once and passes its ranking to both cards. */
  private resultsView(t: TriageState, answered: string | null, ranked = this.ranked(t), views = this.causeViews(ranked)): Reply | null {
    if (t.causeIndex >= ranked.length) return null;
    const current = ranked[t.causeIndex]!;
    return {
      view: 'results',
      triageId: t.id,
      causeIndex: t.causeIndex,
      cause: current.cause.id,
      causes: views,
      current: views[t.causeIndex]!,
      description: pick(current.cause.description, this.locale),
      steps: stepViews(current.cause.steps, this.locale, this.deps.strings),
      answered,
      labels: { ...this.labels(), stepsTitle: this.t('steps-title', { cause: views[t.causeIndex]!.title }) },
    };
  }

  results(t: TriageState): void {
    if (!this.article(t)) return this.text('no-triage');
    const view = this.resultsView(t, null);
    if (!view) return this.text('out-of-causes');
    this.replies.push(view);
  }

  outcome(t: TriageState, outcome: 'fixed' | 'not-fixed', label: string): void {
    const article = this.article(t);
    if (!article) return this.text('no-triage');
    const ranked = this.ranked(t);
    const views = this.causeViews(ranked);
    // The clicked card keeps its steps, with the answer in place of the buttons.
    this.updated = this.resultsView(t, label || this.t(outcome), ranked, views);
    const cause = ranked[t.causeIndex];
    if (cause) {
      t.tried.push({ cause: cause.cause.id, outcome });
      this.effects.push({ kind: 'outcome', article: article.id, cause: cause.cause.id, outcome, facts: { ...t.facts } });
    }
    if (outcome === 'fixed') {
      t.phase = 'closed';
      return this.text('glad-fixed');
    }
    t.causeIndex += 1;
    if (t.causeIndex >= ranked.length) return this.text('out-of-causes');
    this.text('next-cause');
    this.replies.push(this.resultsView(t, null, ranked, views)!);
  }

  escalate(): void {
    // Escalating with nothing in progress still works: the ticket then carries only the form.
    const t = this.conv.triage ?? this.newTriage('', [], 'closed');
    // The form shows the code, the facts and what was tried; the ticket (submitTicket) takes the rest.
    const match = t.chosen ? this.view(decodeForView(this.deps.engine, t.chosen)) : null;
    const lead = match ? `${match.code} ${match.name}`.trim() : '';
    const article = this.article(t);
    const triedCauses = t.tried.map((x) => {
      const cause = article?.causes.find((c) => c.id === x.cause);
      return cause ? pick(cause.title, this.locale) : x.cause;
    });
    this.replies.push({
      view: 'escalation-form',
      triageId: t.id,
      match,
      facts: this.factViews(t),
      tried: t.tried.map((x) => ({ cause: x.cause, outcome: x.outcome })),
      description: [lead, triedCauses.length ? `${this.t('tried-label')}: ${triedCauses.join('; ')}` : ''].filter(Boolean).join('. '),
      urgencies: URGENCIES.map((u) => ({ value: u, label: this.t(`urgency-${u}`) })),
      contact: this.t('contact-default'),
      labels: this.labels(),
    });
  }

  /** The known facts of a triage, as the form and the ticket show them. */
  private factViews(t: TriageState) {
    return Object.entries(t.facts).flatMap(([f, v]) => {
      const fact = this.fact(f);
      return fact ? [factView(fact, v, this.locale, this.deps.strings)] : [];
    });
  }

  private snapshotViews(t: TriageState) {
    const { facts } = this.deps.knowledge;
    const ranked = this.article(t) ? rankCauses(this.candidates(t), t.facts) : [];
    return {
      paste: t.paste,
      match: t.chosen ? this.view(decodeForView(this.deps.engine, t.chosen)) : null,
      facts: this.factViews(t),
      causes: ranked.map((r, i) => causeView(r, i + 1, facts, this.locale, this.deps.strings)),
      tried: t.tried.map((x) => ({ cause: x.cause, outcome: x.outcome })),
    };
  }

  /** Validates the escalation form; a bad form changes nothing and says what to fix. */
  submitTicket(t: TriageState, data: Record<string, unknown>): void {
    const text = (k: string) => (typeof data[k] === 'string' ? (data[k] as string).trim() : '');
    const description = text('description');
    const contact = text('contact') || this.t('contact-default');
    const urgency = text('urgency') || 'normal';
    if (!description) return this.text('form-missing-description');
    if (description.length > FORM_LIMITS.description) return this.text('form-too-long', { field: this.t('description-label'), max: FORM_LIMITS.description });
    if (contact.length > FORM_LIMITS.contact) return this.text('form-too-long', { field: this.t('contact-label'), max: FORM_LIMITS.contact });
    if (!(URGENCIES as readonly string[]).includes(urgency)) return this.text('form-bad-urgency');
    const s = this.snapshotViews(t);
    this.effects.push({
      kind: 'create-ticket',
      triageId: t.id,
      description,
      urgency: urgency as (typeof URGENCIES)[number],
      contact,
      snapshot: {
        paste: s.paste,
        codes: s.match ? [{ code: s.match.code, names: s.match.names, kind: s.match.kind, decode: s.match.decode, article: s.match.article, title: s.match.title }] : [],
        facts: s.facts.map((f) => ({ fact: f.fact, question: f.question, value: f.value, label: f.label })),
        causes: s.causes.map((c) => ({ cause: c.cause, title: c.title, percent: c.percent })),
        tried: s.tried,
      },
    });
  }

  action(data: Record<string, unknown>): void {
    const verb = typeof data.verb === 'string' ? data.verb : '';
    if (verb === 'help') return this.command('help');
    if (verb === 'restart') return this.command('restart');
    const t = this.conv.triage;
    // A click on a card of an earlier triage, or on a question already answered, changes nothing.
    if (!t || data.triageId !== t.id) return this.text('stale-card');
    const str = (k: string) => (typeof data[k] === 'string' ? (data[k] as string) : '');
    switch (verb) {
      case 'choose': {
        const c = t.candidates.find((x) => x.code === str('code') && x.kind === str('kind'));
        if (!c || t.phase !== 'choosing') return this.text('stale-card');
        return this.choose(t, c, []);
      }
      case 'not-this': {
        // "Is this your error?" → the user picked an alternative instead, one of the paste's candidates.
        const picked = t.candidates.find((x) => x.code === str('code') && (str('kind') === '' || x.kind === str('kind')));
        if (picked) {
          t.facts = {};
          t.asked = [];
          t.causeIndex = 0;
          return this.choose(t, picked, []);
        }
        const m = lookup(this.deps.engine, str('code')).matches[0];
        if (!m) return this.text('stale-card');
        t.facts = {};
        t.asked = [];
        t.causeIndex = 0;
        return this.choose(t, toChosen(m), []);
      }
      case 'answer':
        if (t.phase !== 'asking' || t.pending !== str('fact')) return this.text('stale-card');
        return this.answer(t, str('fact'), str('value'));
      case 'change-fact': {
        const fact = this.fact(str('fact'));
        if (!fact || t.phase === 'closed') return this.text('stale-card');
        delete t.facts[fact.id];
        t.asked = t.asked.filter((f) => f !== fact.id);
        t.pending = fact.id;
        t.phase = 'asking';
        return this.askFact(t, fact);
      }
      case 'outcome': {
        const o = str('outcome');
        if (t.phase !== 'results' || Number(data.causeIndex) !== t.causeIndex || (o !== 'fixed' && o !== 'not-fixed')) return this.text('stale-card');
        return this.outcome(t, o, str('label'));
      }
      case 'escalate':
        return this.escalate();
      case 'submit-ticket':
        return this.submitTicket(t, data);
      default:
        return this.text('stale-card');
    }
  }

  private askFact(t: TriageState, fact: Fact): void {
    const policy = this.deps.policy ?? DEFAULT_QUESTION_POLICY;
    this.replies.push({
      view: 'question',
      triageId: t.id,
      fact: fact.id,
      text: pick(fact.question, this.locale),
      answers: [...fact.values.map((v) => ({ value: v.id, label: pick(v.label, this.locale) })), { value: UNKNOWN, label: this.t('dont-know') }],
      n: t.asked.length + 1,
      max: policy.maxQuestions,
      labels: { ...this.labels(), progress: this.t('question-progress', { n: t.asked.length + 1, max: policy.maxQuestions }) },
    });
  }
}

// A log line starts with a date or a time: "2026-11-27 10:00:01", "11/27/2026", "10:00:01.123".
const LOG_LINE = /^\s*(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}|\d{1,2}:\d{2}:\d{2})/;
/** The user's own words are a few lines; a log that mentions "proxy" says nothing about their network. */
const PROSE_CHARS = 4096;

/** What the user wrote around a pasted log: its lines without time stamps, up to a few KB. */
function proseOf(paste: string): string {
  return paste
    .split('\n')
    .filter((line) => !LOG_LINE.test(line))
    .join('\n')
    .slice(0, PROSE_CHARS);
}

function toChosen(m: Match): ChosenCode {
  return { code: m.code, kind: m.kind, article: m.article };
}

function decodeForView(engine: Engine, c: ChosenCode): Match {
  return describeCode(engine, parseInt(c.code, 16), c.kind, c.article);
}

/** Runs one turn of the conversation. Never throws on user input. */
export function converse(deps: ConversationDeps, conv: ConversationState, user: UserState, turn: Turn): TurnResult {
  const t = new Turner(deps, conv, user, turn.locale, (turn.scope ?? 'personal') === 'personal');
  switch (turn.kind) {
    case 'message':
      t.message(turn.text, turn.kept);
      break;
    case 'action':
      t.action(turn.data);
      break;
    case 'no-text':
      t.replies.push({ view: 'text', text: say(deps.strings, t.locale, 'no-text') });
      break;
    case 'installed':
      t.replies.push({ view: 'welcome', labels: labels(deps.strings, t.locale, CARD_LABELS) });
      break;
  }
  const events = triageEvents(conv, { conversation: t.conv, replies: t.replies, effects: t.effects, unmatched: t.unmatched });
  return { conversation: t.conv, user: t.user, replies: t.replies, effects: t.effects, events, staleClick: t.staleClick, updated: t.updated };
}
