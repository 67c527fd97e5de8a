import { writeFileSync } from 'node:fs';
import { CONFIGURATION_PAGE, renderConfigurationPage } from './configuration-page.js';

/** `npm run docs:config`: writes docs/configuration.md from the environment schema. */
writeFileSync(CONFIGURATION_PAGE, renderConfigurationPage());
console.log(`wrote ${CONFIGURATION_PAGE}`);
