import { z } from 'zod';

/**
 * What the exported workbook says about one transform or rule. The definitions come from the
 * mapping library; this folder only knows their shape, since spec/ does not import mapping/.
 */
export interface StepDoc {
  readonly name: string;
  readonly summary: string;
  /** One line per argument: `to (1st): …`, `from, optional: …`. */
  readonly arguments: string;
  readonly example: string;
}

export interface StepDefinitionLike {
  readonly name: string;
  readonly summary: string;
  readonly args: z.ZodType<unknown>;
  readonly positional?: readonly string[] | undefined;
  readonly examples?:
    | readonly {
        readonly step: string;
        readonly input: unknown;
        readonly output?: unknown;
        readonly passes?: boolean;
      }[]
    | undefined;
}

export function describeSteps(definitions: readonly StepDefinitionLike[]): StepDoc[] {
  return definitions.map((definition) => ({
    name: definition.name,
    summary: definition.summary,
    arguments: describeArguments(definition),
    example: exampleOf(definition),
  }));
}

function describeArguments(definition: StepDefinitionLike): string {
  const shape = definition.args instanceof z.ZodObject ? definition.args.shape : {};
  const positional = definition.positional ?? [];
  return Object.entries(shape as Record<string, z.ZodType>)
    .map(([name, schema]) => {
      const position = positional.indexOf(name);
      const tags = [
        ...(position >= 0 ? [`${ordinal(position + 1)}`] : []),
        ...(schema.safeParse(undefined).success ? ['optional'] : []),
      ];
      const description = schema.description ? `: ${schema.description}` : '';
      return `${name}${tags.length > 0 ? ` (${tags.join(', ')})` : ''}${description}`;
    })
    .join('\n');
}

function exampleOf(definition: StepDefinitionLike): string {
  const example = definition.examples?.[0];
  if (example === undefined) {
    const positional = definition.positional ?? [];
    return positional.length === 0 ? definition.name : `${definition.name}(${positional.join(', ')})`;
  }
  if (example.passes !== undefined) {
    return `${example.step}: ${show(example.input)} ${example.passes ? 'passes' : 'fails'}`;
  }
  return `${example.step}: ${show(example.input)} → ${show(example.output)}`;
}

function show(value: unknown): string {
  if (value === undefined) return 'missing';
  return JSON.stringify(value) ?? String(value);
}

function ordinal(n: number): string {
  return n === 1 ? '1st' : n === 2 ? '2nd' : n === 3 ? '3rd' : `${n}th`;
}
