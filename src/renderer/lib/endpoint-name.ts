/** Suggests a valid endpoint name (see endpointNameSchema) from a server name or host. */
export function suggestEndpointName(
  source: string | undefined,
  taken: readonly string[] = [],
  fallback = 'remote',
): string {
  const base = sanitiseName(hostLabel(source ?? '')) || fallback;
  if (!taken.includes(base)) return base;
  for (let i = 2; i < 1000; i += 1) {
    const suffix = `-${i}`;
    const candidate = `${base.slice(0, 63 - suffix.length).replace(/-+$/, '')}${suffix}`;
    if (!taken.includes(candidate)) return candidate;
  }
  return base;
}

/** "nas.local:8443" -> "nas"; IP addresses say nothing about the machine, so they give "". */
export function hostLabel(source: string): string {
  const host = source
    .trim()
    .replace(/^\[|\](:\d+)?$/g, '')
    .replace(/:\d+$/, '');
  if (/^[\d.]+$/.test(host) || host.includes(':')) return '';
  return host.split('.')[0] ?? '';
}

/** Lower-case letters, digits and inner dashes, at most 63 characters. */
export function sanitiseName(text: string): string {
  return text
    .toLowerCase()
    .replace(/\[|\]/g, '')
    .replace(/:\d+$/, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/, '');
}

/** Same rule as endpointNameSchema, for instant feedback while typing. */
export function endpointNameProblem(name: string): string | null {
  if (name.length === 0) return 'A name is required';
  if (name.length > 63) return 'At most 63 characters';
  if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(name)) return 'Lower-case letters, digits and inner dashes only';
  return null;
}
