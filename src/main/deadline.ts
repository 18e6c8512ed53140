/**
 * `promise`, or what `late()` gives once `ms` have passed without an answer (a value, or a rejected
 * promise). The timer never keeps the process alive and is cleared when the promise settles first.
 */
export function withDeadline<T, L = never>(promise: Promise<T>, ms: number, late: () => L | Promise<L>): Promise<T | L> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<L>((resolve, reject) => {
    timer = setTimeout(() => {
      try {
        resolve(late());
      } catch (err) {
        reject(err instanceof Error ? err : new Error(String(err)));
      }
    }, ms);
    timer.unref();
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}
