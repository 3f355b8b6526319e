// Quotas on the content the mock keeps (octets of each object's JSON): per channel or
// collection, and all together. Pure of HTTP: a refusal is a StoreRefusal, which the
// pipeline answers (400, 413 or 507). Every object is serialised once as it comes in, to be
// measured; one that cannot be serialised could never be served back, so it is refused too.

/** Why the store would not keep objects. */
export class StoreRefusal extends Error {
  constructor(
    /** unservable: an object cannot be serialised; too-large: never fits the quota; full: not now. */
    readonly reason: 'unservable' | 'too-large' | 'full',
    message: string,
  ) {
    super(message);
  }
}

/** A channel or collection as the quota sees it. */
export interface Holder {
  readonly storedBytes: number;
  /** Drops what nobody needs any more (a channel: what every subscription has read). */
  reclaim?(): void;
}

export class StorageQuota {
  private total = Infinity;
  private perResource = Infinity;

  constructor(
    /** Octets held by every channel and collection together. */
    private readonly used: () => number,
    /** Reclaims in every holder. */
    private readonly reclaimAll: () => void,
  ) {}

  limit(total: number, perResource: number): void {
    this.total = total;
    this.perResource = perResource;
  }

  /** Throws a StoreRefusal unless `holder`, the `kind` named `name`, may keep `bytes` more. */
  admit(kind: 'channel' | 'collection', name: string, holder: Holder, bytes: number): void {
    const what = `${kind} ${JSON.stringify(name)}`;
    if (bytes > this.perResource) {
      throw new StoreRefusal('too-large', `these objects take ${bytes} octets, more than the ${this.perResource} a ${kind} may hold (maxStoredBytesPerResource)`);
    }
    if (holder.storedBytes + bytes > this.perResource) holder.reclaim?.();
    if (holder.storedBytes + bytes > this.perResource) {
      throw new StoreRefusal(
        'full',
        `${what} holds ${holder.storedBytes} octets of content; ${bytes} more would pass its quota of ${this.perResource} (maxStoredBytesPerResource). Try again once messages are read or purged`,
      );
    }
    if (this.used() + bytes > this.total) this.reclaimAll();
    const used = this.used();
    if (used + bytes > this.total) {
      throw new StoreRefusal(
        'full',
        `the mock holds ${used} octets of content; ${bytes} more would pass its total quota of ${this.total} (maxStoredBytes). Try again once messages are read, purged or deleted`,
      );
    }
  }
}

/** The size of each object as JSON (UTF-8 octets); refuses one that cannot be serialised. */
export function sizesOf(objects: readonly unknown[]): number[] {
  return objects.map((o, i) => {
    try {
      return Buffer.byteLength(JSON.stringify(o), 'utf8');
    } catch (e) {
      throw new StoreRefusal('unservable', `object ${i + 1} cannot be stored: it cannot be serialised back (${(e as Error).message})`);
    }
  });
}

/** A name → channel or collection map whose members come under the store's quota when added. */
export class QuotaMap<T extends { quota?: StorageQuota }> extends Map<string, T> {
  constructor(private readonly quota: StorageQuota) {
    super();
  }

  override set(name: string, holder: T): this {
    holder.quota = this.quota;
    return super.set(name, holder);
  }
}
