// Reads expanded cards the way a client does: Microsoft's Adaptive Cards SDK parses them (no DOM is
// needed to parse; only rendering needs one), and small walkers find actions and visible text.
import { createRequire } from 'node:module';
import type * as Sdk from 'adaptivecards';

// The package's main entry (lib/) is ES modules, which jest cannot require on Node 20; its
// dist/ bundle is the same SDK built as UMD. The types still come from the package.
const AC = createRequire(__filename)('adaptivecards/dist/adaptivecards') as typeof Sdk;

/**
 * The Teams host config's action limit, from the Adaptive Cards Designer's Teams container
 * (microsoft/AdaptiveCards, adaptivecards-designer): Teams shows six buttons in a row, not the
 * SDK's default of five.
 */
const TEAMS_MAX_ACTIONS = 6;

/** Every warning and error the SDK reports while parsing and validating the card; [] when clean. */
export function sdkProblems(card: object): string[] {
  const parsed = new AC.AdaptiveCard();
  parsed.hostConfig = new AC.HostConfig({ actions: { maxActions: TEAMS_MAX_ACTIONS } });
  const context = new AC.SerializationContext();
  parsed.parse(card, context);
  const problems: string[] = [];
  for (let i = 0; i < context.eventCount; i++) {
    const e = context.getEventAt(i);
    problems.push(`${AC.ValidationPhase[e.phase]} ${AC.ValidationEvent[e.event]}: ${e.message}`);
  }
  for (const e of parsed.validateProperties().validationEvents) {
    problems.push(`Validation ${AC.ValidationEvent[e.event]}: ${e.message}`);
  }
  return problems;
}

type Node = Record<string, unknown>;

/** Every object in the card, depth first in document order. */
export function nodes(value: unknown): Node[] {
  if (Array.isArray(value)) return value.flatMap(nodes);
  if (!value || typeof value !== 'object') return [];
  return [value as Node, ...Object.values(value).flatMap(nodes)];
}

/** Every Action.Submit anywhere in the card: card actions, action sets, select actions. */
export function submitActions(card: object): Node[] {
  return nodes(card).filter((n) => n.type === 'Action.Submit');
}

/** The text a user reads in a part of a card: TextBlocks, TextRuns and facts, in order. */
export function texts(part: unknown): string[] {
  return nodes(part).flatMap((n) => {
    if ((n.type === 'TextBlock' || n.type === 'TextRun') && typeof n.text === 'string') return [n.text];
    if (n.type === 'FactSet' && Array.isArray(n.facts)) return (n.facts as Node[]).flatMap((f) => [String(f.title), String(f.value)]);
    return [];
  });
}

/** The body container of the results card that shows step n, found by its heading. */
export function stepContainer(card: object, n: number, title: string): Node | undefined {
  return nodes(card).find((c) => c.type === 'Container' && Array.isArray(c.items) && texts((c.items as unknown[])[0]).includes(`${n}. ${title}`));
}
