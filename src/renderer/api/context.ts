import { createContext, useContext } from 'react';
import type { BcmApi } from '../../shared/client';
import type { TransportKind } from '../boot/transport';

export interface ApiContextValue {
  api: BcmApi;
  transport: TransportKind;
}

export const ApiContext = createContext<ApiContextValue | null>(null);

export function useApiContext(): ApiContextValue {
  const value = useContext(ApiContext);
  if (value === null) throw new Error('useApi must be used inside <ApiContext.Provider>');
  return value;
}

/** The typed contract client (Electron IPC or the browser host's WebSocket). */
export function useApi(): BcmApi {
  return useApiContext().api;
}
