// `npm run demo`: builds the quick-start CRM from the Chinook sample data (first time only),
// runs its flows with the real CLI, and shows what landed where. A second run is incremental.
// `npm run demo -- --reset` starts over.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { prepareExample } from '../prepare-example.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const spec = path.relative(process.cwd(), path.join(here, 'syncline.yaml'));
const cli = path.join(root, 'dist/cli/bin.js');

const fresh = prepareExample(here, { reset: process.argv.includes('--reset') });
console.log(
  fresh
    ? 'Built the CRM (59 Chinook customers, 412 invoices; 3 customers deliberately broken) and an empty ERP.'
    : 'Running again on the same data: flows continue from their checkpoints (use --reset to start over).',
);

const run = spawnSync(process.execPath, [cli, 'run', '--spec', spec], { stdio: 'inherit' });
if (run.status !== 0) process.exit(run.status ?? 1);

const erp = new Database(path.join(here, 'work/erp.db'), { readonly: true });
const count = erp.prepare('SELECT count(*) AS n FROM clients').get().n;
const sample = erp
  .prepare(
    'SELECT client_no, first_name, last_name, email, country_code, customer_since FROM clients WHERE crm_id IN (1, 20, 42) ORDER BY client_no',
  )
  .all();
erp.close();

console.log(`\nThe ERP now holds ${count} clients. A few, as mapped:`);
console.table(sample);
console.log(
  `The finance export is ${path.relative(process.cwd(), path.join(here, 'work/finance/invoices.csv'))}`,
);
console.log(`
Try next:
  npx syncline status --spec ${spec}
  npx syncline dead-letters list --spec ${spec}
  npx syncline dead-letters show <id> --spec ${spec}
  npm run demo          (again: incremental, reads only what changed)
  npm run demo -- --reset`);
