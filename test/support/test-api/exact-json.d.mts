/** Types for exact-json.mjs. */
export declare function parseExact(text: string): unknown;
export declare function stringifyExact(value: unknown): string;
