// Reads a typed answer to the pending question: "yes", "sí", "not sure", "2", or (part of) a
// label such as "proxy" or "WSUS".
import type { Fact } from '../engine/catalog/schema';
import { normalise } from '../engine/match-words';
import { UNKNOWN } from '../engine/triage/rank-causes';

const DONT_KNOW = new Set(['not sure', 'unsure', 'dont know', 'don t know', 'i don t know', 'i dont know', 'no idea', 'dunno', 'idk', 'no se', 'no lo se', 'ni idea', 'no estoy seguro', 'no estoy segura', 'ns']);
const YES = new Set(['yes', 'y', 'yeah', 'yep', 'si', 'sí', 'correct', 'correcto', 'right']);
const NO = new Set(['no', 'n', 'nope', 'incorrect', 'incorrecto', 'wrong']);

/** The value id the text picks among the fact's answers, UNKNOWN for "I don't know", or null. */
export function interpretAnswer(text: string, fact: Fact): string | null {
  const t = normalise(text);
  if (!t) return null;
  if (DONT_KNOW.has(t)) return UNKNOWN;
  const ids = fact.values.map((v) => v.id);
  if (YES.has(t) && ids.includes('yes')) return 'yes';
  if (NO.has(t) && ids.includes('no')) return 'no';
  // "1", "2", …: the answer's position on the card.
  if (/^\d+$/.test(t)) return fact.values[Number(t) - 1]?.id ?? (Number(t) === fact.values.length + 1 ? UNKNOWN : null);
  for (const v of fact.values) {
    const labels = [v.id.replace(/-/g, ' '), normalise(v.label.en), normalise(v.label.es)];
    if (labels.includes(t)) return v.id;
  }
  // A unique answer whose label or mentions contain what was typed ("wsus", "proxy", "vpn").
  const hits = fact.values.filter((v) =>
    [v.label.en, v.label.es, ...v.mentions].some((l) => ` ${normalise(l)} `.includes(` ${t} `)),
  );
  return hits.length === 1 ? hits[0]!.id : null;
}
