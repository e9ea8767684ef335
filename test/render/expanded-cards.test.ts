// Expanded cards are kept and served again for the same data (everyone pasting the same code gets
// the same identification card): what is served must always be the card of the data asked for.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ACData from 'adaptivecards-templating';
import { projectRoot, readTemplates } from '../../src/node/load-engine';
import { expandCard } from '../../src/render/render-reply';

const templates = readTemplates();
const sample = JSON.parse(readFileSync(join(projectRoot(), 'cards', 'identification.sample.json'), 'utf8')) as { match: { code: string; name: string } };
/** What adaptivecards-templating gives for this data, built afresh. */
const fresh = (data: object) => new ACData.Template(templates.identification).expand({ $root: data }) as object;
const withCode = (code: string) => ({ ...sample, match: { ...sample.match, code, name: `NAME_${code}` } });

test('the same data gives the same card as expanding it afresh, again and again', () => {
  const first = expandCard(templates, 'identification', sample);
  expect(first).toEqual(fresh(sample));
  expect(expandCard(templates, 'identification', structuredClone(sample))).toEqual(first);
});

test('different data never gets another card', () => {
  const a = expandCard(templates, 'identification', withCode('0x80070005'));
  const b = expandCard(templates, 'identification', withCode('0x80070006'));
  expect(JSON.stringify(a)).toContain('NAME_0x80070005');
  expect(JSON.stringify(b)).toContain('NAME_0x80070006');
  expect(JSON.stringify(b)).not.toContain('NAME_0x80070005');
});

test('a kept card cannot be changed by one turn under another turn', () => {
  const card = expandCard(templates, 'identification', sample) as { body: { text?: string }[] };
  expect(() => {
    'use strict';
    card.body[0]!.text = 'changed';
  }).toThrow(TypeError);
  expect(expandCard(templates, 'identification', sample)).toEqual(fresh(sample));
});

test('after more distinct cards than are kept, old and new data still get their own cards', () => {
  const codes = Array.from({ length: 700 }, (_, i) => `0x8007${i.toString(16).toUpperCase().padStart(4, '0')}`);
  for (const code of codes) expandCard(templates, 'identification', withCode(code));
  for (const code of [codes[0]!, codes[350]!, codes[699]!]) {
    expect(expandCard(templates, 'identification', withCode(code))).toEqual(fresh(withCode(code)));
  }
});

test('a ticket card with a long history is expanded but not kept', () => {
  const ticket = JSON.parse(readFileSync(join(projectRoot(), 'cards', 'ticket.sample.json'), 'utf8')) as object;
  const notes = Array.from({ length: 12 }, (_, i) => ({ by: 'Luis Pérez', text: `${i} ${'x'.repeat(1_900)}` }));
  const long = { ...ticket, notes };
  const card = expandCard(templates, 'ticket', long);
  expect(JSON.stringify(card)).toContain(`11 ${'x'.repeat(100)}`);
  expect(expandCard(templates, 'ticket', long)).not.toBe(card);
  expect(expandCard(templates, 'ticket', long)).toEqual(card);
});
