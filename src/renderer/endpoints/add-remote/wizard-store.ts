import { create } from 'zustand';
import type { RemoteProbe } from '../../../shared/endpoints';
import type { ErrorShape } from '../../../shared/errors';
import type { ErrorPlacement, WizardStep } from '../../lib/wizard-errors';

export type CredentialKind = 'password' | 'token' | 'none';

export interface WizardError extends ErrorPlacement {
  error: ErrorShape;
}

export interface WizardDraft {
  step: WizardStep;
  /** what the user typed in step 1: an address or a whole trust token */
  serverText: string;
  /** when a token lists several addresses, the one chosen */
  tokenAddress: string | null;
  probe: RemoteProbe | null;
  confirmed: boolean;
  name: string;
  nameEdited: boolean;
  credentialKind: CredentialKind;
  password: string;
  tokenText: string;
  error: WizardError | null;
}

interface WizardStore extends WizardDraft {
  patch(values: Partial<WizardDraft>): void;
  /** forget secrets when the dialog closes; everything else stays for next time */
  dropSecrets(): void;
  reset(): void;
}

const initial: WizardDraft = {
  step: 'server',
  serverText: '',
  tokenAddress: null,
  probe: null,
  confirmed: false,
  name: '',
  nameEdited: false,
  credentialKind: 'password',
  password: '',
  tokenText: '',
  error: null,
};

/**
 * The add-remote draft lives outside the dialog so nothing typed is lost when a request fails
 * or the dialog is closed by accident; it is cleared once the endpoint was added.
 */
export const useAddRemoteWizard = create<WizardStore>((set) => ({
  ...initial,
  patch: (values) => set(values),
  dropSecrets: () => set({ password: '' }),
  reset: () => set(initial),
}));
