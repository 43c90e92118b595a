/** One figure a benchmark reports. `ok` says whether `target` was met, when there is a target. */
export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  target?: string;
  ok?: boolean;
  note?: string;
}
