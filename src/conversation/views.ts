// Builds the localised view models that the cards show, from engine results and articles.
import type { Article, Fact, Step } from '../engine/catalog/schema';
import type { Match } from '../engine/lookup';
import type { RankedCause } from '../engine/triage/rank-causes';
import { pick, say, type Locale, type Strings } from './strings';
import type { CauseView, FactView, Labels, MatchView, StepView } from './types';

// The same labels are asked for on every turn: build each set once per strings, key list
// (a module constant) and locale.
const labelCache = new WeakMap<Strings, WeakMap<readonly string[], Partial<Record<Locale, Labels>>>>();

/** Card labels every template may use, in the user's language (a shared, frozen object). */
export function labels(strings: Strings, locale: Locale, keys: readonly string[]): Labels {
  let byKeys = labelCache.get(strings);
  if (!byKeys) labelCache.set(strings, (byKeys = new WeakMap()));
  let byLocale = byKeys.get(keys);
  if (!byLocale) byKeys.set(keys, (byLocale = {}));
  return (byLocale[locale] ??= Object.freeze(
    Object.fromEntries(keys.map((k) => [k.replace(/-(\w)/g, (_m, c: string) => c.toUpperCase()), say(strings, locale, k)])),
  ) as Labels);
}

/** One line saying how the code decodes. */
export function decodeLine(m: Match): string {
  if (m.kind === 'bugcheck') return `Bug check (stop code) ${m.code}`;
  if (m.kind === 'win32') {
    return `Win32 ${m.value}${m.hresult ? ` = HRESULT ${m.hresult.code}` : ''}`;
  }
  const parts = [m.kind === 'hresult' ? `HRESULT (${m.severity})` : `NTSTATUS (${m.severity})`];
  if (m.facility) parts.push(`facility ${m.facility.id}${m.facility.name ? ` ${m.facility.name}` : ''}`);
  parts.push(`code 0x${(m.value & 0xffff).toString(16).toUpperCase().padStart(4, '0')}`);
  if (m.win32) parts.push(`Win32 ${m.win32.code} ${m.win32.names.join(' / ')}`.trim());
  if (m.ntstatus) parts.push(`NTSTATUS ${m.ntstatus.code} ${m.ntstatus.names.join(' / ')}`.trim());
  return parts.join(' · ');
}

/** The view of one identified code. */
export function matchView(m: Match, article: Article | undefined, locale: Locale): MatchView {
  const name = m.names[0] ?? m.win32?.names[0] ?? m.ntstatus?.names[0] ?? '';
  const own = m.message?.[locale];
  const message = own ?? m.message?.en ?? null;
  return {
    code: m.kind === 'win32' ? `${m.value} (${m.code})` : m.code,
    key: m.code,
    name,
    names: m.names.slice(0, 6),
    decode: decodeLine(m),
    title: article ? pick(article.title, locale) : null,
    summary: article ? pick(article.summary, locale) : null,
    article: m.article,
    confidence: Math.round(m.score * 100),
    kind: m.kind,
    message,
    messageTranslated: own !== undefined && (m.messageTranslated ?? []).includes(locale),
    parameters: m.parameters?.join(', ') ?? null,
    driver: m.driver ?? null,
  };
}

/** The view of a known fact, for "I understood …" and the ticket. */
export function factView(fact: Fact, value: string, locale: Locale, strings: Strings): FactView {
  const v = fact.values.find((x) => x.id === value);
  return { fact: fact.id, question: pick(fact.question, locale), value, label: v ? pick(v.label, locale) : say(strings, locale, 'dont-know') };
}

/** The view of a ranked cause with the facts that moved it. */
export function causeView(r: RankedCause, rank: number, facts: readonly Fact[], locale: Locale, strings: Strings): CauseView {
  const reasons = r.reasons.map((x) => {
    const fact = facts.find((f) => f.id === x.fact);
    const value = fact?.values.find((v) => v.id === x.value);
    return say(strings, locale, 'reason-raises', {
      fact: fact ? pick(fact.name ?? fact.question, locale) : x.fact,
      value: value ? pick(value.label, locale) : x.value,
      factor: Math.round(x.factor * 100) / 100,
    });
  });
  return {
    rank,
    cause: r.cause.id,
    title: pick(r.cause.title, locale),
    // Never "0 %": a cause still in the list is possible, just unlikely.
    percent: Math.max(1, Math.round(r.probability * 100)),
    why: reasons.length ? say(strings, locale, 'why-ranked', { reasons: reasons.join('; ') }) : say(strings, locale, 'no-reasons'),
  };
}

/** The numbered steps of a cause, safest first as the article orders them. */
export function stepViews(steps: readonly Step[], locale: Locale, strings: Strings): StepView[] {
  return steps.map((s, i) => ({
    n: i + 1,
    title: pick(s.title, locale),
    why: pick(s.why, locale),
    commands: s.commands.map((c) => ({ shell: c.shell, run: c.run })),
    admin: s.admin,
    registry: s.registry,
    risk: s.risk,
    riskLabel: say(strings, locale, `risk-${s.risk}`),
    warning: s.warning ? pick(s.warning, locale) : null,
    undo: s.undo ? pick(s.undo, locale) : null,
    verify: pick(s.verify, locale),
  }));
}
