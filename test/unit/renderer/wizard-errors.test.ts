import { describe, expect, it } from 'vitest';
import { BcmError } from '../../../src/shared/errors';
import { placeAddError, placeProbeError } from '../../../src/renderer/lib/wizard-errors';

describe('add-remote wizard error placement', () => {
  it('keeps probe errors at the server step', () => {
    expect(placeProbeError(new BcmError('UNREACHABLE', 'x'))).toEqual({ step: 'server', field: 'address' });
    expect(placeProbeError(new BcmError('INTERNAL', 'x'))).toEqual({ step: 'server' });
  });
  it('puts each add error where it belongs', () => {
    expect(placeAddError(new BcmError('AUTH_FAILED', 'x'))).toEqual({ step: 'credentials', field: 'credential' });
    expect(placeAddError(new BcmError('TOKEN_INVALID', 'x'))).toEqual({ step: 'credentials', field: 'credential' });
    expect(placeAddError(new BcmError('CONFLICT', 'x'))).toEqual({ step: 'credentials', field: 'name' });
    expect(placeAddError(new BcmError('CERT_MISMATCH', 'x'))).toEqual({ step: 'verify' });
    expect(placeAddError(new BcmError('UNREACHABLE', 'x'))).toEqual({ step: 'credentials' });
  });
  it('follows the path of a validation error', () => {
    const err = (path: string) => new BcmError('VALIDATION', 'x', { issues: [{ path: [path], message: 'bad' }] });
    expect(placeAddError(err('name'))).toEqual({ step: 'credentials', field: 'name' });
    expect(placeAddError(err('address'))).toEqual({ step: 'server', field: 'address' });
    expect(placeAddError(err('fingerprint'))).toEqual({ step: 'verify' });
    expect(placeAddError(new BcmError('VALIDATION', 'x'))).toEqual({ step: 'credentials' });
  });
});
