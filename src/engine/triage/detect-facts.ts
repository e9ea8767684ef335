// Reads facts the user already stated in the paste ("we are behind a proxy", "domain-joined",
// "McAfee", "Windows Server 2019") from the mention phrases in dialogs/facts.
import type { Fact } from '../catalog/schema';
import { normalise } from '../match-words';

export interface DetectedFact {
  fact: string;
  value: string;
  /** The phrase that established it, to say back to the user. */
  phrase: string;
}

interface Phrase {
  fact: string;
  value: string;
  rank: number;
  phrase: string;
  pattern: string;
}

export interface FactDetector {
  detect(text: string): DetectedFact[];
}

/**
 * Builds a detector. A longer phrase claims its words first ("no proxy" before "proxy"); when a
 * paste mentions several answers of one fact, the one listed later in the fact file wins, since
 * the files list the more specific answers later ("behind a proxy with SSL inspection").
 */
export function buildFactDetector(facts: readonly Fact[]): FactDetector {
  const phrases: Phrase[] = facts.flatMap((f) =>
    f.values.flatMap((v, rank) => v.mentions.map((m) => ({ fact: f.id, value: v.id, rank, phrase: m, pattern: ` ${normalise(m)} ` }))),
  );
  // Longest first, so a longer phrase claims its words before a shorter one inside it.
  phrases.sort((a, b) => b.pattern.length - a.pattern.length);
  return {
    detect(text) {
      let hay = ` ${normalise(text)} `;
      const found = new Map<string, DetectedFact & { rank: number }>();
      for (const p of phrases) {
        const at = hay.indexOf(p.pattern);
        if (at < 0) continue;
        // Blank the words out so "proxy" inside "no proxy" does not count again.
        hay = hay.slice(0, at) + ' '.repeat(p.pattern.length - 1) + hay.slice(at + p.pattern.length - 1);
        const prev = found.get(p.fact);
        if (!prev || p.rank > prev.rank) found.set(p.fact, { fact: p.fact, value: p.value, phrase: p.phrase, rank: p.rank });
      }
      return [...found.values()].map(({ rank: _rank, ...d }) => d);
    },
  };
}
