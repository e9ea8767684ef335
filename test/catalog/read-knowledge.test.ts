// The knowledge folders on disk: a lead's trees are optional, the articles, commands and facts are not.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../../src/node/load-engine';
import { readKnowledge } from '../../src/node/read-knowledge';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'knowledge-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const copy = (folder: string) => cpSync(join(projectRoot(), folder), join(root, folder), { recursive: true });

test('without dialogs/trees the knowledge loads, with no trees', () => {
  copy('catalog/articles');
  copy('catalog/commands');
  copy('dialogs/facts');
  const k = readKnowledge(root);
  expect(k.articles.length).toBeGreaterThan(0);
  expect(k.trees).toEqual([]);
});

const required = ['catalog/articles', 'catalog/commands', 'dialogs/facts'];
test.each(required)('without %s the bot refuses to start rather than run on nothing', (missing) => {
  for (const folder of required.filter((f) => f !== missing)) copy(folder);
  expect(() => readKnowledge(root)).toThrow(missing);
});
