import { errorCode, validationField } from './errors';

export type WizardStep = 'server' | 'verify' | 'credentials';
export type WizardField = 'address' | 'name' | 'credential';

export interface ErrorPlacement {
  step: WizardStep;
  /** the field to mark; absent means an alert for the whole step */
  field?: WizardField;
}

/** Where an error of `endpoints.probeRemote` belongs in the add-remote wizard. */
export function placeProbeError(err: unknown): ErrorPlacement {
  const code = errorCode(err);
  if (code === 'UNREACHABLE' || code === 'VALIDATION') return { step: 'server', field: 'address' };
  return { step: 'server' };
}

/** Where an error of `endpoints.addRemote` belongs in the add-remote wizard. */
export function placeAddError(err: unknown): ErrorPlacement {
  switch (errorCode(err)) {
    case 'AUTH_FAILED':
    case 'TOKEN_INVALID':
      return { step: 'credentials', field: 'credential' };
    case 'CONFLICT':
      return { step: 'credentials', field: 'name' };
    case 'CERT_MISMATCH':
      return { step: 'verify' };
    case 'VALIDATION': {
      const field = validationField(err);
      if (field === 'name') return { step: 'credentials', field: 'name' };
      if (field === 'credential') return { step: 'credentials', field: 'credential' };
      if (field === 'address') return { step: 'server', field: 'address' };
      if (field === 'fingerprint') return { step: 'verify' };
      return { step: 'credentials' };
    }
    default:
      // UNREACHABLE and anything else: where the user pressed the button, so "try again" is one click.
      return { step: 'credentials' };
  }
}

export const wizardSteps: readonly WizardStep[] = ['server', 'verify', 'credentials'];

export function stepIndex(step: WizardStep): number {
  return wizardSteps.indexOf(step);
}
