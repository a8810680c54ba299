/**
 * Sizes write transactions by time: after each one, the next holds as many
 * items as fit in `budgetMs` at the measured (smoothed) cost per item, so a
 * writer the main thread is holding back (a call record) waits about one
 * budget, however big the page, snapshot or sweep being applied.
 */
export interface TxnSizer {
  /** Items for the next transaction. */
  next(): number;
  /** Reports how long the last transaction of `items` items took. */
  measured(tookMs: number, items: number): void;
}

export interface TxnSizerOptions {
  readonly initial: number;
  readonly min: number;
  readonly max: number;
  readonly budgetMs: number;
}

export function createTxnSizer(options: TxnSizerOptions): TxnSizer {
  let target = Math.max(options.min, Math.min(options.max, options.initial));
  let msPerItem: number | null = null;
  return {
    next: () => target,
    measured(tookMs, items) {
      if (items <= 0) return;
      const perItem = tookMs / items;
      msPerItem = msPerItem === null ? perItem : 0.7 * msPerItem + 0.3 * perItem;
      // A transaction far over budget (a slow disk, a cold cache): trust it at once.
      if (perItem > msPerItem * 2) msPerItem = perItem;
      target = Math.round(Math.min(options.max, Math.max(options.min, options.budgetMs / Math.max(msPerItem, 0.001))));
    },
  };
}
