const NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

/** Why a client name cannot be used, or undefined when it can (or nothing is typed yet). */
export function clientNameProblem(name: string, taken: readonly string[]): string | undefined {
  if (name === '') return undefined;
  if (!NAME.test(name) || name.length > 32) return 'Lower-case letters, digits and inner dashes; at most 32 characters';
  if (taken.includes(name)) return 'A client with this name is already authorised';
  return undefined;
}
