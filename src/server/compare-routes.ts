import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { JsonValue } from '../core/row.js';
import type { CompareRecord } from '../store/cutover-store.js';
import { compareHeadline } from './compare-headline.js';
import { compareSamples } from './compare-samples.js';
import { requireFlow, type ServerContext } from './server-context.js';

/** The parallel run of a flow: its latest compare in detail, and the history of its compares. */
export function compareRoutes(app: FastifyInstance, context: ServerContext): void {
  const { project, store } = context;

  app.get<{ Params: { flow: string } }>(
    '/api/flows/:flow/compare',
    { config: { role: 'viewer' } },
    async (request) => {
      const flow = requireFlow(context, request.params.flow);
      const history = await store.cutover.listCompares(flow.name, 50);
      const [latest] = history;
      if (latest === undefined) return { flow: flow.name, history: [] };
      const summary = objectOf(latest.summary);
      // The report folder: the one the compare was told to use, or the default beside the spec.
      const dir =
        typeof summary.out === 'string'
          ? path.resolve(project.baseDir, summary.out)
          : path.join(project.baseDir, '.syncline', 'compare', flow.name, latest.id);
      return {
        flow: flow.name,
        latest: {
          ...compareHeadline(latest),
          summary,
          fields: fieldCounts(latest, summary),
          samples: await compareSamples(path.join(dir, 'differences.csv'), 20),
        },
        history: history.map(compareHeadline),
      };
    },
  );
}

/** Per field that differed somewhere or has a tolerance: records compared, matched, differed. */
function fieldCounts(record: CompareRecord, summary: Readonly<Record<string, JsonValue>>) {
  const differences = numbersOf(summary.fieldDifferences);
  const tolerances = objectOf(summary.tolerances);
  const compared = record.matched + record.differing;
  const fields = [...new Set([...Object.keys(differences), ...Object.keys(tolerances)])].sort();
  return fields.map((field) => {
    const differed = differences[field] ?? 0;
    const tolerance = tolerances[field];
    return {
      field,
      matched: compared - differed,
      differed,
      ...(typeof tolerance === 'string' ? { tolerance } : {}),
    };
  });
}

function objectOf(value: JsonValue | undefined): Readonly<Record<string, JsonValue>> {
  if (value === null || value === undefined || typeof value !== 'object' || isList(value)) return {};
  return value;
}

function numbersOf(value: JsonValue | undefined): Readonly<Record<string, number>> {
  return Object.fromEntries(
    Object.entries(objectOf(value)).filter(
      (entry): entry is [string, number] => typeof entry[1] === 'number',
    ),
  );
}

function isList(value: object): value is readonly JsonValue[] {
  return Array.isArray(value);
}
