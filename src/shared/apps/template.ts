/**
 * The manifests' template language: text with `{{ name }}` holes, each a dotted name of a fact
 * (`container.address`, `secret.db-password`, `role.bitcoin-node.host`). Nothing else: no
 * expressions, no filters, no loops, no shell. A name is checked when the manifest is read (its
 * namespace and shape) and again when the datacenter renders it (the fact must exist).
 * `{{ literal.open }}` writes "{{".
 */

const HOLE = /\{\{\s*([^{}]*?)\s*\}\}/g;
const NAME = /^[a-z][a-z0-9-]*(\.[a-z0-9][a-zA-Z0-9-]*)+$/;

/** namespace -> how many dotted parts after it a name has (at least, at most) */
const NAMESPACES: Record<string, { min: number; max: number; help: string }> = {
  datacenter: { min: 1, max: 1, help: 'datacenter.name, datacenter.chain' },
  app: { min: 1, max: 1, help: 'app.id' },
  container: { min: 1, max: 1, help: 'container.name, container.address' },
  gateway: { min: 1, max: 1, help: 'gateway.address, gateway.proxy, gateway.socks' },
  address: { min: 1, max: 1, help: 'address.<container>' },
  secret: { min: 1, max: 1, help: 'secret.<name declared in spec.secrets>' },
  role: { min: 2, max: 2, help: 'role.<role>.<fact>, e.g. role.bitcoin-node.host' },
  literal: { min: 1, max: 1, help: 'literal.open' },
};

/** The names a template uses, in order (duplicates kept once). */
export function templateRefs(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(HOLE)) {
    const ref = m[1] ?? '';
    if (!out.includes(ref)) out.push(ref);
  }
  return out;
}

/** What is wrong with a template's syntax and names (empty when nothing). */
export function templateIssues(text: string): string[] {
  const issues: string[] = [];
  const stripped = text.replace(HOLE, '');
  if (stripped.includes('{{') || stripped.includes('}}')) issues.push('An unclosed or malformed "{{ … }}" (write {{ literal.open }} for a literal "{{").');
  for (const ref of templateRefs(text)) {
    if (!NAME.test(ref)) {
      issues.push(`{{ ${ref} }} is not a fact name: a dotted name such as container.address (no expressions).`);
      continue;
    }
    const [ns, ...rest] = ref.split('.');
    const shape = NAMESPACES[ns ?? ''];
    if (!shape) {
      issues.push(`{{ ${ref} }}: unknown fact "${ns}". Known: ${Object.keys(NAMESPACES).join(', ')}.`);
      continue;
    }
    if (rest.length < shape.min || rest.length > shape.max) issues.push(`{{ ${ref} }}: expected ${shape.help}.`);
  }
  return issues;
}

export class TemplateError extends Error {
  constructor(readonly missing: string[]) {
    super(`No value for ${missing.map((m) => `{{ ${m} }}`).join(', ')}`);
  }
}

/** Fills every hole from `facts` (dotted name -> value); TemplateError names the facts it lacks. */
export function renderTemplate(text: string, facts: Readonly<Record<string, string>>): string {
  const missing: string[] = [];
  const out = text.replace(HOLE, (_all, ref: string) => {
    const value = ref === 'literal.open' ? '{{' : facts[ref];
    if (value === undefined) {
      if (!missing.includes(ref)) missing.push(ref);
      return '';
    }
    return value;
  });
  if (missing.length) throw new TemplateError(missing);
  return out;
}
