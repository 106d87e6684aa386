import { createContext, useContext } from 'react';
import type { Me } from './api';

/** The signed-in caller, for pages that show or hide actions by role. */
export const SessionContext = createContext<Me | undefined>(undefined);

export function useMe(): Me | undefined {
  return useContext(SessionContext);
}
