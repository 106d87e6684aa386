import { closeSync, openSync, writeSync } from 'node:fs';
import { stringify } from 'csv-stringify/sync';
import type { CompareDifference } from './compare-result.js';
import { keyLabel, valueText } from './difference-text.js';

export interface DifferenceCsv {
  write(difference: CompareDifference): void;
  close(): void;
}

const header = ['key', 'field', 'new value', 'baseline value', 'kind'];

/**
 * differences.csv, written as the compare finds them (one line per differing field; one per
 * missing or extra record, with its whole row as the value), so its size is not held in memory.
 */
export function openDifferenceCsv(file: string): DifferenceCsv {
  const fd = openSync(file, 'w');
  const put = (cells: readonly string[]) => writeSync(fd, stringify([cells]));
  put(header);
  return {
    write(difference) {
      const key = keyLabel(difference.key);
      if (difference.kind === 'differs') {
        for (const field of difference.fields)
          put([key, field.field, valueText(field.fresh), valueText(field.baseline), 'differs']);
        return;
      }
      const row = valueText(difference.row);
      put(difference.kind === 'missing' ? [key, '', row, '', 'missing'] : [key, '', '', row, 'extra']);
    },
    close: () => closeSync(fd),
  };
}
