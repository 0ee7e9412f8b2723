/** A fixed-capacity FIFO: O(1) push, the oldest entry falls out when full. */
export class Ring<T> {
  private readonly items: Array<T | undefined>;
  private start = 0;
  private size = 0;

  constructor(readonly capacity: number) {
    this.items = new Array<T | undefined>(Math.max(1, capacity));
  }

  /** Adds an entry; returns the one it pushed out, if any. */
  push(item: T): T | undefined {
    const cap = this.items.length;
    if (this.size < cap) {
      this.items[(this.start + this.size) % cap] = item;
      this.size++;
      return undefined;
    }
    const evicted = this.items[this.start];
    this.items[this.start] = item;
    this.start = (this.start + 1) % cap;
    return evicted;
  }

  /** Oldest first. */
  *[Symbol.iterator](): IterableIterator<T> {
    const cap = this.items.length;
    for (let i = 0; i < this.size; i++) yield this.items[(this.start + i) % cap] as T;
  }

  get length(): number {
    return this.size;
  }
}
