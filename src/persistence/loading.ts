// Start-up loading in slices: the readers are generators that yield their
// byte offset now and then; this drives one for a few milliseconds per
// event-loop turn, so the server, already listening, answers -LOADING (and
// INFO loading:1) while the dataset comes in, as Redis does.

/** Work done per event-loop turn while loading (ms). */
const SLICE_MS = 20;

export interface LoadProgress {
  /** Offset reached in the current file. */
  loaded(offset: number): void;
}

export async function drive<T>(steps: Generator<number, T>, progress: LoadProgress): Promise<T> {
  for (;;) {
    const deadline = performance.now() + SLICE_MS;
    let r = steps.next();
    while (r.done !== true && performance.now() < deadline) r = steps.next();
    if (r.done === true) return r.value;
    progress.loaded(r.value);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}
