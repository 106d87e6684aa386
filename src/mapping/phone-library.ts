import { loadLibrary } from './load-library.js';

/** libphonenumber with its "max" metadata, loaded when a mapping first uses `phone`. */
export const phoneLibrary = loadLibrary<typeof import('libphonenumber-js/max')>('libphonenumber-js/max');
