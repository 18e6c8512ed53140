import { describe, expect, it } from 'vitest';
import { clientNameProblem } from '../../../src/renderer/tor/client-name';

describe('clientNameProblem', () => {
  it('accepts a fresh, tame name and says nothing while the field is empty', () => {
    expect(clientNameProblem('laptop-2', ['phone'])).toBeUndefined();
    expect(clientNameProblem('', ['phone'])).toBeUndefined();
  });
  it('refuses odd characters, edge dashes, long names and names in use', () => {
    expect(clientNameProblem('Laptop!', [])).toMatch(/Lower-case letters/);
    expect(clientNameProblem('-laptop', [])).toMatch(/inner dashes/);
    expect(clientNameProblem('a'.repeat(33), [])).toMatch(/at most 32/);
    expect(clientNameProblem('phone', ['phone'])).toMatch(/already authorised/);
  });
});
