import { BcmError, type ErrorCode } from '../../shared/errors';

/** The message to show for anything a request threw. BcmError messages are written for users. */
export function errorMessage(err: unknown): string {
  if (err instanceof BcmError) return err.message;
  if (err instanceof Error) return err.message;
  return String(err);
}

export function errorCode(err: unknown): ErrorCode | undefined {
  return err instanceof BcmError ? err.code : undefined;
}

/** Short titles for alerts, per error code. */
export function errorTitle(code: ErrorCode | undefined): string {
  switch (code) {
    case 'UNREACHABLE':
      return 'Server not reachable';
    case 'AUTH_FAILED':
      return 'Not accepted by the server';
    case 'TOKEN_INVALID':
      return 'Trust token not accepted';
    case 'CERT_MISMATCH':
      return 'Certificate changed';
    case 'CONFLICT':
      return 'Name already in use';
    case 'VALIDATION':
      return 'Check the highlighted value';
    case 'NOT_FOUND':
      return 'Not found';
    case 'LXD_MISSING':
      return 'LXD is not installed';
    case 'LXD_NOT_RUNNING':
      return 'LXD is not running';
    case 'PERMISSION_DENIED':
      return 'Permission denied';
    case 'STORE_ERROR':
      return 'Could not read or write ~/.bcm';
    default:
      return 'Something went wrong';
  }
}

/** The first path segment a VALIDATION error points at (e.g. "name"), if any. */
export function validationField(err: unknown): string | undefined {
  if (!(err instanceof BcmError) || err.code !== 'VALIDATION') return undefined;
  const issues = err.detail?.['issues'];
  if (!Array.isArray(issues)) return undefined;
  for (const issue of issues) {
    if (typeof issue === 'object' && issue !== null && 'path' in issue) {
      const path: unknown = issue.path;
      if (Array.isArray(path) && typeof path[0] === 'string') return path[0];
    }
  }
  return undefined;
}
