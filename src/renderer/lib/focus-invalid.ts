/**
 * After a submit that found problems: bring the first one into view and put the cursor there, so a
 * form never "does nothing visible" because its error is scrolled away (issue 15). The first
 * visible invalid field wins (Mantine sets aria-invalid on a field with an error); failing that,
 * the first visible alert. Returns what it focused.
 */
export function focusFirstInvalid(root: HTMLElement | null): HTMLElement | null {
  if (!root) return null;
  const visible = (el: HTMLElement): boolean => el.getClientRects().length > 0;
  const candidates = [
    ...root.querySelectorAll<HTMLElement>('[aria-invalid="true"]'),
    ...root.querySelectorAll<HTMLElement>('[role="alert"]'),
  ];
  const target = candidates.find(visible) ?? null;
  if (!target) return null;
  target.scrollIntoView({ block: 'center', behavior: 'smooth' });
  if (target.getAttribute('role') === 'alert' && !target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
  target.focus({ preventScroll: true });
  return target;
}
