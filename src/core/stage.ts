/** Where in a flow something happened. */
export const stages = ['read', 'map', 'validate', 'write', 'checkpoint'] as const;
export type Stage = (typeof stages)[number];
