import { readFileSync, writeFileSync } from 'node:fs';
import { FLOWS_GUIDE, withNodeKinds } from './node-kinds-page.js';

/** `npm run docs:flows`: rewrites the node-kind reference of flows/README.md from the declarations. */
writeFileSync(FLOWS_GUIDE, withNodeKinds(readFileSync(FLOWS_GUIDE, 'utf8')));
console.log(`wrote the node kinds of ${FLOWS_GUIDE}`);
