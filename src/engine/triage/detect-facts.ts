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
  words: string[];
}

export interface FactDetector {
  detect(text: string): DetectedFact[];
}

/**
 * Builds a detector. Scanning left to right, the longest phrase starting at a word claims its
 * words ("no proxy" before "proxy"); when a paste mentions several answers of one fact, the one
 * listed later in the fact file wins, since the files list the more specific answers later
 * ("behind a proxy with SSL inspection"). Linear in the words of the paste.
 */
export function buildFactDetector(facts: readonly Fact[]): FactDetector {
  const byFirstWord = new Map<string, Phrase[]>();
  for (const f of facts) {
    f.values.forEach((v, rank) => {
      for (const m of v.mentions) {
        const words = normalise(m).split(' ').filter(Boolean);
        if (words.length === 0) continue;
        const p: Phrase = { fact: f.id, value: v.id, rank, phrase: m, words };
        const list = byFirstWord.get(words[0]!);
        if (list) list.push(p);
        else byFirstWord.set(words[0]!, [p]);
      }
    });
  }
  for (const list of byFirstWord.values()) list.sort((a, b) => b.words.length - a.words.length);

  return {
    detect(text) {
      const words = normalise(text).split(' ');
      const found = new Map<string, DetectedFact & { rank: number }>();
      for (let i = 0; i < words.length; ) {
        const p = byFirstWord.get(words[i]!)?.find((c) => c.words.every((w, k) => words[i + k] === w));
        if (!p) {
          i++;
          continue;
        }
        i += p.words.length;
        const prev = found.get(p.fact);
        if (!prev || p.rank > prev.rank) found.set(p.fact, { fact: p.fact, value: p.value, phrase: p.phrase, rank: p.rank });
      }
      return [...found.values()].map(({ rank: _rank, ...d }) => d);
    },
  };
}
