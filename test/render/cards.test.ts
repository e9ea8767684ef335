// Every card template, filled with its sample data, is a card Teams can show: nothing left
// unfilled, nothing Microsoft's Adaptive Cards SDK warns about, a version Teams renders, and every
// button tells the bot what it means.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot, readTemplates } from '../../src/node/load-engine';
import { CARD_VIEWS, expandCard } from '../../src/render/render-reply';
import { sdkProblems, submitActions } from './inspect-card';

/** Teams renders Adaptive Cards up to 1.5 on every client (desktop, web, mobile). */
const TEAMS_CARD_VERSION = { major: 1, minor: 5 };

const templates = readTemplates();

describe.each(CARD_VIEWS)('the %s card', (view) => {
  const samplePath = join(projectRoot(), 'cards', `${view}.sample.json`);
  const hasSample = existsSync(samplePath);

  test('has a sample data file beside its template', () => {
    expect({ view, sample: hasSample }).toEqual({ view, sample: true });
  });

  (hasSample ? describe : describe.skip)('filled with its sample data', () => {
    const card = (hasSample ? expandCard(templates, view, JSON.parse(readFileSync(samplePath, 'utf8')) as object) : {}) as Record<string, unknown>;

    test('has every ${…} filled in', () => {
      const left = JSON.stringify(card).match(/.{0,40}\$\{.{0,40}/g) ?? [];
      expect(left).toEqual([]);
    });

    test('parses in the Adaptive Cards SDK without a warning', () => {
      expect(sdkProblems(card)).toEqual([]);
    });

    test('asks for a card version Teams renders', () => {
      expect(card.version).toMatch(/^\d+\.\d+$/);
      const [major, minor] = String(card.version).split('.').map(Number) as [number, number];
      expect(major * 100 + minor).toBeLessThanOrEqual(TEAMS_CARD_VERSION.major * 100 + TEAMS_CARD_VERSION.minor);
    });

    test('gives every button a verb the bot can route on', () => {
      const unrouted = submitActions(card).filter((a) => {
        const data = a.data as Record<string, unknown> | undefined;
        return typeof data?.verb !== 'string' || data.verb === '';
      });
      expect(unrouted).toEqual([]);
    });
  });
});
