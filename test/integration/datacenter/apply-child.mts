// Run by resume.test.ts as a separate process that is killed mid-apply (SIGKILL, like a crash).
// Usage: tsx apply-child.mts <home> <datacenter>
import { harnessAt } from './harness';

const [home, name] = process.argv.slice(2) as [string, string];
const h = await harnessAt(home);
h.service.subscribe(name, (e) => {
  if (e.type === 'step' && e.state === 'done') console.log(`done ${e.actionId}`);
});
const { done } = await h.service.apply(name);
await done;
console.log(`finished ${h.service.run(name)?.outcome}`);
