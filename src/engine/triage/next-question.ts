// Chooses the question whose answer is expected to reduce the uncertainty over the causes most,
// and says when to stop asking.
import { LRUCache } from 'lru-cache';
import type { Fact } from '../catalog/schema';
import { causeKey, factorOf, weights, type CandidateCause, type Facts } from './rank-causes';

export interface QuestionPolicy {
  /** Stop when one cause has at least this probability: 0.75 means "clearly leads". */
  confident: number;
  /** Ask at most this many questions in one triage; users give up after three or four. */
  maxQuestions: number;
  /** Expected information gain (bits) below which a question is not worth the user's time. */
  minGain: number;
}
export const DEFAULT_QUESTION_POLICY: Readonly<QuestionPolicy> = Object.freeze({ confident: 0.75, maxQuestions: 4, minGain: 0.05 });

export interface QuestionChoice {
  fact: Fact;
  /** Expected reduction of entropy over the causes, in bits. */
  gain: number;
}

export type StopReason = 'confident' | 'no-useful-question' | 'question-limit' | 'no-causes';

function entropy(ws: readonly number[]): number {
  const total = ws.reduce((s, x) => s + x, 0);
  if (total <= 0) return 0;
  let h = 0;
  for (const w of ws) if (w > 0) h -= (w / total) * Math.log2(w / total);
  return h;
}

/**
 * True when `after` ranks the causes in another order than `before`, ordering as rankCauses does
 * (heavier first, ties in list order). Pairwise, without sorting: the lists hold a handful of causes.
 */
function orderChanges(before: readonly number[], after: readonly number[]): boolean {
  for (let i = 0; i < before.length; i++) {
    for (let j = i + 1; j < before.length; j++) {
      // i stays ahead of j exactly when it is not lighter (ties keep list order).
      if (before[i]! >= before[j]! !== after[i]! >= after[j]!) return true;
    }
  }
  return false;
}

const rates = new WeakMap<Fact, readonly number[]>();

/** How common each answer is: the fact's `base` rates, the rest shared evenly by the others. */
export function baseRates(fact: Fact): readonly number[] {
  const known = rates.get(fact);
  if (known) return known;
  const given = fact.values.reduce((s, v) => s + (v.base ?? 0), 0);
  const missing = fact.values.filter((v) => v.base === undefined).length;
  const share = missing ? Math.max(0, 1 - given) / missing : 0;
  const raw = fact.values.map((v) => v.base ?? share);
  const total = raw.reduce((s, x) => s + x, 0) || 1;
  const result = Object.freeze(raw.map((x) => x / total));
  rates.set(fact, result);
  return result;
}

/**
 * Expected information gain of asking `fact`. The factors act as likelihood ratios, so an
 * answer's probability is its base rate times the probability-weighted factors of the causes.
 * Returns 0 when no answer could change the order of the causes: such a question is never asked.
 * `now` are the candidates' weights under `facts`, when the caller already has them.
 */
export function expectedGain(candidates: readonly CandidateCause[], facts: Facts, fact: Fact, now: readonly number[] = weights(candidates, facts)): number {
  // A fact no cause has a factor for cannot move any of them (most facts, for any one article).
  if (!candidates.some((c) => c.cause.factors[fact.id] !== undefined)) return 0;
  const total = now.reduce((s, x) => s + x, 0);
  if (total <= 0) return 0;
  let changes = false;
  // The fact is not known yet, so each answer only multiplies in its own factor.
  const perValue = fact.values.map((v) => {
    const after = now.map((w, i) => w * factorOf(candidates[i]!.cause, fact.id, v.id));
    if (!changes) changes = orderChanges(now, after);
    return after;
  });
  if (!changes) return 0;
  const base = baseRates(fact);
  const mass = perValue.map((ws, i) => base[i]! * ws.reduce((s, x) => s + x, 0));
  const massTotal = mass.reduce((s, x) => s + x, 0);
  let expected = 0;
  perValue.forEach((ws, i) => {
    expected += (mass[i]! / massTotal) * entropy(ws);
  });
  return Math.max(0, entropy(now) - expected);
}

export interface NextStep {
  question?: QuestionChoice;
  stop?: StopReason;
}

/**
 * The next question to ask, or why to stop. `askable` are the facts allowed here (limited by the
 * article's context and not yet known or asked); `fixedOrder` is a lead's explicit tree.
 */
export function nextQuestion(
  candidates: readonly CandidateCause[],
  facts: Facts,
  askable: readonly Fact[],
  asked: number,
  policy: QuestionPolicy = DEFAULT_QUESTION_POLICY,
  fixedOrder?: readonly string[],
): NextStep {
  if (candidates.length === 0) return { stop: 'no-causes' };
  const now = weights(candidates, facts);
  // The leading cause's probability, as rankCauses would give it.
  const total = now.reduce((s, x) => s + x, 0) || 1;
  if (Math.max(...now) / total >= policy.confident) return { stop: 'confident' };
  if (asked >= policy.maxQuestions) return { stop: 'question-limit' };
  if (fixedOrder) {
    for (const id of fixedOrder) {
      const fact = askable.find((f) => f.id === id);
      if (fact) return { question: { fact, gain: expectedGain(candidates, facts, fact, now) } };
    }
    return { stop: 'no-useful-question' };
  }
  let best: QuestionChoice | undefined;
  for (const fact of askable) {
    const gain = expectedGain(candidates, facts, fact, now);
    // Strictly greater keeps the first fact on ties: the order of dialogs/facts is the tie-break.
    if (gain >= policy.minGain && (!best || gain > best.gain + 1e-12)) best = { fact, gain };
  }
  return best ? { question: best } : { stop: 'no-useful-question' };
}

// The same article, priors, known facts and askable facts always give the same next step, and
// most triages of one code begin alike: remember the last steps, per set of causes loaded.
const REMEMBERED_STEPS = 1024;
const remembered = new WeakMap<object, LRUCache<string, { question?: { fact: string; gain: number }; stop?: StopReason }>>();

/** nextQuestion, remembering its result for identical inputs (the facts are matched by id). */
export function nextQuestionRemembered(...args: Parameters<typeof nextQuestion>): NextStep {
  const [candidates, facts, askable, asked, policy = DEFAULT_QUESTION_POLICY, fixedOrder] = args;
  const owner = candidates[0]?.cause;
  if (!owner) return nextQuestion(...args);
  const key = [
    candidates.map((c) => `${causeKey(c.articleId, c.cause.id)}:${c.prior}`).join(','),
    Object.entries(facts).map(([k, v]) => `${k}=${v}`).join(','),
    askable.map((f) => f.id).join(','),
    asked,
    policy.confident,
    policy.maxQuestions,
    policy.minGain,
    fixedOrder?.join(',') ?? '',
  ].join('|');
  let steps = remembered.get(owner);
  if (!steps) remembered.set(owner, (steps = new LRUCache({ max: REMEMBERED_STEPS })));
  const hit = steps.get(key);
  if (hit) {
    if (!hit.question) return { stop: hit.stop! };
    const fact = askable.find((f) => f.id === hit.question!.fact)!;
    return { question: { fact, gain: hit.question.gain } };
  }
  const step = nextQuestion(...args);
  steps.set(key, step.question ? { question: { fact: step.question.fact.id, gain: step.question.gain } } : { stop: step.stop! });
  return step;
}
