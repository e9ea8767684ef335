// npm run catalog:check — validates the knowledge files, compares the articles with the SDK header
// catalog, and prints the catalog's figures. Exits 1 on any problem.
import { buildCodeTables } from '../src/engine/codes/code-tables';
import { catalogFigures, checkAgainstHeaders } from '../src/engine/catalog/check-against-headers';
import { checkStepsInSpanish } from '../src/engine/catalog/check-steps';
import { KnowledgeError } from '../src/engine/catalog/validate-knowledge';
import { projectRoot, readCodeFiles } from '../src/node/load-engine';
import { readKnowledge } from '../src/node/read-knowledge';

function main(): number {
  const root = projectRoot();
  let knowledge;
  try {
    knowledge = readKnowledge(root);
  } catch (e) {
    if (e instanceof KnowledgeError) {
      console.error(e.message);
      return 1;
    }
    throw e;
  }
  const tables = buildCodeTables(readCodeFiles(root));
  const problems = checkAgainstHeaders(tables, knowledge.articles);
  const english = checkStepsInSpanish(knowledge.articles);
  const f = catalogFigures(tables, knowledge.articles);
  const pct = (n: number) => `${((100 * n) / f.coverage.failureCodes).toFixed(1)}%`;
  const reached = f.coverage.exact + f.coverage.byFamily;
  console.log(`articles:               ${f.articles} (${f.familyArticles} family article(s) covering a range)`);
  console.log(`codes covered:          ${f.exactCodes} exact, ${f.ranges} range(s)`);
  console.log(`header failure codes:   ${reached} of ${f.coverage.failureCodes} reach an article (${pct(reached)}): ${f.coverage.exact} exactly, ${f.coverage.byFamily} through a family`);
  console.log(`defined by an article:  ${f.articleDefined} article(s) whose codes are not in the SDK headers`);
  console.log(`causes:                 ${f.causes}`);
  console.log(`steps:                  ${f.steps}`);
  console.log(`steps in Spanish:       ${f.stepsAllSpanish} of ${f.steps} (every text of the step)`);
  console.log(`lacking Spanish:        ${f.lackingSpanish} article(s) (title, summary, phrasings, cause titles)`);
  console.log(`commands (dictionary):  ${knowledge.commands.entries.length}`);
  console.log(`references:             ${f.references} distinct page(s)`);
  console.log(`facts (dialogs/facts):  ${knowledge.facts.length}`);
  if (english.length) {
    console.error(`\n${english.length} step(s) show some text in English only:\n${english.map((p) => `  - ${p}`).join('\n')}`);
    return 1;
  }
  if (problems.length) {
    console.error(`\nThe articles disagree with the SDK header catalog in ${problems.length} place(s):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    return 1;
  }
  console.log('OK');
  return 0;
}

process.exitCode = main();
