// Ranks the causes of the candidate articles: prior weight times the likelihood factor of every
// known fact, normalised to probabilities, with the reasons that moved each cause.
import type { Article, Cause } from '../catalog/schema';

/** fact id → value id; "unknown" means the user said they don't know. */
export type Facts = Readonly<Record<string, string>>;

export const UNKNOWN = 'unknown';

export interface Reason {
  fact: string;
  value: string;
  /** The likelihood factor the article gives this value: >1 raised the cause, <1 lowered it. */
  factor: number;
}

export interface RankedCause {
  articleId: string;
  cause: Cause;
  /** 0..1, the causes of one ranking sum to 1. */
  probability: number;
  reasons: Reason[];
}

/** A cause of one article, addressed as "article-id/cause-id". */
export const causeKey = (articleId: string, causeId: string) => `${articleId}/${causeId}`;

/** Likelihood factor of a cause for one fact value (1 when the article says nothing). */
export function factorOf(cause: Cause, fact: string, value: string): number {
  if (value === UNKNOWN) return 1;
  return cause.factors[fact]?.[value] ?? 1;
}

export interface CandidateCause {
  articleId: string;
  cause: Cause;
  /** Prior weight, possibly adjusted by recorded outcomes. */
  prior: number;
}

/** Every cause of the candidate articles with its prior; `priorBoost` comes from outcomes. */
export function candidateCauses(articles: readonly Article[], priorBoost: (key: string) => number = () => 1): CandidateCause[] {
  return articles.flatMap((a) => a.causes.map((cause) => ({ articleId: a.id, cause, prior: cause.prior * priorBoost(causeKey(a.id, cause.id)) })));
}

/** Unnormalised weight of each candidate given the facts. */
export function weights(candidates: readonly CandidateCause[], facts: Facts): number[] {
  return candidates.map((c) => {
    let w = c.prior;
    for (const [fact, value] of Object.entries(facts)) w *= factorOf(c.cause, fact, value);
    return w;
  });
}

/** Ranks candidates by probability given the facts; ties keep the article's own order. */
export function rankCauses(candidates: readonly CandidateCause[], facts: Facts): RankedCause[] {
  const w = weights(candidates, facts);
  const total = w.reduce((s, x) => s + x, 0) || 1;
  return candidates
    .map((c, i) => ({
      articleId: c.articleId,
      cause: c.cause,
      probability: w[i]! / total,
      reasons: Object.entries(facts)
        .map(([fact, value]) => ({ fact, value, factor: factorOf(c.cause, fact, value) }))
        .filter((r) => r.factor !== 1),
      order: i,
    }))
    .sort((a, b) => b.probability - a.probability || a.order - b.order)
    .map(({ order: _order, ...r }) => r);
}
