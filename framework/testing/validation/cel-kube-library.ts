import { type Environment } from '@marcbachmann/cel-js';
import { compileGoRegex } from './go-regex.js';

type Comparable = bigint | number | string;

/**
 * The parts of kube-apiserver's CEL extension libraries (strings, lists, regex, URLs) that the CEL
 * library does not provide itself, registered on the environment used for CRD rules.
 */
export function registerKubeLibrary(environment: Environment): void {
  environment
    .registerFunction('string.replace(string, string): string', (text: string, from: string, to: string) => text.split(from).join(to))
    .registerFunction('string.replace(string, string, int): string', (text: string, from: string, to: string, count: bigint) => replaceN(text, from, to, Number(count)))
    .registerFunction('string.find(string): string', (text: string, pattern: string) => compileGoRegex(pattern).exec(text)?.[0] ?? '')
    .registerFunction('string.findAll(string): list<string>', (text: string, pattern: string) => findAll(text, pattern))
    .registerFunction('isURL(string): bool', (text: string) => text.startsWith('/') || URL.canParse(text))
    .registerFunction('list<dyn>.sum(): dyn', (list: Comparable[]) => list.reduce((a, b) => (a as number) + (b as number), typeof list[0] === 'number' ? 0 : 0n))
    .registerFunction('list<dyn>.min(): dyn', (list: Comparable[]) => extreme(list, (a, b) => a < b))
    .registerFunction('list<dyn>.max(): dyn', (list: Comparable[]) => extreme(list, (a, b) => a > b))
    .registerFunction('list<dyn>.isSorted(): bool', (list: Comparable[]) => list.every((item, i) => i === 0 || list[i - 1] <= item));
}

function findAll(text: string, pattern: string): string[] {
  const regex = compileGoRegex(pattern);
  return [...text.matchAll(new RegExp(regex.source, `${regex.flags}g`))].map((match) => match[0]);
}

function replaceN(text: string, from: string, to: string, count: number): string {
  if (count < 0) return text.split(from).join(to);
  let result = text;
  let start = 0;
  for (let i = 0; i < count; i++) {
    const index = result.indexOf(from, start);
    if (index < 0) break;
    result = result.slice(0, index) + to + result.slice(index + from.length);
    start = index + to.length;
  }
  return result;
}

function extreme(list: Comparable[], better: (a: Comparable, b: Comparable) => boolean): Comparable {
  if (list.length === 0) throw new Error('min/max of an empty list');
  return list.reduce((best, item) => (better(item, best) ? item : best));
}
