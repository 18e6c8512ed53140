import { createContext, useContext } from 'react';
import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';
import { defaultSpec, type DatacenterSpec } from '../../../shared/datacenter/spec';

export const wizardSteps = ['where', 'what', 'review', 'deploy', 'done'] as const;
export type WizardStep = (typeof wizardSteps)[number];

export interface WizardDraft {
  step: WizardStep;
  spec: DatacenterSpec;
  /** the user typed a name (else it follows the chain: "regtest", "signet-2", …) */
  nameEdited: boolean;
  /** the name the spec was saved under by this wizard (a second save replaces it) */
  savedAs: string | null;
  /** a name clash reported by datacenters.save, shown on the name field */
  nameError: string | null;
}

interface WizardStore extends WizardDraft {
  patch(values: Partial<WizardDraft>): void;
  edit(change: (spec: DatacenterSpec) => DatacenterSpec): void;
  reset(): void;
}

function initial(): WizardDraft {
  return { step: 'where', spec: defaultSpec('regtest', 'local'), nameEdited: false, savedAs: null, nameError: null };
}

function makeWizardStore(storageKey: string) {
  return create<WizardStore>()(
    persist(
      (set) => ({
        ...initial(),
        patch: (values) => set(values),
        edit: (change) => set((state) => ({ spec: change(state.spec) })),
        reset: () => set(initial()),
      }),
      {
        name: storageKey,
        version: 1,
        storage: createJSONStorage(() => sessionStorage),
        partialize: ({ step, spec, nameEdited, savedAs, nameError }) => ({ step, spec, nameEdited, savedAs, nameError }),
      },
    ),
  );
}

/**
 * The new-datacenter wizard's draft. It lives outside the page and in sessionStorage, so nothing
 * typed is lost when a request fails, and a page reloaded mid-deploy comes back to the Deploy step
 * (which then picks the run up from `datacenters.run`).
 */
export const newDatacenterDraft = makeWizardStore('bcm.datacenterWizard');

/**
 * Editing a deployed datacenter's settings (issue 12) uses the same steps on a draft of its own,
 * so a new datacenter half written is not lost by an edit, and the reverse.
 */
export const editDatacenterDraft = makeWizardStore('bcm.datacenterEdit');

export type WizardStoreHook = typeof newDatacenterDraft;
const WizardStoreContext = createContext<WizardStoreHook>(newDatacenterDraft);
export const WizardStoreProvider = WizardStoreContext.Provider;

/** The draft of the wizard around this component (new datacenter by default). */
export function useDatacenterWizard(): WizardStore;
export function useDatacenterWizard<T>(selector: (s: WizardStore) => T): T;
export function useDatacenterWizard<T>(selector?: (s: WizardStore) => T): T | WizardStore {
  const store = useContext(WizardStoreContext);
  const whole = (s: WizardStore): T | WizardStore => s;
  return store(selector ?? whole);
}

/** the draft is an edit of a saved datacenter (its name and endpoint are fixed) */
export function useEditingDraft(): boolean {
  return useContext(WizardStoreContext) === editDatacenterDraft;
}

/**
 * "New datacenter" from the list: a draft still being written (Where, What, Review) is kept, but a
 * wizard that already reached Deploy or Done belongs to that datacenter (its page follows the run),
 * so a new one starts afresh (issue 15: it reopened the old deploy at step 4).
 */
export function startNewDatacenter(): void {
  const { step, reset } = newDatacenterDraft.getState();
  if (step === 'deploy' || step === 'done') reset();
}
