// Node's Buffer has fast latin1 slice/write methods that @types/node does not
// declare. Petrel uses them on the hot path: one char per byte, no UTF-8.
export {};

declare global {
  interface Buffer {
    latin1Slice(start?: number, end?: number): string;
    latin1Write(s: string, offset?: number, length?: number): number;
  }
}
