// npm run catalog:check — validates the knowledge files and prints the catalog's figures.
import { readKnowledge } from '../src/node/read-knowledge';
import { KnowledgeError } from '../src/engine/catalog/validate-knowledge';

try {
  const k = readKnowledge(process.cwd());
  console.log(`${k.articles.length} articles, ${k.facts.length} facts: OK`);
} catch (e) {
  if (e instanceof KnowledgeError) {
    console.error(e.message);
    process.exit(1);
  }
  throw e;
}
