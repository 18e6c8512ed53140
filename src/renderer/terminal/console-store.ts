import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';
import type { TerminalPreset } from '../../shared/channels/terminal';
import type { LogSource } from '../../shared/channels/logs';

/** One instance of one endpoint. */
export interface ConsoleTarget {
  endpoint: string;
  project: string;
  name: string;
}

export type ShellChoice = 'auto' | 'bash' | 'sh';

export type ConsoleTab =
  | {
      id: string;
      kind: 'terminal';
      target: ConsoleTarget;
      title: string;
      shell: ShellChoice;
      preset?: TerminalPreset;
      /** the session in main; kept across a reload to reattach */
      sessionId?: string;
    }
  | { id: string; kind: 'logs'; target: ConsoleTarget; title: string; source?: LogSource; tailId: string };

interface ConsoleState {
  tabs: ConsoleTab[];
  activeId: string | null;
  /** the dock is shown (tabs stay alive while it is hidden) */
  open: boolean;
  maximized: boolean;
  /** the dock's height in px when not maximized */
  height: number;
  openTerminal(target: ConsoleTarget, options?: { shell?: ShellChoice; preset?: TerminalPreset }): string;
  openLogs(target: ConsoleTarget, source?: LogSource): string;
  removeTab(id: string): void;
  setActive(id: string): void;
  setSession(id: string, sessionId: string | undefined): void;
  setSource(id: string, source: LogSource): void;
  setOpen(open: boolean): void;
  setMaximized(maximized: boolean): void;
  setHeight(height: number): void;
}

export const MIN_DOCK_HEIGHT = 180;

export function newId(prefix: string): string {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  return `${prefix}${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

const sameTarget = (a: ConsoleTarget, b: ConsoleTarget): boolean =>
  a.endpoint === b.endpoint && a.project === b.project && a.name === b.name;

/** Numbers tabs of the same instance: "bcm-1", "bcm-1 (2)". */
function titleFor(tabs: ConsoleTab[], kind: ConsoleTab['kind'], target: ConsoleTarget, base: string): string {
  const same = tabs.filter((t) => t.kind === kind && sameTarget(t.target, target)).length;
  return same === 0 ? base : `${base} (${same + 1})`;
}

/** The open terminal and log tabs (kept in sessionStorage, so a reload reattaches them). */
export const useConsoleStore = create<ConsoleState>()(
  persist(
    (set, get) => ({
      tabs: [],
      activeId: null,
      open: false,
      maximized: false,
      height: 420,
      openTerminal(target, options = {}) {
        const id = newId('tab-');
        const base = options.preset?.title ?? target.name;
        const tab: ConsoleTab = {
          id,
          kind: 'terminal',
          target,
          title: titleFor(get().tabs, 'terminal', target, base),
          shell: options.shell ?? 'auto',
          ...(options.preset ? { preset: options.preset } : {}),
        };
        set((s) => ({ tabs: [...s.tabs, tab], activeId: id, open: true }));
        return id;
      },
      openLogs(target, source) {
        const id = newId('tab-');
        const tab: ConsoleTab = {
          id,
          kind: 'logs',
          target,
          title: titleFor(get().tabs, 'logs', target, target.name),
          tailId: newId('l-'),
          ...(source ? { source } : {}),
        };
        set((s) => ({ tabs: [...s.tabs, tab], activeId: id, open: true }));
        return id;
      },
      removeTab(id) {
        set((s) => {
          const index = s.tabs.findIndex((t) => t.id === id);
          const tabs = s.tabs.filter((t) => t.id !== id);
          const neighbour = tabs[Math.min(Math.max(index, 0), tabs.length - 1)];
          const activeId = s.activeId === id ? (neighbour?.id ?? null) : s.activeId;
          return { tabs, activeId, open: tabs.length > 0 && s.open };
        });
      },
      setActive: (id) => set({ activeId: id, open: true }),
      setSession: (id, sessionId) =>
        set((s) => ({
          tabs: s.tabs.map((t) => {
            if (t.id !== id || t.kind !== 'terminal') return t;
            const { sessionId: _old, ...rest } = t;
            return sessionId === undefined ? rest : { ...rest, sessionId };
          }),
        })),
      setSource: (id, source) =>
        set((s) => ({
          tabs: s.tabs.map((t) => (t.id === id && t.kind === 'logs' ? { ...t, source, tailId: newId('l-') } : t)),
        })),
      setOpen: (open) => set({ open }),
      setMaximized: (maximized) => set({ maximized }),
      setHeight: (height) => set({ height: Math.max(MIN_DOCK_HEIGHT, Math.round(height)) }),
    }),
    {
      name: 'bcm.console',
      storage: createJSONStorage(() => sessionStorage),
      partialize: (s) => ({ tabs: s.tabs, activeId: s.activeId, open: s.open, maximized: s.maximized, height: s.height }),
    },
  ),
);

/** For other pages (datacenter, dashboards): open a terminal or a log tail on an instance. */
export const openTerminal = (target: ConsoleTarget, options?: { shell?: ShellChoice; preset?: TerminalPreset }): string =>
  useConsoleStore.getState().openTerminal(target, options);
export const openLogs = (target: ConsoleTarget, source?: LogSource): string => useConsoleStore.getState().openLogs(target, source);
