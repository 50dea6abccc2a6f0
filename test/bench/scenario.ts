/** Options every scenario accepts, from the command line. */
export interface ScenarioOptions {
  warmup: number;
  requests: number;
  /** Write a V8 CPU profile of the Keyholder server to this directory. */
  cpuProfileDir: string | null;
  /** Registry sizes in keys, for scenarios that compare sizes (`--sizes 10000,100000`). */
  sizes: number[] | null;
  /** Keep the seeded databases after the run and print their names and URLs (`--keep`). */
  keep: boolean;
}

/** A benchmark scenario runnable as `pnpm bench <name>`. */
export interface Scenario {
  name: string;
  summary: string;
  /** Defaults for this scenario when the command line does not say (else 2000 requests, 300 warm-up). */
  defaults?: Partial<Pick<ScenarioOptions, "requests" | "warmup">>;
  /** Runs the scenario and prints its results; resolves to whether its goal was met. */
  run(options: ScenarioOptions): Promise<boolean>;
}
