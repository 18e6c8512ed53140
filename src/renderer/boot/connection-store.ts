import { create } from 'zustand';

/**
 * State of the transport to the main process. Electron IPC is always 'open'; the browser host's
 * WebSocket can fail to connect ('failed') or drop later ('lost').
 */
/** 'link-used': the one-time link of this tab was spent by another tab (the host closed with 4409) */
export type ConnectionState = 'connecting' | 'open' | 'lost' | 'failed' | 'link-used';

interface ConnectionStore {
  state: ConnectionState;
  reason: string | null;
  set(state: ConnectionState, reason?: string | null): void;
}

export const useConnectionStore = create<ConnectionStore>((set) => ({
  state: 'connecting',
  reason: null,
  set: (state, reason = null) => set({ state, reason }),
}));

export function isDisconnected(state: ConnectionState): boolean {
  return state === 'lost' || state === 'failed' || state === 'link-used';
}
