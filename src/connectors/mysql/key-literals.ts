import { IntegrationError } from '../../core/integration-error.js';
import { isIssue } from '../../core/issue.js';
import type { Row } from '../../core/row.js';
import type { Stage } from '../../core/stage.js';
import type { MysqlTableInfo } from './describe-mysql-table.js';
import { sqlLiteral } from './sql-literal.js';
import { toMysqlValue } from './to-mysql-value.js';

/** Each key as SQL literals in the key columns' types; a value no column could hold is fatal. */
export function keyLiterals(
  info: MysqlTableInfo,
  keys: readonly Row[],
  key: readonly string[],
  stage: Stage,
): string[][] {
  return keys.map((row) =>
    key.map((k) => {
      const value = toMysqlValue(row[k], info.column.get(k) ?? { name: k, dataType: '', isJson: false });
      if (isIssue(value)) {
        throw new IntegrationError(`Table "${info.name}": cannot look up key ${k}: ${value.message}`, {
          kind: 'fatal',
          code: 'key-invalid',
          stage,
        });
      }
      return sqlLiteral(value);
    }),
  );
}
